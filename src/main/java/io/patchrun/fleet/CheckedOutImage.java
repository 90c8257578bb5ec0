package io.patchrun.fleet;

import java.util.List;

import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.source.Revision;

/**
 * One image of a fleet as read from Git: where its Dockerfile and context are, at which commit, and which
 * images it is built from. A run builds it from a checkout of exactly that commit. When the repository or
 * the Dockerfile could not be read, {@code error} says why and the rest is unknown.
 *
 * @param spec       the image as the pipeline file gives it
 * @param repository the repository URL as the pipeline file gives it (resolved), without user name or password
 * @param pushedName where the rebuilt image is pushed, or {@code null} when the pipeline does not push
 * @param revision   the commit its Dockerfile was read from, or {@code null} when the repository could not be fetched
 * @param bases      every external image its Dockerfile uses, in order
 * @param finalBase  the image its final stage is built FROM, or {@code null} for {@code scratch} or unknown
 * @param error      why it could not be read, or {@code null}
 */
public record CheckedOutImage(ImageSpec spec, String repository, ImageRef pushedName, Revision revision,
                               List<ImageRef> bases, ImageRef finalBase, String error) {

    public CheckedOutImage {
        bases = bases == null ? List.of() : List.copyOf(bases);
    }

    public String name() {
        return spec.name();
    }

    public boolean readable() {
        return error == null;
    }
}
