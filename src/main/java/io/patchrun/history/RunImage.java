package io.patchrun.history;

import java.util.List;

/** What a run did to one image: the CONTRACT's run image, plus its build log on request. */
public record RunImage(String name, ImageStatus status, String tag, String baseDigest, String commit, Long buildMillis,
                       List<String> containers, String message) {

    public RunImage {
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    public static RunImage pending(String name) {
        return new RunImage(name, ImageStatus.PENDING, null, null, null, null, List.of(), null);
    }

    public RunImage with(ImageStatus newStatus, String newMessage) {
        return new RunImage(name, newStatus, tag, baseDigest, commit, buildMillis, containers, newMessage);
    }
}
