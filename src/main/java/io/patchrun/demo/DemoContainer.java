package io.patchrun.demo;

import java.util.Map;
import java.util.Objects;

/**
 * A long-running container of the demo fleet, published on loopback only.
 *
 * @param name          container name ({@code demo-web})
 * @param image         what it runs ({@code demo/web:latest})
 * @param hostPort      port on 127.0.0.1
 * @param containerPort port the app listens on inside
 * @param env           environment, in order
 * @param labels        labels, in order
 */
public record DemoContainer(String name, String image, int hostPort, int containerPort, Map<String, String> env,
                            Map<String, String> labels) {

    /** Marks every container the demo made, so they can be found and removed together. */
    public static final String LABEL = "io.patchrun.demo";

    public DemoContainer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        requirePort(hostPort, "host port of container " + name);
        requirePort(containerPort, "container port of container " + name);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 1-65535, got " + port);
        }
    }

    /** The URL its app answers on from this machine. */
    public String url() {
        return "http://127.0.0.1:" + hostPort + "/";
    }
}
