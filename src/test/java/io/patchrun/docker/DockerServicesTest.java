package io.patchrun.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.LocalNodeState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.patchrun.image.ImageRef;
import io.patchrun.service.ServiceTask;
import io.patchrun.service.SwarmService;
import io.patchrun.service.UpdateProgress;
import io.patchrun.service.UpdateSettings;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.SingleNodeSwarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine adapter for Swarm services on a single-node swarm: what it reads of a service for the policy gate and
 * the update, an update that changes only the image and the update settings (fields docker-java's model does not
 * know, such as {@code CapabilityAdd}, survive it), and the pushed reference pinned by the registry's digest.
 */
@EngineTest
class DockerServicesTest {

    private static Engine engine;
    private static DockerServices services;
    private static boolean swarmBefore;
    private static SingleNodeSwarm swarm;
    private static String serviceId;

    @BeforeAll
    static void swarm(Engine realEngine) {
        engine = realEngine;
        services = new DockerServices(engine.docker());
        swarmBefore = engine.docker().infoCmd().exec().getSwarm().getLocalNodeState() == LocalNodeState.ACTIVE;
        if (!swarmBefore) {
            assertThat(services.list()).as("services of an engine in no swarm").isEmpty();
        }
        swarm = SingleNodeSwarm.on(engine.docker());
    }

    @AfterAll
    static void leave() {
        if (serviceId != null) {
            engine.docker().removeServiceCmd(serviceId).exec();
        }
        if (swarm != null) {
            swarm.close();
        }
    }

    @Test
    void update_changesOnlyTheImageAndTheUpdateSettings_andThePolicyGateSeesTheSocketMount() {
        ImageRef v1 = engine.makeBase("svc", "v1");
        ImageRef v2 = engine.makeBase("svc", "v2");
        String name = engine.token() + "-svc";
        Map<String, Object> created = EngineRequests.of(engine.docker()).post("/services/create", Map.of(
                "Name", name,
                "Labels", Map.of("io.patchrun.enable", "true"),
                // The host's network: the test needs no network, and no bridge of the engine's.
                "TaskTemplate", Map.of("Networks", List.of(Map.of("Target", "host")), "ContainerSpec", Map.of(
                        "Image", v1.familiarName() + ":v1",
                        "Args", List.of("sleep", "1000"),
                        "Env", List.of("FLAVOUR=slim"),
                        "Labels", engine.labels(),
                        "CapabilityAdd", List.of("CAP_NET_ADMIN"),
                        "Mounts", List.of(Map.of("Type", "bind", "Source", "/var/run/docker.sock", "Target", "/var/run/docker.sock", "ReadOnly", true)))),
                "Mode", Map.of("Replicated", Map.of("Replicas", 1))));
        serviceId = String.valueOf(created.get("ID"));

        SwarmService service = services.list().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        assertThat(service.labels()).containsEntry("io.patchrun.enable", "true");
        assertThat(service.own()).as("a service created without update settings declares none").isNull();
        assertThat(service.replicas()).isEqualTo(1);
        assertThat(service.access().hostPaths()).containsExactly("/var/run/docker.sock");
        assertThat(service.access().addedCapabilities()).containsExactly("CAP_NET_ADMIN");

        String pinned = services.pinned(v2.withTag("v2")).orElseThrow();
        assertThat(pinned).isEqualTo(v2.familiarName() + ":v2@" + engine.registryDigest(v2.familiarName(), "v2").value());
        assertThat(services.pinned(ImageRef.parse(engine.registryName("never-pushed") + ":v1"))).isEmpty();

        services.update(serviceId, service.version(), pinned, UpdateSettings.zeroDowntime(Duration.ofSeconds(2)));

        UpdateProgress settled = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> services.inspect(serviceId).update(), progress -> progress != null && progress.state().settled());
        assertThat(settled.state()).as("Swarm's verdict: %s; tasks: %s", settled.message(), services.tasks(serviceId))
                .isEqualTo(UpdateProgress.State.COMPLETED);
        SwarmService updated = services.inspect(serviceId);
        assertThat(updated.image()).isEqualTo(pinned);
        assertThat(updated.own()).isEqualTo(new UpdateSettings(UpdateSettings.Order.START_FIRST, UpdateSettings.FailureAction.ROLLBACK,
                Duration.ofSeconds(2), 1));
        assertThat(updated.access()).isEqualTo(service.access());
        Map<String, Object> spec = object(object(EngineRequests.of(engine.docker()).get("/services/" + serviceId)).get("Spec"));
        Map<String, Object> container = object(object(spec.get("TaskTemplate")).get("ContainerSpec"));
        assertThat(container.get("Env")).isEqualTo(List.of("FLAVOUR=slim"));
        assertThat(container.get("CapabilityAdd")).isEqualTo(List.of("CAP_NET_ADMIN"));
        assertThat(object(spec.get("RollbackConfig"))).containsEntry("Order", "start-first");
        assertThat(services.tasks(serviceId)).filteredOn(ServiceTask::wanted).extracting(ServiceTask::image).containsExactly(pinned);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }
}
