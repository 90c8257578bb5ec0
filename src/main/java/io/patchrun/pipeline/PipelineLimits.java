package io.patchrun.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * The limits a pipeline file is read with, so that no file can stop the server: at most {@link #MAX_BYTES}
 * are read, lists and mappings nest at most {@link #MAX_DEPTH} deep, and the file holds at most
 * {@link #MAX_VALUES} values once its aliases are expanded, which refuses a "billion laughs" file (aliases
 * of lists of aliases) while plain reuse of an anchored block stays fine. Each refusal names the line.
 */
final class PipelineLimits {

    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 50;
    static final int MAX_VALUES = 1_000_000;

    private PipelineLimits() {
    }

    /**
     * The file's bytes, of which at most {@link #MAX_BYTES} + 1 are read.
     *
     * @throws PipelineException when the file is larger, pointing at where the limit falls
     */
    static byte[] read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < MAX_BYTES; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new PipelineException(file, List.of(new PipelineError(file, line, MAX_BYTES - lineStart + 1, "",
                    "the file is larger than 1 MiB (" + number(MAX_BYTES) + " bytes), the most Patchrun reads of a pipeline"
                            + " file; it passes that here")));
        }
        return bytes;
    }

    /** What SnakeYAML enforces by itself too, behind {@link #check}. */
    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setMaxAliasesForCollections(MAX_VALUES);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /**
     * Reads the file's YAML events, without building anything, and records the first limit it passes.
     *
     * @return whether the file is within the limits
     * @throws org.yaml.snakeyaml.error.YAMLException on a syntax error, as composing would
     */
    static boolean check(String yaml, Problems problems) {
        Scan scan = new Scan();
        for (Event event : new Yaml(loaderOptions()).parse(new StringReader(yaml))) {
            String problem = scan.problemWith(event);
            if (problem != null) {
                problems.at(event.getStartMark(), "", problem);
                return false;
            }
        }
        return true;
    }

    /** Counts the values of the file as if its aliases were expanded, and its open lists and mappings. */
    private static final class Scan {

        private final Deque<Open> open = new ArrayDeque<>();
        private final Set<String> openAnchors = new HashSet<>();
        /** How many values each anchor stands for. */
        private final Map<String, Long> sizes = new HashMap<>();
        private long values;

        private record Open(String anchor, long valuesBefore) {
        }

        /** Takes in one event; says what limit it passes, or {@code null}. */
        String problemWith(Event event) {
            String problem = null;
            if (event instanceof ScalarEvent scalar) {
                problem = scalar(scalar);
            } else if (event instanceof CollectionStartEvent start) {
                problem = start(start);
            } else if (event instanceof CollectionEndEvent) {
                problem = end();
            } else if (event instanceof AliasEvent alias) {
                problem = alias(alias);
            }
            if (problem == null && values > MAX_VALUES) {
                problem = (event instanceof AliasEvent alias ? "alias *" + alias.getAnchor() : "this value")
                        + " makes the file hold more than " + number(MAX_VALUES) + " values once its aliases are expanded (the"
                        + " limit); aliases of lists or mappings that are full of aliases grow like this";
            }
            return problem;
        }

        private String scalar(ScalarEvent scalar) {
            values++;
            if (scalar.getAnchor() != null) {
                sizes.put(scalar.getAnchor(), 1L);
            }
            return null;
        }

        private String start(CollectionStartEvent start) {
            values++;
            open.push(new Open(start.getAnchor(), values - 1));
            if (start.getAnchor() != null) {
                openAnchors.add(start.getAnchor());
            }
            return open.size() <= MAX_DEPTH ? null : "lists and mappings are nested more than " + MAX_DEPTH + " deep here (the"
                    + " limit); a pipeline file needs fewer than 10";
        }

        private String end() {
            Open closed = open.pop();
            if (closed.anchor() != null) {
                sizes.put(closed.anchor(), values - closed.valuesBefore());
                openAnchors.remove(closed.anchor());
            }
            return null;
        }

        private String alias(AliasEvent alias) {
            values += sizes.getOrDefault(alias.getAnchor(), 1L);
            return !openAnchors.contains(alias.getAnchor()) ? null : "alias *" + alias.getAnchor() + " is used inside the list"
                    + " or mapping &" + alias.getAnchor() + " it names; a pipeline file cannot hold data that contains itself";
        }
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
