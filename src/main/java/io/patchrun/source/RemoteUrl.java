package io.patchrun.source;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.patchrun.pipeline.Redaction;

/**
 * A Git remote as JGit should be given it, and as messages and folder names may show it.
 *
 * @param value   what JGit clones: the URL as given, or a local path made absolute
 * @param display {@code value} without user name or password
 */
record RemoteUrl(String value, String display) {

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");
    /** Git's scp-like form {@code [user@]host:path}: a colon before any slash. */
    private static final Pattern SCP_LIKE = Pattern.compile("[^/]+:.*");
    /** The start of an scp-like remote before its colon, {@code git@git.example.com}. */
    private static final Pattern USER_AT_HOST = Pattern.compile("[^/@:\\s]+@[^/@:\\s]+");
    private static final Pattern PASSWORD = Pattern.compile("://[^/@:\\s]*:([^/@\\s]+)@");

    static RemoteUrl of(String url) {
        String value = url.strip();
        if (!SCHEME.matcher(value).matches() && !SCP_LIKE.matcher(value).matches()) {
            value = absolutePath(value);
        }
        return new RemoteUrl(value, stripUserInfo(value));
    }

    private static String absolutePath(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + path + "' is neither a URL nor a usable path: " + e.getReason(),
                    e);
        }
    }

    static boolean hasUserInfo(String text) {
        return Redaction.hasUserInfo(text);
    }

    /** Removes {@code user:password@} from every URL in {@code text}. */
    static String stripUserInfo(String text) {
        return Redaction.userInfo(text);
    }

    /** The password written into the URL, if any, so messages can leave it out wherever it shows. */
    List<String> passwords() {
        Matcher matcher = PASSWORD.matcher(value);
        return matcher.find() ? List.of(matcher.group(1)) : List.of();
    }

    boolean isSsh() {
        return isSsh(value);
    }

    boolean isHttp() {
        return isHttp(value);
    }

    /** Whether {@code url} (or the start of one) is an SSH remote: {@code ssh://}, or scp-like {@code [user@]host:path}. */
    static boolean isSsh(String url) {
        return url.startsWith("ssh://") || url.startsWith("git+ssh://") || url.startsWith("ssh+git://")
                || !SCHEME.matcher(url).matches() && (SCP_LIKE.matcher(url).matches() || USER_AT_HOST.matcher(url).matches());
    }

    static boolean isHttp(String url) {
        return url.startsWith("http://") || url.startsWith("https://");
    }
}
