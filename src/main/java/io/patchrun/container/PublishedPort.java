package io.patchrun.container;

import java.util.Objects;

/**
 * A container port reachable on the host.
 *
 * @param containerPort the port inside, with its protocol ({@code 8080/tcp})
 * @param hostIp        the host address it is bound to ({@code 127.0.0.1}, {@code 0.0.0.0})
 * @param hostPort      the host port
 */
public record PublishedPort(String containerPort, String hostIp, int hostPort) {

    public PublishedPort {
        Objects.requireNonNull(containerPort, "containerPort");
        if (!containerPort.contains("/")) {
            containerPort = containerPort + "/tcp";
        }
        hostIp = hostIp == null || hostIp.isBlank() ? "0.0.0.0" : hostIp;
        if (hostPort < 1 || hostPort > 65535) {
            throw new IllegalArgumentException("host port " + hostPort + " of container port " + containerPort + " is not in 1-65535");
        }
    }

    /** An address to reach the port from this host: a wildcard binding is reached over loopback. */
    public String reachableHost() {
        return switch (hostIp) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::" -> "[::1]";
            default -> hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
        };
    }
}
