package io.patchrun.pipeline;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem in a pipeline file, printed the way compilers do:
 * {@code pipelines/demo.yml:14:9: repositories[0].images[1].smoke.http.port: must be 1-65535, got 70000}.
 *
 * @param file    the pipeline file, as given to the loader
 * @param line    1-based line, or 0 when the problem concerns the whole file (it cannot be read)
 * @param column  1-based column, or 0 with line 0
 * @param field   path of the field ({@code repositories[0].url}), or empty for the file itself
 * @param message what is wrong and what is allowed
 */
public record PipelineError(Path file, int line, int column, String field, String message) {

    public PipelineError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be 0 or more, got " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column : file.toString();
        return where + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
