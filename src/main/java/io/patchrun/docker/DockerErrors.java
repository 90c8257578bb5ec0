package io.patchrun.docker;

import com.github.dockerjava.api.exception.DockerException;

/** Turns docker-java's exceptions into the engine's own words. */
public final class DockerErrors {

    private DockerErrors() {
    }

    public static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof DockerException docker) {
            String body = docker.getMessage();
            return body == null ? "HTTP " + docker.getHttpStatus() : body.strip();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
