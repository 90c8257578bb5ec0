package io.patchrun.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.Run;
import io.patchrun.history.RunBase;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.PipelineException;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.run.PatchRuns;
import io.patchrun.run.RunRefused;

/**
 * {@code patchrun run pipelines/x.yml --once}: one patch run without the server, for hosts that run
 * Patchrun from cron. The run checks the pipeline's bases itself and rebuilds what changed since the images
 * were built ({@code --force}: everything); the command exits 0 only when the run succeeded.
 */
public final class RunCommand {

    private RunCommand() {
    }

    /** @return 0 succeeded, 1 the run did not succeed, 2 bad usage or pipeline file */
    public static int run(Class<?> application, List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        List<String> files = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 1 || !args.contains("--once")) {
            err.println("usage: patchrun run <pipeline file> --once [--force] [--patchrun.data-dir=<folder>]");
            return 2;
        }
        Path file = Path.of(files.get(0)).toAbsolutePath();
        Pipeline pipeline;
        try {
            pipeline = Pipeline.load(file);
        } catch (PipelineException e) {
            err.println(e.getMessage());
            return 2;
        }
        boolean force = args.contains("--force");
        // As command-line arguments, these win over config/application.yml (builder properties would not).
        List<String> springArgs = new java.util.ArrayList<>(args.stream().filter(a -> a.startsWith("--") && a.contains("=")).toList());
        springArgs.add("--patchrun.pipelines-dir=" + file.getParent());
        springArgs.add("--spring.quartz.auto-startup=false");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .run(springArgs.toArray(String[]::new))) {
            if (context.getBean(PipelineFolder.class).find(pipeline.name()).isEmpty()) {
                err.println("pipeline " + pipeline.name() + " in " + file + " was not loaded: "
                        + context.getBean(PipelineFolder.class).errors().getOrDefault(file, List.of()));
                return 2;
            }
            PatchRuns runs = context.getBean(PatchRuns.class);
            long id;
            try {
                id = runs.start(pipeline.name(), new RunRequest(List.of(), force), "cli", System.getProperty("user.name"));
            } catch (RunRefused e) {
                // Another instance on the same database (or its lease, until it expires) holds the pipeline: cron tries again later.
                err.println("run of pipeline " + pipeline.name() + " refused: " + e.getMessage());
                return 1;
            }
            Run run = runs.await(id, Duration.ofHours(6));
            out.println("run " + run.id() + " of " + run.pipeline() + ": " + run.status() + (run.message() == null ? "" : " (" + run.message() + ")"));
            for (RunBase base : run.bases()) {
                out.println("  base " + base.ref() + ": " + (base.digest() != null ? base.digest() : "could not be checked: " + base.problem()));
            }
            for (RunImage image : run.images()) {
                out.println("  " + image.name() + ": " + image.status() + (image.tag() == null ? "" : " " + image.tag())
                        + (image.containers().isEmpty() ? "" : " " + image.containers()) + (image.message() == null ? "" : " - " + image.message()));
            }
            return run.status() == RunStatus.SUCCEEDED ? 0 : 1;
        }
    }
}
