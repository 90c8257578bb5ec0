package io.patchrun.pipeline;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whom a pipeline tells when its runs end ({@code notify:} in the pipeline file), and about which runs.
 *
 * @param level   which ended runs are worth a message
 * @param pending whether a base update that becomes pending is worth one too
 * @param webhook generic JSON receiver, or {@code null}
 * @param slack   Slack-compatible incoming webhook (Mattermost and Rocket.Chat accept the same), or {@code null}
 * @param emailTo e-mail recipients, empty for none
 */
public record NotifySpec(Level level, boolean pending, URI webhook, URI slack, List<String> emailTo) {

    /** No targets: nobody is told anything. */
    public static final NotifySpec NONE = new NotifySpec(Level.FAILURES, false, null, null, List.of());

    public enum Level {
        /** Runs that ended FAILED, PARTIAL or ROLLED_BACK, and runs where the policy refused a container. */
        FAILURES,
        /** Those, and every run that built or rolled something. */
        CHANGES,
        /** Every run. */
        ALWAYS;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public NotifySpec {
        Objects.requireNonNull(level, "level");
        emailTo = emailTo == null ? List.of() : List.copyOf(emailTo);
        if (webhook != null) {
            FieldRules.httpUrl(webhook.toString()).ifPresent(problem -> fail("webhook.url", problem));
        }
        if (slack != null) {
            FieldRules.httpUrl(slack.toString()).ifPresent(problem -> fail("slack.url", problem));
        }
        emailTo.forEach(address -> FieldRules.emailAddress(address).ifPresent(problem -> fail("email.to", problem)));
    }

    public boolean hasTargets() {
        return webhook != null || slack != null || !emailTo.isEmpty();
    }

    private static void fail(String field, String problem) {
        throw new IllegalArgumentException("notify." + field + " " + problem);
    }
}
