package io.patchrun.pipeline;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a pipeline file into a {@link Pipeline}, or a {@link PipelineException} with every problem in it. */
final class PipelineReader {

    private static final List<String> PIPELINE_KEYS =
            List.of("name", "schedule", "watchEvery", "onBaseChange", "retain", "pushTo", "parallel", "containers", "notify", "mode",
                    "window", "verify", "policy", "repositories");
    private static final List<String> PARALLEL_KEYS = List.of("builds", "rollouts");
    private static final List<String> REPOSITORY_KEYS = List.of("url", "ref", "images");

    private final Problems problems;
    private final ImageReader images;

    private PipelineReader(Problems problems) {
        this.problems = problems;
        this.images = new ImageReader(problems);
    }

    static ParsedPipeline read(Path file) {
        return read(file, text(file, readBytes(file)));
    }

    static ParsedPipeline read(Path file, String yaml) {
        Problems problems = new Problems(file);
        Optional<YamlMap> top = compose(yaml, problems)
                .flatMap(root -> YamlMap.of(root, "", problems, PIPELINE_KEYS));
        if (top.isEmpty()) {
            throw problems.toException();
        }
        return new PipelineReader(problems).pipeline(top.get());
    }

    private static byte[] readBytes(Path file) {
        try {
            return PipelineLimits.read(file);
        } catch (IOException e) {
            throw wholeFile(file, "cannot read the pipeline file: " + e);
        }
    }

    static String text(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw wholeFile(file, "the pipeline file is not UTF-8 text: " + e.getMessage());
        }
    }

    private static PipelineException wholeFile(Path file, String message) {
        return new PipelineException(file, List.of(new PipelineError(file, 0, 0, "", message)));
    }

    private static Optional<Node> compose(String yaml, Problems problems) {
        try {
            if (!PipelineLimits.check(yaml, problems)) {
                return Optional.empty();
            }
            Node root = new Yaml(PipelineLimits.loaderOptions()).compose(new StringReader(yaml));
            if (root == null) {
                problems.atStart("the file is empty; a pipeline needs at least name and repositories");
            }
            return Optional.ofNullable(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            problems.at(mark, "", "YAML syntax error: " + e.getProblem() + context);
            return Optional.empty();
        } catch (YAMLException e) {
            problems.atStart("YAML syntax error: " + e.getMessage());
            return Optional.empty();
        }
    }

    private ParsedPipeline pipeline(YamlMap top) {
        String name = top.requiredText("name", "the pipeline's name, [a-z0-9-]+, e.g. name: demo")
                .filter(value -> top.check("name", FieldRules.pipelineName(value))).orElse(null);
        String schedule = top.text("schedule").filter(value -> top.check("schedule", FieldRules.cron(value))).orElse(null);
        Duration watchEvery = top.duration("watchEvery").orElse(null);
        boolean runOnBaseChange = top.text("onBaseChange").filter(value -> top.check("onBaseChange", FieldRules.onBaseChange(value)))
                .map("run"::equals).orElse(false);
        int retain = top.integer("retain", 0, Integer.MAX_VALUE).orElse(Pipeline.DEFAULT_RETAIN);
        String pushTo = top.text("pushTo").filter(value -> top.check("pushTo", FieldRules.pushTo(value))).orElse(null);
        Parallel parallel = top.map("parallel", PARALLEL_KEYS).map(this::parallel).orElse(Parallel.DEFAULTS);
        ContainerSelection containers = top.text("containers").map(value -> containers(top, value)).orElse(ContainerSelection.ALL);
        NotifySpec notify = NotifyReader.read(top, problems);
        VerifySpec verify = VerifyReader.read(top, problems);
        PolicySpec policy = PolicyReader.read(top, problems);
        PipelineMode mode = top.text("mode").map(value -> mode(top, value)).orElse(PipelineMode.ROLLOUT);
        MaintenanceWindow window = WindowReader.read(top, problems);
        List<RepositorySpec> repositories = repositories(top);
        if (problems.count() > 0) {
            throw problems.toException();
        }
        Pipeline pipeline = new Pipeline(name, problems.file(), schedule, watchEvery, retain, pushTo, parallel,
                repositories, runOnBaseChange, notify, containers, verify, policy, mode, window);
        return new ParsedPipeline(pipeline, top.located("name"), images.names(), images.engineUses());
    }

    private static ContainerSelection containers(YamlMap top, String value) {
        Optional<ContainerSelection> selection = ContainerSelection.parse(value);
        if (selection.isEmpty()) {
            String hint = value.equalsIgnoreCase("labeled") ? "did you mean 'labelled'? " : "";
            top.problem("containers", "must be 'all' (every running container of the pipeline's images, except those labelled"
                    + " io.patchrun.enable=false) or 'labelled' (only those labelled io.patchrun.enable=true or"
                    + " com.centurylinklabs.watchtower.enable=true); " + hint + "got '" + value + "'");
        }
        return selection.orElse(ContainerSelection.ALL);
    }

    private static PipelineMode mode(YamlMap top, String value) {
        for (PipelineMode mode : PipelineMode.values()) {
            if (mode.key().equals(value)) {
                return mode;
            }
        }
        top.problem("mode", "must be 'rollout' (roll containers over once an image passed its smoke test, the default) or"
                + " 'monitor' (check, build and smoke-test, never roll a container over), got '" + value + "'");
        return PipelineMode.ROLLOUT;
    }

    private Parallel parallel(YamlMap map) {
        int builds = map.integer("builds", 1, Integer.MAX_VALUE).orElse(Parallel.DEFAULTS.builds());
        int rollouts = map.integer("rollouts", 1, Integer.MAX_VALUE).orElse(Parallel.DEFAULTS.rollouts());
        return new Parallel(builds, rollouts);
    }

    private List<RepositorySpec> repositories(YamlMap top) {
        top.require("repositories", "a list of repositories, each with url and images");
        List<Node> nodes = top.nonEmptyList("repositories", "must list at least one repository with url and images");
        List<RepositorySpec> repositories = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            YamlMap.of(nodes.get(i), "repositories[" + i + "]", problems, REPOSITORY_KEYS)
                    .flatMap(this::repository)
                    .ifPresent(repositories::add);
        }
        return repositories;
    }

    private Optional<RepositorySpec> repository(YamlMap map) {
        int before = problems.count();
        String url = map.requiredText("url", "what Git clones: a path (relative to this file's folder) or a URL")
                .map(value -> FieldRules.repositoryUrl(value, problems.file(), problem -> map.problem("url", problem)))
                .orElse(null);
        String ref = map.text("ref").orElse(null);
        List<ImageSpec> specs = images.read(map);
        return problems.count() == before ? Optional.of(new RepositorySpec(url, ref, specs)) : Optional.empty();
    }
}
