package io.patchrun.docker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.dockerjava.api.DockerClient;

import io.patchrun.packages.PackageLists;

/** The package lists of the versions Patchrun built, read from their images on the build engine, where they are built. */
@Configuration(proxyBeanMethods = false)
class DockerPackagesConfiguration {

    @Bean
    PackageLists packageLists(DockerClient dockerClient) {
        return new PackageLists(new DockerImageFiles(dockerClient));
    }
}
