package io.patchrun.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed pipeline files, re-read only when their size, modification time or identity changed, so a
 * reload of an unchanged folder costs one directory listing and one stat per file.
 */
final class FileCache {

    /**
     * A file written this close to when it was read may change again without its stamp changing
     * (coarse file system clocks), so it is read again next time and compared by content.
     */
    private static final Duration RACY = Duration.ofSeconds(2);

    /** Reads one pipeline file's text: {@link PipelineReader#read(Path, String)}. */
    @FunctionalInterface
    interface Reader {
        ParsedPipeline read(Path file, String text);
    }

    private final Map<Path, Entry> entries = new HashMap<>();
    private final Reader reader;

    FileCache() {
        this(PipelineReader::read);
    }

    /** With another reader, so a test can make one file's reading fail the way no file makes the real one fail. */
    FileCache(Reader reader) {
        this.reader = reader;
    }

    /** The pipeline in {@code file}, or why it cannot be used. */
    Loaded load(Path file) {
        Stamp stamp;
        try {
            stamp = Stamp.of(file);
        } catch (IOException e) {
            entries.remove(file);
            return Loaded.failed(unreadable(file, e));
        }
        Entry cached = entries.get(file);
        if (cached != null && cached.stamp().equals(stamp) && !cached.racy()) {
            return cached.loaded();
        }
        Instant readAt = Instant.now();
        byte[] bytes;
        try {
            bytes = PipelineLimits.read(file);
        } catch (IOException e) {
            entries.remove(file);
            return Loaded.failed(unreadable(file, e));
        } catch (PipelineException tooLarge) {
            // Kept by its stamp like a parsed file, so an unchanged large file is not read again at every reload.
            Loaded refused = Loaded.failed(tooLarge.errors());
            entries.put(file, new Entry(stamp, readAt, "", refused));
            return refused;
        }
        String hash = sha256(bytes);
        Loaded loaded = cached != null && cached.hash().equals(hash) ? cached.loaded() : parse(file, bytes);
        entries.put(file, new Entry(stamp, readAt, hash, loaded));
        return loaded;
    }

    /** Forgets files that are no longer in the folder. */
    void retain(Set<Path> files) {
        entries.keySet().retainAll(files);
    }

    private Loaded parse(Path file, byte[] bytes) {
        try {
            return Loaded.of(reader.read(file, PipelineReader.text(file, bytes)));
        } catch (PipelineException e) {
            return Loaded.failed(e.errors());
        } catch (StackOverflowError | OutOfMemoryError e) {
            // A last resort: the reading limits should make this impossible, but one file must never stop the reload of the others.
            String ranOutOf = e instanceof StackOverflowError ? "stack" : "memory";
            return Loaded.failed(List.of(new PipelineError(file, 0, 0, "", "reading the pipeline file ran out of " + ranOutOf
                    + " (" + e + "); it is left out")));
        }
    }

    private static List<PipelineError> unreadable(Path file, IOException e) {
        return List.of(new PipelineError(file, 0, 0, "", "cannot read the pipeline file: " + e));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A parsed file: its pipeline, or the errors that keep it out. */
    record Loaded(ParsedPipeline parsed, List<PipelineError> errors) {

        Loaded {
            errors = List.copyOf(errors);
        }

        static Loaded of(ParsedPipeline parsed) {
            return new Loaded(parsed, List.of());
        }

        static Loaded failed(List<PipelineError> errors) {
            return new Loaded(null, errors);
        }
    }

    private record Stamp(long size, FileTime modified, Object key) {

        static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        }
    }

    private record Entry(Stamp stamp, Instant readAt, String hash, Loaded loaded) {

        boolean racy() {
            return !stamp.modified().toInstant().isBefore(readAt.minus(RACY));
        }
    }
}
