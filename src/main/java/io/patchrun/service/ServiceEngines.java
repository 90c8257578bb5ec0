package io.patchrun.service;

/** The Swarm services of each engine Patchrun drives, by the engine's name. */
public interface ServiceEngines {

    /**
     * The services of engine {@code engine}: none when it is not a swarm manager.
     *
     * @throws IllegalArgumentException when no engine has that name
     */
    Services on(String engine);
}
