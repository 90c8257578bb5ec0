package io.patchrun.smoke;

/**
 * A GET that must be answered with {@code status}.
 *
 * @param port   the container's port, published on 127.0.0.1 for the check
 * @param path   the path to request; {@code null} means {@code /}
 * @param status the expected status; 0 means 200
 */
public record HttpCheck(int port, String path, int status) {

    public HttpCheck {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("an HTTP check needs a port from 1 to 65535, not " + port);
        }
        path = path == null ? "/" : path;
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an HTTP check's path must start with /, not '" + path + "'");
        }
        status = status == 0 ? 200 : status;
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("an HTTP check expects a status from 100 to 599, not " + status);
        }
    }
}
