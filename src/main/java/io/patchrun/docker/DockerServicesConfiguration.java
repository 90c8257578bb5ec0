package io.patchrun.docker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.service.ServiceEngines;
import io.patchrun.service.Services;

/** The Swarm services of each engine of {@link DockerConfiguration}, for rollouts to services. */
@Configuration(proxyBeanMethods = false)
class DockerServicesConfiguration {

    @Bean
    ServiceEngines serviceEngines(DockerEngines engines) {
        Map<String, Services> byName = new ConcurrentHashMap<>();
        return engine -> byName.computeIfAbsent(engine, name -> new DockerServices(engines.client(name)));
    }
}
