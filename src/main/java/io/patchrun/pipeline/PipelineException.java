package io.patchrun.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A pipeline file that cannot be used, with every problem found in it; the message has one per line. */
public class PipelineException extends RuntimeException {

    private final Path file;
    private final transient List<PipelineError> errors;

    public PipelineException(Path file, List<PipelineError> errors) {
        super(errors.stream().map(PipelineError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a pipeline exception needs at least one error, for " + file);
        }
        this.file = file;
        this.errors = List.copyOf(errors);
    }

    public Path file() {
        return file;
    }

    public List<PipelineError> errors() {
        return errors;
    }
}
