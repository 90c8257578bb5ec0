package io.patchrun.wiring;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.container.Containers;
import io.patchrun.fleet.FleetReader;
import io.patchrun.history.HistoryJournal;
import io.patchrun.history.RolloutLog;
import io.patchrun.retain.ImageStore;
import io.patchrun.retain.Retention;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverRecovery;
import io.patchrun.source.GitSources;
import io.patchrun.time.Pause;
import io.patchrun.watch.DigestChecker;
import io.patchrun.watch.RegistryClient;
import io.patchrun.watch.RegistryCredentials;
import io.patchrun.watch.RegistryOptions;

/** Wires the features a patch run composes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PatchrunProperties.class, RegistryProperties.class, RolloutProperties.class})
class FeatureWiring {

    @Bean
    GitSources gitSources(PatchrunProperties properties) {
        return new GitSources(properties.gitWorkspace(), properties.git().credentials());
    }

    @Bean
    FleetReader fleetReader(GitSources sources) {
        return new FleetReader(sources::checkout);
    }

    @Bean
    RegistryClient registryClient(RegistryProperties properties, Clock clock) {
        return new RegistryClient(new RegistryOptions(properties.connectTimeout(), properties.requestTimeout(),
                properties.credentials().stream().map(c -> new RegistryCredentials(c.registry(), c.username(), c.password())).toList(),
                RegistryOptions.defaultDockerConfig()), clock);
    }

    @Bean
    DigestChecker digestChecker(RegistryClient registry, RegistryProperties properties) {
        return new DigestChecker(registry, properties.parallel());
    }

    @Bean
    Retention retention(ImageStore images) {
        return new Retention(images);
    }

    @Bean
    HistoryJournal rolloutJournal(RolloutLog log, Clock clock) {
        return new HistoryJournal(log, clock);
    }

    @Bean
    Rollover rollover(Containers containers, HistoryJournal journal, Clock clock) {
        return new Rollover(containers, journal, clock, Pause.sleeping());
    }

    @Bean
    RolloverShutdown rolloverShutdown(Rollover rollover, RolloutProperties properties) {
        return new RolloverShutdown(rollover.underWay(), properties.shutdownGrace());
    }

    @Bean
    RolloverRecovery rolloverRecovery(Containers containers, Clock clock) {
        return new RolloverRecovery(containers, clock, Pause.sleeping());
    }
}
