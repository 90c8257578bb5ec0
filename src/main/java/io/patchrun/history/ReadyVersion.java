package io.patchrun.history;

import java.time.Instant;

/**
 * A version that passed its smoke test outside its pipeline's maintenance window and waits for it to open.
 *
 * @param runId the run that built it
 * @param since when it became ready
 */
public record ReadyVersion(String image, String pipeline, String tag, long runId, Instant since) {
}
