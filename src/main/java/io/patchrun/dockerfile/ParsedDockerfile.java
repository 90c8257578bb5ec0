package io.patchrun.dockerfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a Dockerfile is built from.
 *
 * @param stages     every stage, in file order; never empty
 * @param bases      the external images used ({@code FROM}, {@code COPY --from}, {@code RUN --mount from}),
 *                   once each by full reference, in order of first use; stages and {@code scratch} are not images
 * @param directives the parser directives ({@code syntax}, {@code escape}, {@code check}) by lower-case name
 */
public record ParsedDockerfile(List<Stage> stages, List<BaseUse> bases, Map<String, String> directives) {

    public ParsedDockerfile {
        stages = List.copyOf(Objects.requireNonNull(stages, "stages"));
        bases = List.copyOf(Objects.requireNonNull(bases, "bases"));
        directives = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(directives, "directives")));
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a parsed Dockerfile has at least one stage");
        }
    }

    /** Whether any base is pinned to a digest, so its updates will not reach this image by themselves. */
    public boolean anyPinned() {
        return bases.stream().anyMatch(base -> base.ref().pinned());
    }

    /** The last stage: what {@code docker build} produces when no target is given. */
    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }
}
