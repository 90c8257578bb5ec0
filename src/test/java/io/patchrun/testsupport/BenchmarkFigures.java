package io.patchrun.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

    /** The middle of {@code values}, the upper one of the two for an even count; {@code values} is left as it was. */
    public static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
