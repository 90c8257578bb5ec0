package io.patchrun.history;

import java.time.Instant;

/**
 * What Patchrun last knew of one upstream base reference.
 *
 * @param ref       the reference as the Dockerfiles use it ({@code debian:12})
 * @param digest    the digest last seen, or {@code null} when never seen
 * @param checkedAt when it was last asked for
 * @param changedAt when its digest last changed (first sighting counts)
 * @param problem   why the last check failed, or {@code null}
 */
public record BaseState(String ref, String digest, Instant checkedAt, Instant changedAt, String problem) {
}
