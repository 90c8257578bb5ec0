package io.patchrun.history;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which version of an image a rollback goes to: the tag asked for, or by default the newest version built
 * before the current one that is still kept. A version that was pruned, or whose image the engine no longer
 * has, is refused, naming the versions still kept.
 */
public final class RollbackChoice {

    private RollbackChoice() {
    }

    /**
     * @param tag      the version asked for, or {@code null} for the one before the current
     * @param versions the image's versions, newest first, as {@link VersionHistory#versions} gives them
     * @param onEngine whether the engine still has the image tagged with a version's tag
     * @throws UnavailableVersionException when there is no such version, no prior one, or its image is gone
     */
    public static ImageVersion choose(String image, String tag, List<ImageVersion> versions, Predicate<String> onEngine) {
        ImageVersion target = tag != null ? asked(image, tag, versions) : prior(image, versions);
        if (target.pruned() || !onEngine.test(target.tag())) {
            List<String> kept = versions.stream().filter(v -> !v.pruned()).map(ImageVersion::tag).toList();
            throw new UnavailableVersionException("version " + target.tag() + " of " + image
                    + " was pruned and its image is gone; roll back to one of " + kept);
        }
        return target;
    }

    private static ImageVersion asked(String image, String tag, List<ImageVersion> versions) {
        return versions.stream().filter(v -> v.tag().equals(tag)).findFirst().orElseThrow(() -> new UnavailableVersionException(
                "image " + image + " has no version '" + tag + "'; its versions are " + versions.stream().map(ImageVersion::tag).toList()));
    }

    private static ImageVersion prior(String image, List<ImageVersion> versions) {
        ImageVersion current = versions.stream().filter(ImageVersion::current).findFirst().orElse(null);
        return versions.stream().filter(v -> !v.current() && !v.pruned())
                .filter(v -> current == null || v.builtAt().isBefore(current.builtAt())).findFirst()
                .orElseThrow(() -> new UnavailableVersionException("image " + image + " has no prior version to roll back to"
                        + (current == null ? "" : " (current: " + current.tag() + ")")));
    }
}
