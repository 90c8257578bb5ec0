package io.patchrun.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import io.patchrun.image.ImageRef;

/** Reads the images of a pipeline's repositories, remembering names so duplicates are caught across them. */
final class ImageReader {

    private static final List<String> IMAGE_KEYS =
            List.of("name", "dockerfile", "context", "buildArgs", "smoke", "rollout", "hooks", "engines");
    private static final Pattern ENGINE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final List<String> SMOKE_KEYS = List.of("http", "command", "timeout");
    private static final List<String> HTTP_KEYS = List.of("port", "path", "status");
    private static final List<String> ROLLOUT_KEYS = List.of("stopTimeout", "healthTimeout", "snapshotVolumes");
    private static final List<String> HOOKS_KEYS = List.of("preUpdate", "postUpdate", "timeout");
    private static final Pattern BUILD_ARG = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Problems problems;
    /** Image names seen so far, by normalised name, so {@code demo/web} and {@code docker.io/demo/web} clash. */
    private final Map<String, Located> seen = new HashMap<>();
    private final Map<String, Located> names = new LinkedHashMap<>();
    private final List<EngineUse> engineUses = new ArrayList<>();

    ImageReader(Problems problems) {
        this.problems = problems;
    }

    /** Where each image name read so far stands, by name. */
    Map<String, Located> names() {
        return names;
    }

    /** Every engine name the images read so far give under {@code engines:}, with where it stands. */
    List<EngineUse> engineUses() {
        return engineUses;
    }

    List<ImageSpec> read(YamlMap repository) {
        repository.require("images", "a list of images built from this repository, each with a name");
        List<Node> nodes = repository.nonEmptyList("images",
                "must list at least one image; a repository with no images has nothing to build");
        List<ImageSpec> images = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            YamlMap.of(nodes.get(i), repository.field("images") + "[" + i + "]", problems, IMAGE_KEYS)
                    .flatMap(this::image)
                    .ifPresent(images::add);
        }
        return images;
    }

    private Optional<ImageSpec> image(YamlMap map) {
        int before = problems.count();
        String name = name(map);
        String dockerfile = map.text("dockerfile").orElse(ImageSpec.DEFAULT_DOCKERFILE);
        dockerfile = FieldRules.repositoryPath(dockerfile, problem -> map.problem("dockerfile", problem));
        String context = map.text("context").orElse(dockerfile == null ? "." : ImageSpec.defaultContext(dockerfile));
        context = FieldRules.repositoryPath(context, problem -> map.problem("context", problem));
        if (".".equals(dockerfile)) {
            map.problem("dockerfile", "must name a file in the repository, e.g. Dockerfile or docker/web.Dockerfile");
        }
        Map<String, String> buildArgs = buildArgs(map);
        SmokeSpec smoke = map.map("smoke", SMOKE_KEYS).map(this::smoke).orElse(SmokeSpec.NONE);
        RolloutSpec rollout = map.map("rollout", ROLLOUT_KEYS).map(this::rollout).orElse(RolloutSpec.DEFAULTS);
        int beforeHooks = problems.count();
        HooksSpec hooks = map.map("hooks", HOOKS_KEYS).map(m -> hooks(m, problems.count() > beforeHooks)).orElse(HooksSpec.NONE);
        List<String> engines = engines(map, name);
        return problems.count() == before
                ? Optional.of(new ImageSpec(name, dockerfile, context, buildArgs, smoke, rollout, hooks, engines))
                : Optional.empty();
    }

    /** The engine names of {@code engines:}, each checked for its form and given once; which engines exist is the catalog's to check. */
    private List<String> engines(YamlMap map, String image) {
        List<Node> nodes = map.nonEmptyList("engines", "must name at least one engine, e.g. [edge-1, edge-2]; leave engines out for the"
                + " build engine");
        List<String> engines = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String field = map.field("engines") + "[" + i + "]";
            map.text(node, field).filter(value -> map.check(node, field, ENGINE_NAME.matcher(value).matches() ? Optional.empty()
                    : Optional.of("an engine name is lower-case letters, digits and '-' (not first), got '" + value + "'"))).ifPresent(value -> {
                if (engines.contains(value)) {
                    problems.at(node, field, "engine " + value + " is given twice");
                } else {
                    engines.add(value);
                    engineUses.add(new EngineUse(value, image, new Located(field, node.getStartMark().getLine() + 1,
                            node.getStartMark().getColumn() + 1)));
                }
            });
        }
        return engines;
    }

    private String name(YamlMap map) {
        Optional<String> name = map.requiredText("name", "the image name builds are tagged as, e.g. name: demo/web")
                .filter(value -> map.check("name", FieldRules.imageName(value)));
        name.ifPresent(value -> {
            Located here = map.located("name");
            Located first = seen.putIfAbsent(ImageRef.parse(value).name(), here);
            if (first != null) {
                map.problem("name", "image " + value + " is already built by " + first.field()
                        + " (line " + first.line() + "); each image may appear once in a pipeline");
            }
            names.put(value, here);
        });
        return name.orElse(null);
    }

    private Map<String, String> buildArgs(YamlMap image) {
        Map<String, String> args = new LinkedHashMap<>();
        Optional<Node> node = image.node("buildArgs");
        if (node.isPresent() && !(node.get() instanceof MappingNode)) {
            image.problem("buildArgs", "must be a mapping of argument names to values, e.g. { FLAVOUR: slim }, got "
                    + YamlMap.describe(node.get()));
        } else if (node.isPresent()) {
            for (NodeTuple tuple : ((MappingNode) node.get()).getValue()) {
                buildArg(tuple, image.field("buildArgs"), args);
            }
        }
        return args;
    }

    private void buildArg(NodeTuple tuple, String field, Map<String, String> args) {
        Node key = tuple.getKeyNode();
        Node value = tuple.getValueNode();
        if (!(key instanceof ScalarNode name) || !BUILD_ARG.matcher(name.getValue()).matches()) {
            problems.at(key, field, "argument names must be letters, digits and _ not starting with a digit, got "
                    + YamlMap.describe(key));
        } else if (args.containsKey(name.getValue())) {
            problems.at(key, field + "." + name.getValue(), "is given twice");
        } else if (!(value instanceof ScalarNode text) || Tag.NULL.equals(value.getTag())) {
            problems.at(value, field + "." + name.getValue(), "must be a text value (use \"\" for empty), got "
                    + YamlMap.describe(value));
        } else {
            args.put(name.getValue(), text.getValue());
        }
    }

    private SmokeSpec smoke(YamlMap map) {
        int before = problems.count();
        HttpCheck http = map.map("http", HTTP_KEYS).flatMap(this::http).orElse(null);
        List<String> command = command(map);
        Duration timeout = map.duration("timeout").orElse(SmokeSpec.DEFAULT_TIMEOUT);
        if (!map.has("http") && !map.has("command")) {
            map.problem("must give at least one check: http (port, path, status) or command; leave smoke out for none");
        }
        return problems.count() == before ? new SmokeSpec(http, command, timeout) : SmokeSpec.NONE;
    }

    private Optional<HttpCheck> http(YamlMap map) {
        int before = problems.count();
        map.require("port", "the container port to ask, e.g. port: 8080");
        int port = map.integer("port", 1, 65535).orElse(0);
        String path = map.text("path").orElse(HttpCheck.DEFAULT_PATH);
        if (!path.startsWith("/")) {
            map.problem("path", "must start with '/', got '" + path + "'");
        }
        int status = map.integer("status", 100, 599).orElse(HttpCheck.DEFAULT_STATUS);
        return problems.count() == before ? Optional.of(new HttpCheck(port, path, status)) : Optional.empty();
    }

    private List<String> command(YamlMap map) {
        return command(map, "command", "true");
    }

    /** A program and its arguments, as a list, for {@code key} of {@code map}; empty when the key is absent. */
    private List<String> command(YamlMap map, String key, String example) {
        List<Node> nodes = map.nonEmptyList(key,
                "must not be empty; give the program and its arguments, e.g. [\"/bin/sh\", \"-c\", \"" + example + "\"]");
        List<String> command = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            map.text(nodes.get(i), map.field(key) + "[" + i + "]").ifPresent(command::add);
        }
        return command;
    }

    /** @param keysWrong whether the mapping's own keys were refused already (a misspelt hook is not "no hook") */
    private HooksSpec hooks(YamlMap map, boolean keysWrong) {
        int before = problems.count();
        List<String> preUpdate = command(map, "preUpdate", "drain");
        List<String> postUpdate = command(map, "postUpdate", "warm-up");
        Duration timeout = map.duration("timeout").orElse(HooksSpec.DEFAULT_TIMEOUT);
        if (!map.has("preUpdate") && !map.has("postUpdate") && !keysWrong) {
            map.problem("must give preUpdate (run in the old container before it stops), postUpdate (run in the new one once it is"
                    + " healthy) or both; leave hooks out for none");
        }
        return problems.count() == before ? new HooksSpec(preUpdate, postUpdate, timeout) : HooksSpec.NONE;
    }

    private RolloutSpec rollout(YamlMap map) {
        Duration stop = map.duration("stopTimeout").orElse(RolloutSpec.DEFAULTS.stopTimeout());
        Duration health = map.duration("healthTimeout").orElse(RolloutSpec.DEFAULTS.healthTimeout());
        return new RolloutSpec(stop, health, map.bool("snapshotVolumes").orElse(false));
    }
}
