package io.patchrun.service;

import java.util.List;
import java.util.Optional;

import io.patchrun.image.ImageRef;

/**
 * The Swarm services of one engine, in the terms of a rollout: the port the Docker engine adapter implements, one
 * per engine. An engine that is not a swarm manager has no services: {@link #list()} answers an empty list, without
 * an error.
 */
public interface Services {

    /** Every service of the swarm this engine manages; empty when the engine is no swarm manager. */
    List<SwarmService> list();

    /**
     * One service as it is now.
     *
     * @throws ServiceException naming the service when the engine cannot say, or it is gone
     */
    SwarmService inspect(String id);

    /**
     * Sets the service's image to {@code image} and its update (and rollback) settings to {@code settings}, at the
     * version {@code version} the service was read at; the rest of its spec stays exactly as it is. Swarm then
     * replaces its tasks with its own rolling update.
     *
     * @throws ServiceException with the engine's words when it refuses (another change came first, say)
     */
    void update(String id, long version, String image, UpdateSettings settings);

    /** The service's tasks the engine still knows about, those being shut down or gone included. */
    List<ServiceTask> tasks(String id);

    /**
     * The reference every node can pull {@code pushed} by: the name and tag pinned to the digest the registry
     * answered when the image was pushed ({@code 127.0.0.1:5000/demo/web:20261201-1030-ab@sha256:...}); empty when this
     * engine knows no such push.
     */
    Optional<String> pinned(ImageRef pushed);
}
