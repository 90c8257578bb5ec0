package io.patchrun.docker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.container.Containers;
import io.patchrun.container.Engines;
import io.patchrun.container.VolumeArchives;

/** The build engine's containers for the rollout feature; the other engines' are in {@link Engines}. */
@Configuration(proxyBeanMethods = false)
class DockerContainersConfiguration {

    @Bean
    Containers containers(Engines engines) {
        return engines.build().containers();
    }

    @Bean
    VolumeArchives volumeArchives(Engines engines) {
        return engines.build().volumes();
    }
}
