package io.patchrun.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import io.patchrun.fleet.FleetReader;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.PipelineException;
import io.patchrun.plan.DependencyCycleException;
import io.patchrun.source.GitSources;

/**
 * {@code patchrun plan pipelines/x.yml}: prints what a full patch run would rebuild, in order, as JSON,
 * without starting the server or touching the engine; only Git is used, to fetch the repositories.
 */
public final class PlanCommand {

    private PlanCommand() {
    }

    /** @return the process exit code: 0 planned, 1 the plan has a cycle, 2 bad usage or pipeline file */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> files = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 1) {
            err.println("usage: patchrun plan <pipeline file> [--patchrun.data-dir=<folder>]");
            return 2;
        }
        Path dataDir = Path.of(args.stream().filter(a -> a.startsWith("--patchrun.data-dir=")).findFirst()
                .map(a -> a.substring("--patchrun.data-dir=".length())).orElse("data"));
        Pipeline pipeline;
        try {
            pipeline = Pipeline.load(Path.of(files.get(0)));
        } catch (PipelineException e) {
            err.println(e.getMessage());
            return 2;
        }
        FleetReader reader = new FleetReader(new GitSources(dataDir.resolve("git"), List.of())::checkout);
        try {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(reader.read(pipeline).graph().planAll().view()));
            return 0;
        } catch (DependencyCycleException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
