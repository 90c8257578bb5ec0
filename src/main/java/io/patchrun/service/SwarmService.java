package io.patchrun.service;

import java.util.Map;
import java.util.Objects;

import io.patchrun.container.HostAccess;

/**
 * One Swarm service as the engine reports it.
 *
 * @param id          the service's id
 * @param name        its name
 * @param image       the image its spec names, as written there (often pinned: {@code name:tag@sha256:...})
 * @param labels      the service's own labels (not its containers')
 * @param version     the spec's version index, which an update must name
 * @param update      how its last update went; {@code null} when it was never updated
 * @param own         the update settings its spec declares; {@code null} when it declares none
 * @param replicas    how many tasks it asks for; {@code null} for a global service
 * @param access      what its tasks may reach of the host, for the policy gate
 */
public record SwarmService(String id, String name, String image, Map<String, String> labels, long version, UpdateProgress update,
                           UpdateSettings own, Integer replicas, HostAccess access) {

    public SwarmService {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image of service " + name);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        access = access == null ? HostAccess.NONE : access;
    }
}
