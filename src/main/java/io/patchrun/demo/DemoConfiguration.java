package io.patchrun.demo;

import com.github.dockerjava.api.DockerClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.build.ImagePusher;
import io.patchrun.docker.DockerClients;

/** The demo's engine, through the server's engine client (which it leaves open) and its image pusher. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDemo
class DemoConfiguration {

    @Bean
    DemoEngine demoEngine(DockerClient docker, ImagePusher pusher, @Value("${patchrun.docker.host:}") String host) {
        return new DockerDemoEngine(docker, pusher, DockerClients.describe(host), false);
    }
}
