package io.patchrun.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where benchmarks leave their figures: {@code target/benchmarks/<name>.txt}, besides the console. */
public final class BenchmarkFigures {

    private BenchmarkFigures() {
    }

    /** Writes {@code lines} to {@code target/benchmarks/<name>.txt}, replacing what an earlier run left. */
    public static void write(String name, List<String> lines) throws IOException {
        Path file = Path.of("target", "benchmarks", name + ".txt");
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }

    /** Prints {@code lines}, then {@link #write}s them. */
    public static void printAndWrite(String name, List<String> lines) throws IOException {
        lines.forEach(System.out::println);
        write(name, lines);
    }
}
