package io.patchrun.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.patchrun.image.ImageRef;

/**
 * One image a pipeline builds from a repository.
 *
 * @param name       image name the build is tagged as, without tag or digest ({@code demo/web})
 * @param dockerfile path of the Dockerfile in the repository, normalised ({@code Dockerfile})
 * @param context    build context in the repository, normalised; {@code .} is the repository root
 * @param buildArgs  build arguments in file order
 * @param smoke      smoke test; {@link SmokeSpec#NONE} when the file gives none
 * @param rollout    rollout settings; {@link RolloutSpec#DEFAULTS} when the file gives none
 * @param hooks      commands run in its containers around their rollover; {@link HooksSpec#NONE} when the file gives none
 * @param engines    the engines whose containers of it roll over, by name ({@code engines:}); empty means the build engine
 */
public record ImageSpec(String name, String dockerfile, String context, Map<String, String> buildArgs,
                        SmokeSpec smoke, RolloutSpec rollout, HooksSpec hooks, List<String> engines) {

    public static final String DEFAULT_DOCKERFILE = "Dockerfile";

    public ImageSpec {
        Objects.requireNonNull(name, "name");
        FieldRules.imageName(name).ifPresent(problem -> fail("name", problem));
        dockerfile = FieldRules.repositoryPath(dockerfile, problem -> fail("dockerfile", problem));
        context = FieldRules.repositoryPath(context, problem -> fail("context", problem));
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        Objects.requireNonNull(smoke, "smoke");
        Objects.requireNonNull(rollout, "rollout");
        hooks = hooks == null ? HooksSpec.NONE : hooks;
        engines = engines == null ? List.of() : List.copyOf(engines);
    }

    /** An image that deploys to the build engine. */
    public ImageSpec(String name, String dockerfile, String context, Map<String, String> buildArgs, SmokeSpec smoke, RolloutSpec rollout,
                     HooksSpec hooks) {
        this(name, dockerfile, context, buildArgs, smoke, rollout, hooks, List.of());
    }

    /** An image without hooks. */
    public ImageSpec(String name, String dockerfile, String context, Map<String, String> buildArgs, SmokeSpec smoke, RolloutSpec rollout) {
        this(name, dockerfile, context, buildArgs, smoke, rollout, HooksSpec.NONE);
    }

    /** The default build context: the folder the Dockerfile is in. */
    static String defaultContext(String dockerfile) {
        int slash = dockerfile.lastIndexOf('/');
        return slash < 0 ? "." : dockerfile.substring(0, slash);
    }

    /** The name as a reference, for matching containers that run any tag of it. */
    public ImageRef ref() {
        return ImageRef.parse(name);
    }

    private static void fail(String field, String problem) {
        throw new IllegalArgumentException("image " + field + " " + problem);
    }
}
