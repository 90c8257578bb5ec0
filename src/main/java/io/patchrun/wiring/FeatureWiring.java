package io.patchrun.wiring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.container.Containers;
import io.patchrun.fleet.FleetReader;
import io.patchrun.history.RolloutLog;
import io.patchrun.retain.ImageStore;
import io.patchrun.retain.Retention;
import io.patchrun.rollout.ContainerRollouts;
import io.patchrun.rollout.RollbackTo;
import io.patchrun.rollout.Rollover;
import io.patchrun.source.GitSources;
import io.patchrun.time.Pause;
import io.patchrun.watch.DigestCheckListener;
import io.patchrun.watch.DigestChecker;
import io.patchrun.watch.RegistryClient;
import io.patchrun.watch.RegistryCredentials;
import io.patchrun.watch.RegistryLogins;
import io.patchrun.watch.RegistryOptions;

/** Wires the features a patch run composes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PatchrunProperties.class, RegistryProperties.class})
class FeatureWiring {

    @Bean
    GitSources gitSources(PatchrunProperties properties) {
        return new GitSources(properties.gitWorkspace(), properties.git());
    }

    @Bean
    FleetReader fleetReader(GitSources sources) {
        return new FleetReader(sources::checkout);
    }

    /** The registry logins digest checks and the engine's builds, pushes and pulls share. */
    @Bean
    RegistryLogins registryLogins(RegistryProperties properties, Clock clock) {
        List<RegistryCredentials> configured = new ArrayList<>();
        for (int i = 0; i < properties.credentials().size(); i++) {
            RegistryProperties.Login login = properties.credentials().get(i);
            configured.add(new RegistryCredentials(login.registry(), login.username(), login.password(),
                    "patchrun.registry.credentials[" + i + "]"));
        }
        return new RegistryLogins(configured, properties.dockerConfig(),
                RegistryLogins.searchPath(properties.credentialHelperPath()), clock);
    }

    @Bean
    RegistryClient registryClient(RegistryProperties properties, RegistryLogins logins, Clock clock) {
        return new RegistryClient(new RegistryOptions(properties.connectTimeout(), properties.requestTimeout()), logins, clock);
    }

    @Bean
    DigestChecker digestChecker(RegistryClient registry, RegistryProperties properties, List<DigestCheckListener> listeners) {
        return new DigestChecker(registry, properties.parallel(), check -> listeners.forEach(listener -> listener.checked(check)));
    }

    @Bean
    Retention retention(ImageStore images) {
        return new Retention(images);
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService rolloutThreads() {
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "rollover");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    Rollover rollover(Containers containers, RolloutLog log, Clock clock) {
        return new Rollover(containers, new JournalToHistory(log, clock), clock, Pause.sleeping());
    }

    /** For rollbacks; a patch run makes its own, bounded by the pipeline's {@code parallel.rollouts}. */
    @Bean
    ContainerRollouts fleetRollout(Containers containers, Rollover rollover, ExecutorService rolloutThreads) {
        return new ContainerRollouts(containers, rollover, rolloutThreads);
    }

    @Bean
    RollbackTo rollbackTo(Containers containers, ContainerRollouts fleet) {
        return new RollbackTo(containers, fleet);
    }
}
