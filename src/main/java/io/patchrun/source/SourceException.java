package io.patchrun.source;

/**
 * A repository that could not be fetched or checked out. The message names the URL (never with
 * credentials), the ref and Git's reason, so the caller can fail just that repository's images.
 */
public class SourceException extends RuntimeException {

    private final String url;
    private final String ref;

    /**
     * @param url    the remote's URL without credentials
     * @param ref    the branch or tag asked for, or {@code null} for the remote's HEAD
     * @param reason why, in Git's words where Git gave them
     */
    public SourceException(String url, String ref, String reason) {
        this(url, ref, reason, null);
    }

    SourceException(String url, String ref, String reason, Throwable cause) {
        super("cannot check out " + describe(ref) + " of " + url + ": " + reason, cause);
        this.url = url;
        this.ref = ref;
    }

    /** The remote's URL without credentials. */
    public String url() {
        return url;
    }

    /** The branch or tag asked for, or {@code null} for the remote's HEAD. */
    public String ref() {
        return ref;
    }

    private static String describe(String ref) {
        return ref == null ? "the remote's HEAD" : "'" + ref + "'";
    }
}
