package io.patchrun.policy;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Host paths in one spelling, so that a deny list compares like with like: repeated and trailing slashes, {@code .}
 * and {@code ..} are resolved as text, and {@code /var/run}, a symbolic link to {@code /run} on the hosts Docker runs
 * on, is written {@code /run}. The file system is never asked: the paths are the host's, not this process's.
 */
final class HostPaths {

    private static final String VAR_RUN = "/var/run";
    private static final String RUN = "/run";

    private HostPaths() {
    }

    /** @throws IllegalArgumentException when {@code path} is not absolute */
    static String normalise(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("must be an absolute host path such as /etc, got '" + path + "'");
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        String joined = "/" + String.join("/", parts);
        return joined.equals(VAR_RUN) || joined.startsWith(VAR_RUN + "/") ? RUN + joined.substring(VAR_RUN.length()) : joined;
    }

    /** Whether {@code path} is {@code folder} or lies under it; both normalised. */
    static boolean within(String path, String folder) {
        return path.equals(folder) || folder.equals("/") || path.startsWith(folder + "/");
    }
}
