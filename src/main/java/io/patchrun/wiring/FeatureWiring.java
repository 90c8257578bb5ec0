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
import io.patchrun.container.Engines;
import io.patchrun.container.VolumeArchives;
import io.patchrun.fleet.FleetReader;
import io.patchrun.history.HistoryJournal;
import io.patchrun.history.RolloutLog;
import io.patchrun.history.RunLeases;
import io.patchrun.policy.PolicyRules;
import io.patchrun.retain.ImageStore;
import io.patchrun.retain.Retention;
import io.patchrun.rollout.EngineRollovers;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverRecovery;
import io.patchrun.rollout.VolumeSnapshots;
import io.patchrun.source.GitSources;
import io.patchrun.source.RunCheckouts;
import io.patchrun.time.Pause;
import io.patchrun.watch.DigestCheckListener;
import io.patchrun.watch.DigestChecker;
import io.patchrun.watch.RegistryClient;
import io.patchrun.watch.RegistryCredentials;
import io.patchrun.watch.RegistryLogins;
import io.patchrun.watch.RegistryOptions;

/** Wires the features a patch run composes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PatchrunProperties.class, RegistryProperties.class, RolloutProperties.class, PolicyProperties.class})
class FeatureWiring {

    @Bean
    GitSources gitSources(PatchrunProperties properties) {
        return new GitSources(properties.gitWorkspace(), properties.git());
    }

    @Bean
    FleetReader fleetReader(GitSources sources) {
        return new FleetReader(sources::fetch);
    }

    @Bean
    RunCheckouts runCheckouts(PatchrunProperties properties) {
        return new RunCheckouts(properties.runCheckouts());
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

    @Bean
    HistoryJournal rolloutJournal(RolloutLog log, Clock clock, RunLeases leases) {
        return new HistoryJournal(log, clock, leases.instance());
    }

    @Bean
    VolumeSnapshots volumeSnapshots(VolumeArchives archives, PatchrunProperties properties, Clock clock) {
        return new VolumeSnapshots(archives, properties.snapshotsDir(), clock);
    }

    @Bean
    Rollover rollover(Containers containers, HistoryJournal journal, Clock clock, VolumeSnapshots snapshots) {
        return new Rollover(containers, journal, clock, Pause.sleeping()).withSnapshots(snapshots);
    }

    /** Each engine's rollovers; another engine's volume snapshots go to a folder of its own under the snapshots folder. */
    @Bean
    EngineRollovers engineRollovers(Engines engines, Rollover rollover, VolumeSnapshots snapshots, PatchrunProperties properties, Clock clock) {
        return new EngineRollovers(engines, rollover, snapshots,
                engine -> new VolumeSnapshots(engine.volumes(), properties.snapshotsDir().resolve("engine-" + engine.name()), clock));
    }

    @Bean
    RolloverShutdown rolloverShutdown(Rollover rollover, RolloutProperties properties) {
        return new RolloverShutdown(rollover.underWay(), properties.shutdownGrace());
    }

    /** What the policy gate refuses, for every pipeline; each pipeline adds its own exceptions. */
    @Bean
    PolicyRules policyRules(PolicyProperties properties) {
        return properties.rules();
    }

    @Bean
    RolloverRecovery rolloverRecovery(Containers containers, Clock clock, VolumeSnapshots snapshots) {
        return new RolloverRecovery(containers, clock, Pause.sleeping()).withSnapshots(snapshots);
    }
}
