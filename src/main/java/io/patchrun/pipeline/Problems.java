package io.patchrun.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one pipeline file, so the user sees all of them at once. */
final class Problems {

    private final Path file;
    private final List<PipelineError> errors = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void at(Node node, String field, String message) {
        at(node.getStartMark(), field, message);
    }

    void at(Mark mark, String field, String message) {
        errors.add(new PipelineError(file, mark.getLine() + 1, mark.getColumn() + 1, field, message));
    }

    /** A problem with the file as a whole that still has a place to point at: its first line. */
    void atStart(String message) {
        errors.add(new PipelineError(file, 1, 1, "", message));
    }

    int count() {
        return errors.size();
    }

    /** All problems, in the order they appear in the file. */
    PipelineException toException() {
        List<PipelineError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(PipelineError::line).thenComparingInt(PipelineError::column));
        return new PipelineException(file, sorted);
    }
}
