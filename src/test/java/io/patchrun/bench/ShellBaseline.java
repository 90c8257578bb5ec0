package io.patchrun.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a baseline script on a steps file and times it: {@code bench/patch-fleet.sh}, the docker CLI one step
 * after another, or {@code bench/patch-fleet-parallel.sh}, the same with plain parallelism.
 */
final class ShellBaseline {

    /** How the script went: its exit code, wall time, the phases it reported, and everything it printed. */
    record Result(int exitCode, Duration wall, Map<String, Duration> phases, String output) {
    }

    private ShellBaseline() {
    }

    /**
     * Writes {@code steps} to a file in {@code work}, runs {@code bench/<script>} on it with {@code args} after
     * the file's name, and waits at most {@code limit}.
     */
    static Result run(String script, List<String> steps, Path work, Duration limit, String... args) throws IOException, InterruptedException {
        Path stepsFile = Files.write(work.resolve(script + ".steps"), steps);
        Path log = work.resolve(script + ".log");
        List<String> command = new ArrayList<>(List.of("bash", script(script).toString(), stepsFile.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long start = System.nanoTime();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(script + " did not end within " + limit + "; it printed:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Map<String, Duration> phases = new TreeMap<>();
        output.lines().map(line -> line.split(" ")).filter(words -> words.length == 2 && words[1].matches("\\d+"))
                .forEach(words -> phases.put(words[0], Duration.ofMillis(Long.parseLong(words[1]))));
        return new Result(process.exitValue(), wall, phases, output);
    }

    private static Path script(String name) {
        URL script = ShellBaseline.class.getResource("/bench/" + name);
        if (script == null) {
            throw new IllegalStateException("bench/" + name + " is not on the test class path");
        }
        try {
            return Path.of(script.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read the path of " + script, e);
        }
    }
}
