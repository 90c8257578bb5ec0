package io.patchrun.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;

import io.patchrun.build.BuildFailedException;

/**
 * Reads the legacy builder's response stream: keeps every log line in order, the step being run, the
 * image id it reports at the end, and its error. The stream is read on docker-java's thread and the
 * results after {@link #awaitCompletion()}, whose latch makes them visible.
 */
final class BuildStream extends ResultCallback.Adapter<BuildResponseItem> {

    private static final Pattern STEP = Pattern.compile("Step (\\d+/\\d+) : (.*)");
    private static final Pattern BUILT = Pattern.compile("Successfully built ([0-9a-f]+)");
    private static final Pattern NON_ZERO = Pattern.compile("The command .* returned a non-zero code: (\\d+)", Pattern.DOTALL);

    private final List<String> log = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private String step;
    private String imageId;
    private String error;

    @Override
    public synchronized void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
            partial.append(item.getStream());
            int end;
            while ((end = partial.indexOf("\n")) >= 0) {
                line(partial.substring(0, end));
                partial.delete(0, end + 1);
            }
        } else if (item.getStatus() != null && item.getProgressDetail() == null) {
            line(item.getId() == null ? item.getStatus() : item.getId() + ": " + item.getStatus());
        }
        if (item.isErrorIndicated()) {
            error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage() : item.getError();
            line(error);
        }
    }

    @Override
    public synchronized void onComplete() {
        if (!partial.isEmpty()) {
            line(partial.toString());
            partial.setLength(0);
        }
        super.onComplete();
    }

    private void line(String text) {
        String stripped = text.stripTrailing();
        if (stripped.isEmpty()) {
            return;
        }
        log.add(stripped);
        Matcher step = STEP.matcher(stripped);
        if (step.matches()) {
            this.step = step.group(1) + ": " + step.group(2);
        }
        Matcher built = BUILT.matcher(stripped);
        if (built.matches()) {
            imageId = built.group(1);
        }
    }

    /** The id the engine reported, maybe in short form, or {@code null} when it reported none. */
    synchronized String imageId() {
        return imageId;
    }

    /** The engine's error, or {@code null} when it reported none. */
    synchronized String error() {
        return error;
    }

    synchronized List<String> log() {
        return List.copyOf(log);
    }

    /** A failure at the step the stream had reached, with the log so far. */
    synchronized BuildFailedException failure(String image, String reason, Throwable cause) {
        return new BuildFailedException(image, step, reason, log, cause);
    }

    /** The engine's error in the user's terms: a failed RUN becomes {@code exit code 127}. */
    static String reason(String engineError) {
        Matcher nonZero = NON_ZERO.matcher(engineError.strip());
        return nonZero.matches() ? "exit code " + nonZero.group(1) : engineError.strip();
    }
}
