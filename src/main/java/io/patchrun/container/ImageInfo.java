package io.patchrun.container;

import java.util.List;
import java.util.Objects;

/**
 * An image on the engine.
 *
 * @param id       its id ({@code sha256:...})
 * @param repoTags the references it is tagged as, sorted
 * @param defaults what it sets for the containers made from it
 */
public record ImageInfo(String id, List<String> repoTags, ImageConfig defaults) {

    public ImageInfo {
        Objects.requireNonNull(id, "id");
        repoTags = repoTags == null ? List.of() : repoTags.stream().sorted().toList();
        Objects.requireNonNull(defaults, "defaults");
    }

    /** The id without the algorithm, 12 characters long, as the Docker CLI shows it. */
    public String shortId() {
        String hex = id.substring(id.indexOf(':') + 1);
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
