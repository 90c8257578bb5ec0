package io.patchrun;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.patchrun.run.PlanCommand;

/**
 * Starts the server, or runs one command: {@code plan <pipeline file>} prints the rebuild plan without
 * starting anything.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PatchrunApplication {

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (!arguments.isEmpty() && arguments.get(0).equals("plan")) {
            System.exit(PlanCommand.run(arguments.subList(1, arguments.size()), System.out, System.err));
        }
        SpringApplication.run(PatchrunApplication.class, args);
    }
}
