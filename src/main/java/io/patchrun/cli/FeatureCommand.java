package io.patchrun.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A command that a feature adds to {@code java -jar patchrun.jar <name> ...}, such as the demo's. Each is
 * listed in {@code META-INF/services/io.patchrun.cli.FeatureCommand}, so the start class runs it without
 * depending on the feature.
 */
public interface FeatureCommand {

    /** The first argument that selects it ({@code demo}). */
    String name();

    /**
     * Runs it without the server.
     *
     * @param args the arguments after the name
     * @return the process's exit code
     */
    int run(List<String> args, PrintStream out, PrintStream err);

    /** The command listed on the class path under {@code name}, if any. */
    static Optional<FeatureCommand> named(String name) {
        return ServiceLoader.load(FeatureCommand.class).stream().map(ServiceLoader.Provider::get)
                .filter(command -> command.name().equals(name)).findFirst();
    }
}
