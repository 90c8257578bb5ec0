package io.patchrun.docker;

import com.github.dockerjava.api.DockerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.container.Containers;
import io.patchrun.container.VolumeArchives;

/** The engine's containers for the rollout feature, through the engine client of {@link DockerConfiguration}. */
@Configuration(proxyBeanMethods = false)
class DockerContainersConfiguration {

    @Bean
    Containers containers(DockerClient docker) {
        return new DockerContainers(docker);
    }

    @Bean
    VolumeArchives volumeArchives(DockerClient docker) {
        return new DockerVolumeArchives(docker);
    }
}
