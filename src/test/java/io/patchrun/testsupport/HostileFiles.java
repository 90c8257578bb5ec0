package io.patchrun.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * Files made to stop a server that reads them without limits, for tests that show it does not: a fleet
 * whose repository holds two good images beside three hostile Dockerfiles, and pipeline files that are a
 * "billion laughs" alias bomb, 50 MB, or nested 10,000 deep.
 */
public final class HostileFiles {

    /** The images of {@link #pipeline}: two that are fine, then the hostile ones. */
    public static final List<String> GOOD_IMAGES = List.of("hostile/base", "hostile/app");

    private HostileFiles() {
    }

    /**
     * A Git repository in {@code dir}: {@code base} FROM a local base, {@code app} FROM {@code base}, and
     * {@code doubling} (30 global ARGs, each twice the one before), {@code nested} (a FROM with
     * {@code ${a:-...}} 10,000 deep) and {@code huge} (2 MB).
     */
    public static GitRepos fleetRepository(Path dir) {
        StringBuilder doubling = new StringBuilder("ARG A0=ab\n");
        for (int i = 1; i <= 30; i++) {
            doubling.append("ARG A").append(i).append("=${A").append(i - 1).append("}${A").append(i - 1).append("}\n");
        }
        GitRepos repo = GitRepos.init(dir)
                .write("base/Dockerfile", "FROM 127.0.0.1:5000/hostile/upstream:1\n")
                .write("app/Dockerfile", "FROM hostile/base\n")
                .write("doubling/Dockerfile", doubling + "FROM debian:${A30}\n")
                .write("nested/Dockerfile", "ARG a\nFROM " + "${a:-".repeat(10_000) + "debian" + "}".repeat(10_000) + "\n")
                .write("huge/Dockerfile", "FROM debian:12\n" + ("RUN echo " + "x".repeat(90) + "\n").repeat(20_000));
        repo.commit("a fleet with hostile Dockerfiles");
        return repo;
    }

    /** The pipeline {@code name} over {@link #fleetRepository}, whose URL is {@code url}. */
    public static String pipeline(String name, String url) {
        return """
                name: %s
                repositories:
                  - url: %s
                    images:
                      - { name: hostile/base, dockerfile: base/Dockerfile }
                      - { name: hostile/app, dockerfile: app/Dockerfile }
                      - { name: hostile/doubling, dockerfile: doubling/Dockerfile }
                      - { name: hostile/nested, dockerfile: nested/Dockerfile }
                      - { name: hostile/huge, dockerfile: huge/Dockerfile }
                """.formatted(name, url);
    }

    /**
     * The start of each hostile image's error, as the plan gives it: its file, line and the limit. In JSON
     * these need no escaping.
     */
    public static List<String> imageErrors() {
        return List.of("doubling/Dockerfile:17: ARG A16 expands to more than 65,536 characters (the limit for one value)",
                "nested/Dockerfile:2: FROM ${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-... (60,011 characters)"
                        + " nests ${...} more than 32 deep (the limit)",
                "huge/Dockerfile:10487: the Dockerfile is larger than 1 MiB (1,048,576 bytes), the most Patchrun reads of one");
    }

    /** Writes the hostile pipeline files into {@code dir}, each named {@code prefix} + what it is + {@code .yml}. */
    public static List<Path> pipelineFiles(Path dir, String prefix) throws IOException {
        StringBuilder bomb = new StringBuilder("name: " + prefix + "bomb\nl1: &l1 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 2; level <= 9; level++) {
            String alias = "*l" + (level - 1);
            bomb.append("l").append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", Collections.nCopies(9, alias))).append("]\n");
        }
        return List.of(
                Files.writeString(dir.resolve(prefix + "bomb.yml"), bomb),
                Files.writeString(dir.resolve(prefix + "huge.yml"), "name: " + prefix + "huge\n" + ("#" + "x".repeat(98) + "\n").repeat(500_000)),
                Files.writeString(dir.resolve(prefix + "deep.yml"), "name: " + prefix + "deep\nrepositories: " + "[".repeat(10_000)
                        + "]".repeat(10_000) + "\n"));
    }

    /** The problem of each file of {@link #pipelineFiles}, in that order, as {@code GET /api/pipelines/errors} gives it. */
    public static List<String> pipelineFileErrors() {
        return List.of("\"line\":8,\"column\":10,\"field\":\"\",\"message\":\"alias *l6 makes the file hold more than 1,000,000 values",
                "\"line\":10487,\"column\":",
                "\"line\":2,\"column\":64,\"field\":\"\",\"message\":\"lists and mappings are nested more than 50 deep here");
    }
}
