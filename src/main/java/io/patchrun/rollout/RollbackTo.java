package io.patchrun.rollout;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.patchrun.container.Containers;
import io.patchrun.container.ImageInfo;
import io.patchrun.image.ImageRef;
import io.patchrun.image.InvalidReferenceException;

/**
 * Rolls every running container of an image back to one of its prior versions, through the same health
 * gate and automatic rollback as a rollout.
 */
public final class RollbackTo {

    private final Containers containers;
    private final ContainerRollouts fleet;

    public RollbackTo(Containers containers, ContainerRollouts fleet) {
        this.containers = Objects.requireNonNull(containers, "containers");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
    }

    /**
     * @param image the image whose containers go back
     * @param prior a tag of that image, or an image id; an id is used through a tag of {@code image}'s name
     *              when it has one, so the containers are still found as containers of {@code image}
     * @throws IllegalArgumentException when {@code prior} names no image on the engine
     */
    public List<RolloverResult> rollBack(ImageRef image, String prior, RolloutPolicy policy) {
        return rollBack(image, prior, policy, List.of());
    }

    /**
     * The same, for the containers on the engines named {@code engines} (empty: every engine of the fleet), each of which
     * must have {@code prior} under the same tag.
     */
    public List<RolloverResult> rollBack(ImageRef image, String prior, RolloutPolicy policy, List<String> engines) {
        return fleet.rollOut(List.of(new RolloutTarget(image, reference(image, prior), policy, engines)));
    }

    private String reference(ImageRef image, String prior) {
        Optional<String> tagged = asTag(image, prior).filter(reference -> containers.inspectImage(reference).isPresent());
        if (tagged.isPresent()) {
            return tagged.get();
        }
        ImageInfo info = containers.inspectImage(prior).orElseThrow(() -> new IllegalArgumentException(
                "cannot roll " + image.familiarName() + " back to '" + prior + "': no image with that tag or id is on the engine"));
        return info.repoTags().stream().filter(tag -> sameName(tag, image)).findFirst().orElse(info.id());
    }

    private static Optional<String> asTag(ImageRef image, String prior) {
        try {
            return Optional.of(image.withTag(prior).familiar());
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }

    private static boolean sameName(String reference, ImageRef image) {
        try {
            return ImageRef.parse(reference).sameName(image);
        } catch (InvalidReferenceException e) {
            return false;
        }
    }
}
