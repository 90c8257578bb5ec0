package io.patchrun.docker;

import java.time.Clock;

import com.github.dockerjava.api.DockerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.build.BasePins;
import io.patchrun.build.ImageBuilder;
import io.patchrun.build.ImagePusher;
import io.patchrun.smoke.ContainerSmokeRunner;
import io.patchrun.smoke.SmokeRunner;
import io.patchrun.time.Pause;
import io.patchrun.watch.RegistryLogins;

/** The engine-backed building, pushing and smoke-testing the patch run uses. */
@Configuration(proxyBeanMethods = false)
class DockerBuildConfiguration {

    @Bean
    ImageBuilder imageBuilder(DockerClient docker, RegistryLogins logins) {
        return new DockerImageBuilder(docker, new EngineLogins(logins), Clock.systemUTC());
    }

    @Bean
    ImagePusher imagePusher(DockerClient docker, RegistryLogins logins) {
        return new DockerImagePusher(docker, new EngineLogins(logins));
    }

    @Bean
    BasePins basePins(DockerClient docker, RegistryLogins logins) {
        return new DockerBasePins(docker, new EngineLogins(logins));
    }

    @Bean
    SmokeRunner smokeRunner(DockerClient docker) {
        return new ContainerSmokeRunner(new DockerSmokeContainers(docker), Clock.systemUTC(), Pause.sleeping());
    }
}
