package io.patchrun.web;

import static org.mockito.Mockito.mock;

import java.util.List;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.patchrun.container.Containers;
import io.patchrun.container.Engine;
import io.patchrun.container.Engines;
import io.patchrun.container.ImageCopies;
import io.patchrun.container.VolumeArchives;
import io.patchrun.retain.ImageStore;

/** For slice tests: the one engine, {@code local}, whose containers are the test's {@link Containers}. */
@TestConfiguration(proxyBeanMethods = false)
class OneEngine {

    @Bean
    Engines engines(Containers containers) {
        return new Engines(List.of(new Engine(Engines.DEFAULT_NAME, "unix:///var/run/docker.sock", true, containers, mock(VolumeArchives.class),
                mock(ImageStore.class), mock(ImageCopies.class))));
    }
}
