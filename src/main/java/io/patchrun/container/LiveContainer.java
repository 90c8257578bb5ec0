package io.patchrun.container;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A running container as a readiness check sees it.
 *
 * @param id    its id
 * @param name  its name
 * @param ports its ports published on the host
 */
public record LiveContainer(String id, String name, List<PublishedPort> ports) {

    public LiveContainer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** Where container port {@code port} ({@code 8080} or {@code 8080/udp}) is published, if it is. */
    public Optional<PublishedPort> published(String port) {
        String wanted = port.contains("/") ? port : port + "/tcp";
        return ports.stream().filter(p -> p.containerPort().equals(wanted)).findFirst();
    }
}
