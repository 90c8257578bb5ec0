package io.patchrun.notify;

import java.util.List;

/** A notice as an e-mail: its subject line, its readable summary as the body. */
public final class MailTarget implements Target {

    private final List<String> to;
    private final Mailer mailer;

    public MailTarget(List<String> to, Mailer mailer) {
        this.to = List.copyOf(to);
        this.mailer = mailer;
    }

    @Override
    public String describe() {
        return "email " + String.join(", ", to);
    }

    @Override
    public void send(Notice notice) throws DeliveryException {
        mailer.send(to, notice.subject(), notice.text());
    }
}
