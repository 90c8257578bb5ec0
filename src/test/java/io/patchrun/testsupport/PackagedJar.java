package io.patchrun.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar, started with {@code java -jar} as a process of its own, the way a user starts it. */
public final class PackagedJar {

    private PackagedJar() {
    }

    /** Starts the jar in {@code folder} with the admin password {@code password}, its output going to {@code log}. */
    public static Process start(Path folder, Path log, String password, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("patchrun.jar", "target/patchrun.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged jar; build it with mvn -q package -DskipTests").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PATCHRUN_ADMIN_PASSWORD", password);
        return builder.start();
    }
}
