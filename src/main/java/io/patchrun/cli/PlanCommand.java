package io.patchrun.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.json.JsonMapper;

import io.patchrun.fleet.FleetReader;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.PipelineException;
import io.patchrun.plan.DependencyCycleException;
import io.patchrun.source.GitAccess;
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
            err.println("usage: patchrun plan <pipeline file> [--patchrun.data-dir=<folder>] [--patchrun.git.…=<value>]");
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
        GitAccess access;
        try {
            access = gitAccess(args);
        } catch (RuntimeException e) {
            Throwable why = e;
            while (why.getCause() != null) {
                why = why.getCause();
            }
            err.println(e.getMessage() + (why == e ? "" : ": " + why.getMessage()));
            return 2;
        }
        FleetReader reader = new FleetReader(new GitSources(dataDir.resolve("git"), access)::fetch);
        try {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(reader.read(pipeline).graph().planAll().view()));
            return 0;
        } catch (DependencyCycleException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /**
     * The Git logins and {@code known_hosts} file the server would use: {@code patchrun.git.*} from the
     * command line, the environment and {@code config/application.yml}, in that order.
     */
    private static GitAccess gitAccess(List<String> args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args.toArray(String[]::new)));
        Path config = Path.of("config", "application.yml");
        if (Files.isRegularFile(config)) {
            try {
                new YamlPropertySourceLoader().load(config.toString(), new FileSystemResource(config))
                        .forEach(environment.getPropertySources()::addLast);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + config, e);
            }
        }
        return Binder.get(environment).bind("patchrun.git", GitAccess.class).orElseGet(GitAccess::anonymous);
    }
}
