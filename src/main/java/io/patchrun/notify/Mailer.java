package io.patchrun.notify;

import java.util.List;

/** Sends plain-text e-mail through the configured SMTP server. */
@FunctionalInterface
public interface Mailer {

    void send(List<String> to, String subject, String body) throws DeliveryException;
}
