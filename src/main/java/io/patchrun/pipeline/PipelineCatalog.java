package io.patchrun.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every pipeline file ({@code *.yml}, {@code *.yaml}) in one folder. A broken file is reported and left
 * out while the others load. Pipeline names and image names must be unique across the folder: files
 * are taken in file-name order, and a later file that reuses a name is reported and left out.
 *
 * <p>Reads see a consistent state from the last {@link #reload()}; reloads may run on any thread.
 */
public final class PipelineCatalog {

    private final Path dir;
    /** The configured engines, or {@code null} when the engines images name are not checked (the CLI's catalog). */
    private final EngineNames engines;
    private final FileCache cache = new FileCache();
    private volatile State state = new State(new TreeMap<>(), new TreeMap<>());

    /** A catalog of {@code dir}; it is empty until the first {@link #reload()}. */
    public PipelineCatalog(Path dir) {
        this(dir, null);
    }

    /** A catalog of {@code dir} whose files may name only {@code engines} under an image's {@code engines:}. */
    public PipelineCatalog(Path dir, EngineNames engines) {
        this.dir = dir;
        this.engines = engines;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Reads the folder again, re-reading only files whose size or modification time changed.
     *
     * @return the pipelines added, changed and removed since the last reload (all added on the first)
     */
    public synchronized CatalogChange reload() {
        State before = state;
        try {
            state = resolve(files());
        } catch (IOException e) {
            cache.retain(Set.of());
            state = unlisted(e);
        }
        return diff(before.pipelines(), state.pipelines());
    }

    /** The usable pipelines, sorted by name. */
    public List<Pipeline> pipelines() {
        return List.copyOf(state.pipelines().values());
    }

    public Optional<Pipeline> find(String name) {
        return Optional.ofNullable(state.pipelines().get(name));
    }

    /** The problems of every file left out, by file, sorted by file; the folder itself if it cannot be listed. */
    public Map<Path, List<PipelineError>> errors() {
        return Collections.unmodifiableSortedMap(state.errors());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> files = entries.filter(PipelineCatalog::isPipelineFile).sorted().toList();
            cache.retain(new HashSet<>(files));
            return files;
        }
    }

    private State unlisted(IOException e) {
        String reason = e instanceof NoSuchFileException ? "the folder does not exist"
                : e instanceof NotDirectoryException ? "it is not a folder" : e.toString();
        PipelineError error = new PipelineError(dir, 0, 0, "", "cannot list pipeline files in "
                + dir.toAbsolutePath() + ": " + reason);
        return new State(new TreeMap<>(), new TreeMap<>(Map.of(dir, List.of(error))));
    }

    private static boolean isPipelineFile(Path path) {
        String name = path.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".yml") || name.endsWith(".yaml")) && Files.isRegularFile(path);
    }

    private State resolve(List<Path> files) {
        SortedMap<String, Pipeline> pipelines = new TreeMap<>();
        SortedMap<Path, List<PipelineError>> errors = new TreeMap<>();
        TakenNames claims = new TakenNames();
        for (Path file : files) {
            FileCache.Loaded loaded = cache.load(file);
            List<PipelineError> problems = loaded.parsed() == null ? loaded.errors() : engineErrors(loaded.parsed());
            if (problems.isEmpty() && loaded.parsed() != null) {
                problems = claims.claim(loaded.parsed());
            }
            if (problems.isEmpty()) {
                pipelines.put(loaded.parsed().pipeline().name(), loaded.parsed().pipeline());
            } else {
                errors.put(file, problems);
            }
        }
        return new State(pipelines, errors);
    }

    private List<PipelineError> engineErrors(ParsedPipeline parsed) {
        return engines == null ? List.of() : engines.check(parsed);
    }

    private static CatalogChange diff(Map<String, Pipeline> before, Map<String, Pipeline> after) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Pipeline> entry : after.entrySet()) {
            Pipeline old = before.get(entry.getKey());
            if (old == null) {
                added.add(entry.getKey());
            } else if (!old.equals(entry.getValue())) {
                changed.add(entry.getKey());
            }
        }
        List<String> removed = before.keySet().stream().filter(name -> !after.containsKey(name)).toList();
        return new CatalogChange(added, changed, removed);
    }

    private record State(SortedMap<String, Pipeline> pipelines, SortedMap<Path, List<PipelineError>> errors) {
    }
}
