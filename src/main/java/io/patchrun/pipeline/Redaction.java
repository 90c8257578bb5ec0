package io.patchrun.pipeline;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A notification URL as it may be logged or shown: webhook URLs carry their secret in the path (Slack's
 * {@code /services/T0/B0/XXX}), the query ({@code ?token=}) or the user info, so only scheme, host, port and
 * the first path segment are kept.
 */
public final class Redaction {

    private Redaction() {
    }

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
}
