package io.patchrun.docker;

import com.github.dockerjava.api.DockerClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.retain.ImageStore;
import io.patchrun.status.EngineProbe;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DockerProperties.class)
class DockerConfiguration {

    @Bean(destroyMethod = "close")
    DockerClient dockerClient(DockerProperties properties) {
        return DockerClients.connectTo(properties.address());
    }

    @Bean
    ImageStore imageStore(DockerClient docker) {
        return new DockerImageStore(docker);
    }

    @Bean
    EngineProbe engineProbe(DockerClient docker, DockerProperties properties) {
        return new DockerEngineProbe(docker, DockerClients.describe(properties.host()));
    }
}
