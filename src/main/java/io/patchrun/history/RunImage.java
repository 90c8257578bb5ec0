package io.patchrun.history;

import java.util.List;

/**
 * What a run did to one image: the CONTRACT's run image, plus its build log on request.
 *
 * @param containers the containers it rolled over (or tried to)
 * @param skipped    the containers of the image it left alone on purpose, with why
 * @param placements the engine each of {@code containers} is on, in the same order; empty in records made before engines had names
 */
public record RunImage(String name, ImageStatus status, String tag, String baseDigest, String commit, Long buildMillis,
                       List<String> containers, String message, List<SkippedContainer> skipped, List<Placement> placements) {

    public RunImage {
        containers = containers == null ? List.of() : List.copyOf(containers);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        placements = placements == null ? List.of() : List.copyOf(placements);
    }

    /** An image whose containers' engines are not given. */
    public RunImage(String name, ImageStatus status, String tag, String baseDigest, String commit, Long buildMillis,
                    List<String> containers, String message, List<SkippedContainer> skipped) {
        this(name, status, tag, baseDigest, commit, buildMillis, containers, message, skipped, List.of());
    }

    /** An image none of whose containers was left alone. */
    public RunImage(String name, ImageStatus status, String tag, String baseDigest, String commit, Long buildMillis,
                    List<String> containers, String message) {
        this(name, status, tag, baseDigest, commit, buildMillis, containers, message, List.of());
    }

    public static RunImage pending(String name) {
        return new RunImage(name, ImageStatus.PENDING, null, null, null, null, List.of(), null);
    }

    public RunImage with(ImageStatus newStatus, String newMessage) {
        return new RunImage(name, newStatus, tag, baseDigest, commit, buildMillis, containers, newMessage, skipped, placements);
    }
}
