package io.patchrun.pipeline;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URLs as they may be logged, shown, recorded or put in an image label. A Git or registry URL keeps its path,
 * which names the repository, but never its user info ({@link #userInfo}); a notification URL keeps only its
 * scheme, host, port and first path segment ({@link #url}).
 */
public final class Redaction {

    /** An http(s) URL in text: up to the next space or quote, without a closing punctuation mark. */
    private static final Pattern HTTP_URL = Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>]*[^\\s\"'<>.,;:)\\]]");
    /** The user info of a {@code scheme://user:password@host} URL, up to the last {@code @} before the host. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/\\s]*@");

    private Redaction() {
    }

    /**
     * {@code text} with the {@code user:password@} of every URL in it removed: a Git repository given as
     * {@code https://bot:token@git.example.com/team/web.git} is shown as {@code https://git.example.com/team/web.git}.
     * A password with an {@code @} of its own goes too.
     */
    public static String userInfo(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("");
    }

    /** Whether {@code text} holds a URL with user info. */
    public static boolean hasUserInfo(String text) {
        return text != null && USER_INFO.matcher(text).find();
    }

    /**
     * A notification URL: webhook URLs carry their secret in the path (Slack's {@code /services/T0/B0/XXX}), the
     * query ({@code ?token=}) or the user info, so only scheme, host, port and the first path segment are kept.
     */
    public static String url(URI uri) {
        if (uri.getHost() == null) {
            return "(a URL without a host)";
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String[] segments = path.split("/");
        String kept = segments.length > 1 ? "/" + segments[1] : "";
        boolean more = path.length() > kept.length() + 1 || uri.getRawQuery() != null || uri.getRawUserInfo() != null;
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + kept + (more ? "/…" : "");
    }

    public static String url(String text) {
        try {
            return url(new URI(text));
        } catch (URISyntaxException e) {
            return "(not a URL)";
        }
    }

    /**
     * {@code text} with every http(s) URL in it redacted as {@link #url(URI)} does: for messages that may quote a
     * target's URL, such as a webhook's answer echoing the request. Redacting a redacted URL changes nothing.
     */
    public static String urlsIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher found = HTTP_URL.matcher(text);
        StringBuilder redacted = new StringBuilder();
        while (found.find()) {
            found.appendReplacement(redacted, Matcher.quoteReplacement(url(found.group())));
        }
        return found.appendTail(redacted).toString();
    }
}
