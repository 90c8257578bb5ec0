package io.patchrun.notify;

import java.util.Objects;

/**
 * One message, rendered for every kind of target.
 *
 * @param runId   the run it reports, or {@code 0} for a pending update (which belongs to no run)
 * @param subject one line: the e-mail subject
 * @param text    the readable summary: the Slack text and the e-mail body
 * @param json    the generic webhook's payload
 */
public record Notice(long runId, String pipeline, String subject, String text, String json) {

    public Notice {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(json, "json");
    }
}
