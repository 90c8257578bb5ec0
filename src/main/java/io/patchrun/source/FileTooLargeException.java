package io.patchrun.source;

import java.util.Locale;

/**
 * A file of a checkout that is larger than its reader reads. Reading stopped at the limit, so the file's
 * size beyond it is unknown; {@link #line()} says where in the file the limit falls.
 */
public class FileTooLargeException extends RuntimeException {

    private final String path;
    private final int limit;
    private final int line;

    /**
     * @param path  the file, relative to the checkout
     * @param limit the most bytes read
     * @param line  the 1-based line the limit falls on
     */
    public FileTooLargeException(String path, int limit, int line) {
        super(path + " is larger than " + String.format(Locale.ROOT, "%,d", limit) + " bytes, the most read of it; the limit falls on line " + line);
        this.path = path;
        this.limit = limit;
        this.line = line;
    }

    public String path() {
        return path;
    }

    /** The most bytes read. */
    public int limit() {
        return limit;
    }

    /** The 1-based line the limit falls on. */
    public int line() {
        return line;
    }
}
