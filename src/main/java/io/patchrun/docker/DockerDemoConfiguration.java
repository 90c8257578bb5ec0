package io.patchrun.docker;

import com.github.dockerjava.api.DockerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.demo.DemoEngine;

/** The demo's engine, through the engine client of {@link DockerConfiguration}, which it leaves open. */
@Configuration(proxyBeanMethods = false)
class DockerDemoConfiguration {

    @Bean
    DemoEngine demoEngine(DockerClient docker, DockerProperties properties) {
        return new DockerDemoEngine(docker, DockerClients.describe(properties.host()), false);
    }
}
