package io.patchrun.build;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.Redaction;

/**
 * The labels every built image carries: where it came from, what it is built on, and which run made it.
 *
 * @param source     the Git repository the Dockerfile is in; a user name and password in its URL are left out, since
 *                   anyone who can pull the image reads its labels
 * @param revision   the commit built
 * @param created    when the build started
 * @param base       the image the final stage is built FROM
 * @param baseDigest the digest {@code base} had at build time, or {@code null} when unknown (a local-only base)
 * @param pipeline   the pipeline the image belongs to
 * @param run        the patch run that built it
 */
public record BuildLabels(String source, String revision, Instant created, ImageRef base, Digest baseDigest,
        String pipeline, String run) {

    public static final String SOURCE = "org.opencontainers.image.source";
    public static final String REVISION = "org.opencontainers.image.revision";
    public static final String CREATED = "org.opencontainers.image.created";
    public static final String BASE_NAME = "org.opencontainers.image.base.name";
    public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";
    public static final String PIPELINE = "io.patchrun.pipeline";
    public static final String RUN = "io.patchrun.run";

    public BuildLabels {
        requireText(source, "source");
        source = Redaction.userInfo(source);
        requireText(revision, "revision");
        Objects.requireNonNull(created, "build labels need the creation time");
        created = created.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(base, "build labels need the base image");
        requireText(pipeline, "pipeline");
        requireText(run, "run");
    }

    /** The labels in a stable order; the base digest is left out when unknown. */
    public Map<String, String> toMap() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SOURCE, source);
        labels.put(REVISION, revision);
        labels.put(CREATED, created.toString());
        labels.put(BASE_NAME, base.toString());
        if (baseDigest != null) {
            labels.put(BASE_DIGEST, baseDigest.value());
        }
        labels.put(PIPELINE, pipeline);
        labels.put(RUN, run);
        return labels;
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("build labels need the " + what);
        }
    }
}
