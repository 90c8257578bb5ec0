package io.patchrun.container;

import java.util.List;
import java.util.Objects;

/**
 * An inspected container.
 *
 * @param id             the engine's full id
 * @param name           its name, without the engine's leading slash
 * @param imageId        the id of the image it runs
 * @param spec           how to create it again
 * @param state          its process and health
 * @param ports          its ports published on the host, once it runs
 * @param notCarriedOver its settings that a replacement would not get, each a reason naming the engine's field: a
 *                       container with any is not rolled over
 * @param access         what it may reach of the host: privileges, host mounts, capabilities, namespaces
 */
public record ContainerDetails(String id, String name, String imageId, ContainerSpec spec, ContainerState state, List<PublishedPort> ports,
                               List<String> notCarriedOver, HostAccess access) {

    public ContainerDetails {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        ports = ports == null ? List.of() : List.copyOf(ports);
        notCarriedOver = notCarriedOver == null ? List.of() : List.copyOf(notCarriedOver);
        Objects.requireNonNull(access, "access");
    }

    /** A container whose every setting a replacement gets, with no access to the host beyond what every container gets. */
    public ContainerDetails(String id, String name, String imageId, ContainerSpec spec, ContainerState state, List<PublishedPort> ports) {
        this(id, name, imageId, spec, state, ports, List.of(), HostAccess.NONE);
    }

    /** The first 12 characters of the id, as the Docker CLI shows it. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    public String label(String key) {
        return spec.config().labels().get(key);
    }
}
