package io.patchrun;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.patchrun.cli.FeatureCommand;
import io.patchrun.cli.PlanCommand;
import io.patchrun.cli.RunCommand;

/**
 * Starts the server, or runs one command: {@code plan <pipeline file>} prints the rebuild plan without
 * starting anything; {@code run <pipeline file> --once} does one patch run without the server; a
 * {@link FeatureCommand} (the demo's {@code demo publish-base|break-next|fix-next}) runs by its name.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PatchrunApplication {

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = Arrays.asList(args);
        if (!arguments.isEmpty() && arguments.get(0).equals("plan")) {
            System.exit(PlanCommand.run(arguments.subList(1, arguments.size()), System.out, System.err));
        }
        if (!arguments.isEmpty() && arguments.get(0).equals("run")) {
            System.exit(RunCommand.run(PatchrunApplication.class, arguments.subList(1, arguments.size()), System.out, System.err));
        }
        Optional<FeatureCommand> command = arguments.isEmpty() ? Optional.empty() : FeatureCommand.named(arguments.get(0));
        if (command.isPresent()) {
            System.exit(command.get().run(arguments.subList(1, arguments.size()), System.out, System.err));
        }
        SpringApplication.run(PatchrunApplication.class, args);
    }
}
