package io.patchrun.rollout;

/**
 * The commands the pipeline runs in an image's containers around their rollover; a container's own lifecycle labels
 * take the place of either (see {@link ContainerLabels#hooks}).
 *
 * @param preUpdate  run in the old container before it is asked to stop, or {@code null}
 * @param postUpdate run in the new container once it passed and was kept, or {@code null}
 */
public record Hooks(Hook preUpdate, Hook postUpdate) {

    public static final Hooks NONE = new Hooks(null, null);
}
