package io.patchrun.fleet;

import java.nio.file.Path;
import java.util.List;

import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.source.Checkout;

/**
 * One image of a fleet as read from Git: where its Dockerfile and context are, at which commit, and which
 * images it is built from. When the repository or the Dockerfile could not be read, {@code error} says
 * why and the rest is unknown.
 *
 * @param spec       the image as the pipeline file gives it
 * @param repository the repository URL as the pipeline file gives it (resolved), without user name or password
 * @param pushedName where the rebuilt image is pushed, or {@code null} when the pipeline does not push
 * @param checkout   the checked-out commit, or {@code null} when the repository could not be read
 * @param bases      every external image its Dockerfile uses, in order
 * @param finalBase  the image its final stage is built FROM, or {@code null} for {@code scratch} or unknown
 * @param error      why it could not be read, or {@code null}
 */
public record CheckedOutImage(ImageSpec spec, String repository, ImageRef pushedName, Checkout checkout,
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

    public Path contextDir() {
        return checkout.dir().resolve(spec.context()).normalize();
    }

    public Path dockerfile() {
        return checkout.dir().resolve(spec.dockerfile()).normalize();
    }
}
