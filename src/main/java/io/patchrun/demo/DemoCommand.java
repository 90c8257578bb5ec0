package io.patchrun.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.patchrun.cli.FeatureCommand;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.PipelineCatalog;
import io.patchrun.watch.RegistryClient;
import io.patchrun.watch.RegistryOptions;

/**
 * {@code patchrun demo publish-base | break-next | fix-next}: the demo's actions from a shell, on the local
 * engine, registry and Git, without starting the server. A running server sees their effect by itself:
 * a new base digest at its next base check, a commit at its next patch run.
 */
public final class DemoCommand implements FeatureCommand {

    /** Connects to the engine at an address, {@code null} for the {@code DOCKER_HOST} default. */
    @FunctionalInterface
    interface Engines {
        DemoEngine connect(String host);
    }

    static final String USAGE = "usage: patchrun demo publish-base|break-next|fix-next"
            + " [--patchrun.pipelines-dir=<folder>] [--patchrun.demo.prefix=<prefix>] [--patchrun.docker.host=<address>]";
    private static final List<String> ACTIONS = List.of("publish-base", "break-next", "fix-next");

    private final Engines engines;

    /** The command on the local engine; {@code java -jar patchrun.jar demo ...} finds it through META-INF/services. */
    public DemoCommand() {
        this(DockerDemoEngine::connect);
    }

    DemoCommand(Engines engines) {
        this.engines = engines;
    }

    @Override
    public String name() {
        return "demo";
    }

    /** @return 0 done, 1 it could not be done, 2 bad usage or no demo pipeline */
    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> actions = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (actions.size() != 1 || !ACTIONS.contains(actions.get(0))) {
            err.println(USAGE);
            return 2;
        }
        DemoNames names;
        try {
            names = new DemoNames(option(args, "patchrun.demo.prefix").orElse(""));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        Path pipelinesDir = Path.of(option(args, "patchrun.pipelines-dir").orElse("pipelines"));
        PipelineCatalog catalog = new PipelineCatalog(pipelinesDir);
        catalog.reload();
        Optional<Pipeline> pipeline = catalog.find(DemoLayout.PIPELINE);
        if (pipeline.isEmpty()) {
            err.println("no pipeline named " + DemoLayout.PIPELINE + " in " + pipelinesDir.toAbsolutePath()
                    + (catalog.errors().isEmpty() ? "" : "; files left out: " + catalog.errors()));
            return 2;
        }
        try {
            DemoActions demo = new DemoActions(DemoLayout.of(pipeline.get(), names), new DemoRepositories(), new DemoSources(names));
            out.println(switch (actions.get(0)) {
                case "publish-base" -> publishBase(demo, option(args, "patchrun.docker.host").orElse(null));
                case "break-next" -> demo.breakNext();
                case "fix-next" -> demo.fixNext();
                default -> throw new IllegalArgumentException(USAGE);
            });
            return 0;
        } catch (DemoException e) {
            err.println("demo " + actions.get(0) + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** The only action that needs the engine, so the others start quickly and work without one. */
    private String publishBase(DemoActions demo, String host) {
        try (DemoEngine engine = engines.connect(host)) {
            engine.problem().ifPresent(problem -> {
                throw new DemoException(problem);
            });
            return demo.publishBaseMessage(demo.publishBase(new DemoBase(engine, new RegistryClient(RegistryOptions.defaults()), Clock.systemUTC())));
        }
    }

    private static Optional<String> option(List<String> args, String name) {
        String prefix = "--" + name + "=";
        return args.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).reduce((first, last) -> last);
    }
}
