package io.patchrun.notify;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.patchrun.pipeline.NotifySpec;

/**
 * Tells a pipeline's targets about its ended runs, at the pipeline's level, and about base updates that became
 * pending when the pipeline asks for that. Sending happens on {@code executor}, never on the run's thread.
 */
public final class Notifier implements RunEndListener {

    private final Messages messages;
    private final Deliveries deliveries;
    private final HttpClient http;
    private final Mailer mailer;
    private final Executor executor;

    public Notifier(Messages messages, Deliveries deliveries, HttpClient http, Mailer mailer, Executor executor) {
        this.messages = messages;
        this.deliveries = deliveries;
        this.http = http;
        this.mailer = mailer;
        this.executor = executor;
    }

    @Override
    public void runEnded(EndedRun run) {
        NotifySpec spec = run.notifications();
        if (spec.hasTargets() && run.worthTelling(spec.level())) {
            send(messages.ended(run), spec);
        }
    }

    /** A base update became pending for {@code pipeline}: said only when its {@code notify} has {@code pending: true}. */
    public void updatePending(String pipeline, NotifySpec spec, List<String> bases) {
        if (spec.hasTargets() && spec.pending()) {
            send(messages.pending(pipeline, bases), spec);
        }
    }

    private void send(Notice notice, NotifySpec spec) {
        for (Target target : targets(spec)) {
            executor.execute(() -> deliveries.deliver(notice, target));
        }
    }

    List<Target> targets(NotifySpec spec) {
        List<Target> targets = new ArrayList<>();
        if (spec.webhook() != null) {
            targets.add(HttpTarget.webhook(spec.webhook(), http));
        }
        if (spec.slack() != null) {
            targets.add(HttpTarget.slack(spec.slack(), http));
        }
        if (!spec.emailTo().isEmpty()) {
            targets.add(new MailTarget(spec.emailTo(), mailer));
        }
        return targets;
    }
}
