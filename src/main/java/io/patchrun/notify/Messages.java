package io.patchrun.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.patchrun.time.Durations;

/**
 * Renders what a notification says: the generic webhook's JSON (documented in the README, "Notifications"),
 * and a readable summary for Slack-compatible webhooks and e-mail. Links point at the run page under the
 * configured external URL.
 */
public final class Messages {

    private final String externalUrl;

    /** @param externalUrl how the UI is reached from where messages are read, e.g. {@code https://patchrun.example.com} */
    public Messages(URI externalUrl) {
        String text = externalUrl.toString();
        this.externalUrl = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    String runLink(long id) {
        return externalUrl + "/runs/" + id;
    }

    public Notice ended(EndedRun run) {
        String link = runLink(run.id());
        String subject = "[patchrun] " + run.pipeline() + ": run " + run.id() + " " + run.status();
        return new Notice(run.id(), run.pipeline(), subject, summary(run, link), Json.write(payload(run, link)));
    }

    /** A base update that became pending for {@code pipeline}: it waits for the next patch run. */
    public Notice pending(String pipeline, List<String> bases) {
        String subject = "[patchrun] " + pipeline + ": base update pending";
        String text = "Pipeline " + pipeline + " has a base update pending (" + String.join(", ", bases)
                + "); its images are rebuilt at the next patch run.\n" + externalUrl + "/";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", "update-pending");
        json.put("pipeline", pipeline);
        json.put("bases", bases);
        json.put("link", externalUrl + "/");
        return new Notice(0, pipeline, subject, text, Json.write(json));
    }

    private static Map<String, Object> payload(EndedRun run, String link) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", "run-ended");
        json.put("id", run.id());
        json.put("pipeline", run.pipeline());
        json.put("status", run.status());
        json.put("trigger", run.trigger());
        json.put("startedAt", run.startedAt() == null ? null : run.startedAt().toString());
        json.put("endedAt", run.endedAt() == null ? null : run.endedAt().toString());
        json.put("message", run.message());
        json.put("link", link);
        List<Object> images = new ArrayList<>();
        for (EndedRun.ImageChange image : run.images()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", image.name());
            entry.put("status", image.status());
            entry.put("tag", image.tag());
            Map<String, Object> digests = new LinkedHashMap<>();
            digests.put("old", String.valueOf(image.oldBaseDigest()));
            digests.put("new", String.valueOf(image.newBaseDigest()));
            entry.put("baseDigest", digests);
            entry.put("message", image.message());
            entry.put("containers", image.containers().stream().map(Messages::container).toList());
            images.add(entry);
        }
        json.put("images", images);
        return json;
    }

    private static Map<String, Object> container(EndedRun.ContainerChange container) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", container.name());
        entry.put("outcome", container.outcome());
        entry.put("reason", container.reason());
        entry.put("outageMillis", container.outage().toMillis());
        return entry;
    }

    private static String summary(EndedRun run, String link) {
        StringBuilder text = new StringBuilder();
        text.append("Patch run ").append(run.id()).append(" of pipeline ").append(run.pipeline()).append(" ended ")
                .append(run.status()).append(" (").append(run.trigger()).append(")");
        if (run.message() != null) {
            text.append(": ").append(run.message());
        }
        text.append('\n');
        for (EndedRun.ImageChange image : run.images()) {
            text.append("• ").append(image.name()).append(' ').append(image.status());
            if (image.tag() != null) {
                text.append(" (").append(image.tag()).append(')');
            }
            if (image.newBaseDigest() != null && !image.newBaseDigest().equals(image.oldBaseDigest())) {
                text.append(", base ").append(shortDigest(image.oldBaseDigest())).append(" → ").append(shortDigest(image.newBaseDigest()));
            }
            if (image.message() != null) {
                text.append(": ").append(image.message());
            }
            text.append('\n');
            for (EndedRun.ContainerChange container : image.containers()) {
                text.append("    ").append(container.name()).append(' ').append(container.outcome().toLowerCase().replace('_', ' '));
                if (!container.outage().isZero()) {
                    text.append(", outage ").append(Durations.describe(container.outage()));
                }
                if (container.reason() != null) {
                    text.append(": ").append(container.reason());
                }
                text.append('\n');
            }
        }
        return text.append(link).append('\n').toString();
    }

    private static String shortDigest(String digest) {
        if (digest == null) {
            return "none";
        }
        int colon = digest.indexOf(':');
        return digest.substring(0, Math.min(digest.length(), colon + 13));
    }
}
