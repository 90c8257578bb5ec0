package io.patchrun.docker;

import com.github.dockerjava.api.DockerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.service.Services;

/** The Swarm services of the engine of {@link DockerConfiguration}, for rollouts to services. */
@Configuration(proxyBeanMethods = false)
class DockerServicesConfiguration {

    @Bean
    Services services(DockerClient docker) {
        return new DockerServices(docker);
    }
}
