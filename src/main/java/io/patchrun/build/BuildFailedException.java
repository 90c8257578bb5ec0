package io.patchrun.build;

import java.util.List;

/**
 * A build the engine did not finish, with its message in the form
 * {@code build of demo/web failed at step 3/5: RUN apk add foo: exit code 127}.
 */
public class BuildFailedException extends RuntimeException {

    private final String image;
    private final String step;
    private final String reason;
    private final transient List<String> log;

    /**
     * @param image  the image being built
     * @param step   the step that failed ({@code 3/5: RUN apk add foo}), or {@code null} when none had started
     * @param reason why, in the engine's words
     * @param log    every line the engine had streamed
     * @param cause  the underlying exception, or {@code null}
     */
    public BuildFailedException(String image, String step, String reason, List<String> log, Throwable cause) {
        super("build of " + image + " failed" + (step == null ? "" : " at step " + step) + ": " + reason, cause);
        this.image = image;
        this.step = step;
        this.reason = reason;
        this.log = List.copyOf(log);
    }

    public String image() {
        return image;
    }

    /** The step that failed, or {@code null} when the engine failed before the first step. */
    public String step() {
        return step;
    }

    public String reason() {
        return reason;
    }

    public List<String> log() {
        return log;
    }
}
