package io.patchrun.pipeline;

import java.util.Objects;

/**
 * A smoke check that asks the container over HTTP and expects one status.
 *
 * @param port   container port, 1-65535
 * @param path   request path, starting with {@code /}
 * @param status expected HTTP status, 100-599
 */
public record HttpCheck(int port, String path, int status) {

    public static final String DEFAULT_PATH = "/";
    public static final int DEFAULT_STATUS = 200;

    public HttpCheck {
        Objects.requireNonNull(path, "path");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("HTTP check port must be 1-65535, got " + port);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("HTTP check path must start with '/', got '" + path + "'");
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP check status must be 100-599, got " + status);
        }
    }
}
