package io.patchrun.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A Git repository and the images built from it.
 *
 * @param url    what Git clones: an absolute path (relative ones in the file are resolved against its
 *               folder), or a {@code file://}, http(s) or ssh URL as written
 * @param ref    branch or tag, or {@code null} for the remote's HEAD
 * @param images the images built from it, at least one, in file order
 */
public record RepositorySpec(String url, String ref, List<ImageSpec> images) {

    public RepositorySpec {
        Objects.requireNonNull(url, "url");
        if (url.isBlank()) {
            throw new IllegalArgumentException("repository url must not be empty");
        }
        if (ref != null && ref.isBlank()) {
            throw new IllegalArgumentException("repository ref must not be empty; leave it out for the remote's HEAD");
        }
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("repository " + url + " must list at least one image");
        }
    }
}
