package io.patchrun.docker;

import com.github.dockerjava.api.DockerClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.container.Engines;
import io.patchrun.retain.ImageStore;
import io.patchrun.status.EngineProbes;
import io.patchrun.watch.RegistryLogins;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DockerProperties.class, EnginesProperties.class})
class DockerConfiguration {

    @Bean(destroyMethod = "close")
    DockerEngines dockerEngines(EnginesProperties engines, DockerProperties properties, RegistryLogins logins) {
        return new DockerEngines(engines.addresses(properties.address()), logins);
    }

    @Bean
    Engines engines(DockerEngines docker) {
        return docker.engines();
    }

    /** The build engine's client: builds, pushes, smoke tests. Closed with the others by {@link DockerEngines}. */
    @Bean(destroyMethod = "")
    DockerClient dockerClient(DockerEngines docker) {
        return docker.buildClient();
    }

    @Bean
    ImageStore imageStore(Engines engines) {
        return engines.build().images();
    }

    @Bean
    EngineProbes engineProbes(DockerEngines docker) {
        return new EngineProbes(docker.probes());
    }
}
