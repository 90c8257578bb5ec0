package io.patchrun.dockerfile;

/**
 * A Dockerfile that Docker would not build, or whose bases cannot be known. The message reads
 * {@code Dockerfile:7: unknown instruction 'FORM' (did you mean FROM?)}: file, line, then what is wrong.
 * A reason that quotes a very long line is shortened in its middle, so the message stays readable and
 * fits where runs are recorded.
 */
public class DockerfileException extends RuntimeException {

    /** The longest reason kept whole; a longer one keeps its start and end. */
    static final int MAX_REASON = 2_000;
    private static final int KEPT_END = 200;

    private final String fileName;
    private final int line;
    private final String reason;

    public DockerfileException(String fileName, int line, String reason) {
        this(fileName, line, reason, null);
    }

    public DockerfileException(String fileName, int line, String reason, Throwable cause) {
        super(fileName + (line > 0 ? ":" + line : "") + ": " + shortened(reason), cause);
        this.fileName = fileName;
        this.line = line;
        this.reason = shortened(reason);
    }

    /** Text from the file as a message quotes it: whole when short, else its start and its length. */
    static String quoted(String text) {
        return text.length() <= 80 ? text : text.substring(0, 60) + "... (" + ExpansionBudget.number(text.length()) + " characters)";
    }

    private static String shortened(String reason) {
        if (reason.length() <= MAX_REASON) {
            return reason;
        }
        int keptStart = MAX_REASON - KEPT_END;
        int leftOut = reason.length() - keptStart - KEPT_END;
        return reason.substring(0, keptStart) + " [... " + ExpansionBudget.number(leftOut) + " characters left out ...] "
                + reason.substring(reason.length() - KEPT_END);
    }

    public String fileName() {
        return fileName;
    }

    /** The 1-based line the problem starts on, or 0 when it concerns the whole file (no FROM at all). */
    public int line() {
        return line;
    }

    /** The message without the file and line. */
    public String reason() {
        return reason;
    }
}
