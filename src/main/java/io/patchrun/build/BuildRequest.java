package io.patchrun.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.patchrun.image.ImageRef;

/**
 * What to build: one image from a checkout.
 *
 * @param image        the image repository the build is for ({@code demo/web}), used in messages
 * @param contextDir   the checkout folder (the repository root) that {@code dockerfile} and {@code context} are relative to
 * @param dockerfile   the Dockerfile's path relative to the repository root ({@code Dockerfile}, {@code web/Dockerfile})
 * @param buildArgs    {@code --build-arg} values
 * @param pullUpstream whether to pull newer upstream bases first ({@code --pull}); only when every base is in a
 *                     reachable registry, not for images built FROM fleet images that exist only locally
 * @param tags         full references to tag the result with ({@code demo/web:latest})
 * @param labels       labels the image gets
 * @param context      the build context folder relative to the repository root, or {@code null} for the
 *                     Dockerfile's folder; the Dockerfile must be inside it
 * @param bases        every image the Dockerfile is built from or copies from; the engine gets the logins of
 *                     their registries, so that it can pull them from registries that want one
 */
public record BuildRequest(String image, Path contextDir, String dockerfile, Map<String, String> buildArgs,
        boolean pullUpstream, List<String> tags, Map<String, String> labels, String context, List<ImageRef> bases) {

    public BuildRequest {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("a build request needs the image it is for");
        }
        Objects.requireNonNull(contextDir, () -> "the build of " + image + " needs a checkout folder");
        if (dockerfile == null || dockerfile.isBlank()) {
            throw new IllegalArgumentException("the build of " + image + " needs a Dockerfile path");
        }
        requireInside(image, "Dockerfile", dockerfile);
        if (context != null) {
            requireInside(image, "build context", context);
        }
        buildArgs = Map.copyOf(buildArgs == null ? Map.of() : buildArgs);
        tags = List.copyOf(tags == null ? List.of() : tags);
        tags.forEach(ImageRef::parse);
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        bases = List.copyOf(bases == null ? List.of() : bases);
        Path file = contextDir.resolve(dockerfile).normalize();
        Path folder = context == null ? file.getParent() : contextDir.resolve(context).normalize();
        if (!file.startsWith(folder)) {
            throw new IllegalArgumentException("the Dockerfile " + dockerfile + " of " + image
                    + " is outside its build context " + context);
        }
    }

    /**
     * A request whose build context is the Dockerfile's folder, the pipeline file's default, and whose bases
     * need no login.
     */
    public BuildRequest(String image, Path contextDir, String dockerfile, Map<String, String> buildArgs,
            boolean pullUpstream, List<String> tags, Map<String, String> labels) {
        this(image, contextDir, dockerfile, buildArgs, pullUpstream, tags, labels, null, List.of());
    }

    /** The registries the engine may pull the bases from ({@code docker.io}, {@code 127.0.0.1:5001}), each once. */
    public List<String> baseRegistries() {
        return bases.stream().map(ImageRef::registry).distinct().sorted().toList();
    }

    /** The Dockerfile on disk. */
    public Path dockerfilePath() {
        return contextDir.resolve(dockerfile).normalize();
    }

    /** The folder sent to the engine as the build context. */
    public Path contextPath() {
        return context == null ? dockerfilePath().getParent() : contextDir.resolve(context).normalize();
    }

    private static void requireInside(String image, String what, String path) {
        Path relative = Path.of(path).normalize();
        if (relative.isAbsolute() || relative.startsWith("..")) {
            throw new IllegalArgumentException("the " + what + " of " + image + " must be a path inside the repository, not " + path);
        }
    }
}
