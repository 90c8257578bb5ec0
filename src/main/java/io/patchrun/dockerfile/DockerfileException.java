package io.patchrun.dockerfile;

/**
 * A Dockerfile that Docker would not build, or whose bases cannot be known. The message reads
 * {@code Dockerfile:7: unknown instruction 'FORM' (did you mean FROM?)}: file, line, then what is wrong.
 */
public class DockerfileException extends RuntimeException {

    private final String fileName;
    private final int line;
    private final String reason;

    public DockerfileException(String fileName, int line, String reason) {
        this(fileName, line, reason, null);
    }

    public DockerfileException(String fileName, int line, String reason, Throwable cause) {
        super(fileName + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.fileName = fileName;
        this.line = line;
        this.reason = reason;
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
