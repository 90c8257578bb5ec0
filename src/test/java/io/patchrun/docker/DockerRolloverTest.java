package io.patchrun.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.rollout.ReadinessCheck;
import io.patchrun.rollout.RolloutJournal;
import io.patchrun.rollout.RolloutPolicy;
import io.patchrun.rollout.RolloutRecord;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.time.Pause;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One container with a rich configuration rolled over on the real engine: to a good image, to one whose
 * process exits at once, and to one whose HEALTHCHECK fails; and one whose process ignores its stop signal.
 */
@EngineTest
class DockerRolloverTest {

    private static final String MAC = "02:42:0a:d5:00:32";
    private static String network;
    private static String subnetPrefix;
    private static RolloutImages images;
    private static String v1;

    private final List<RolloutRecord> journal = new ArrayList<>();

    @BeforeAll
    static void buildImagesAndNetwork(Engine engine, @TempDir Path work) {
        images = new RolloutImages(engine, work);
        v1 = images.web("web", "v1", "v1", """
                ENV GREETING=v1 MODE=default
                LABEL app.version=1
                CMD ["sh", "-c", "trap 'exit 0' TERM; echo v1; sleep 1000 & wait"]""");
        subnetPrefix = "10.213." + ThreadLocalRandom.current().nextInt(1, 250);
        network = engine.token() + "-net";
        engine.docker().createNetworkCmd().withName(network).withLabels(engine.labels())
                .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnetPrefix + ".0/24"))).exec();
    }

    @AfterEach
    void removeContainers(Engine engine) {
        engine.removeContainersAndTheirVolumes();
    }

    @AfterAll
    static void removeNetwork(Engine engine) {
        engine.docker().removeNetworkCmd(network).exec();
    }

    @Test
    void rollOver_keepsExplicitSettings_andTakesNewImagesDefaults(Engine engine, @TempDir Path data) throws Exception {
        String v2 = images.web("web", "v2", "v2", """
                ENV GREETING=v2
                LABEL app.version=2
                CMD ["sh", "-c", "trap 'exit 0' TERM; echo v2; sleep 1000 & wait"]""");
        String id = runRich(engine, "web", data);
        InspectContainerResponse before = engine.docker().inspectContainerCmd(id).exec();
        assertThat(RolloutImages.get(port(before), Duration.ofSeconds(10))).isEqualTo("v1");

        RolloverResult result = rollover(engine).rollOver(engine.token() + "-web", v2,
                RolloutPolicy.defaults().withCheck(ReadinessCheck.http(8080, "/", 200)));

        System.out.println("rollover of a rich container on the real engine: " + result);
        assertThat(result.status()).as(result.message()).isEqualTo(Status.DEPLOYED);
        assertThat(result.outage()).isPositive().isLessThan(Duration.ofSeconds(5));
        InspectContainerResponse after = engine.docker().inspectContainerCmd(engine.token() + "-web").exec();
        assertThat(after.getId()).isNotEqualTo(id);
        assertThat(after.getImageId()).isEqualTo(engine.docker().inspectImageCmd(v2).exec().getId());
        assertThat(after.getConfig().getEnv()).contains("MODE=prod", "EXTRA=1", "GREETING=v2").doesNotContain("GREETING=v1");
        assertThat(after.getConfig().getLabels()).containsEntry("team", "web").containsEntry("app.version", "2")
                .containsEntry(Engine.TEST_LABEL, engine.token());
        assertThat(after.getConfig().getCmd()).isEqualTo(before.getConfig().getCmd());
        @SuppressWarnings("unchecked")
        Map<String, Object> rawConfig = (Map<String, Object>) after.getRawValues().get("Config");
        assertThat(rawConfig).containsEntry("StopSignal", "SIGINT").containsEntry("StopTimeout", 7);
        assertSameHostSettings(before, after);
        assertThat(port(after)).as("the host port the engine chose for the old container is kept").isEqualTo(port(before));
        assertThat(RolloutImages.get(port(after), Duration.ofSeconds(10))).isEqualTo("v2");
        assertThat(engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()).hasSize(1);
        assertThat(journal).singleElement().satisfies(record -> assertThat(record.containerId()).isEqualTo(id));
    }

    @Test
    void rollOver_givesAProcessThatIgnoresItsStopSignalTheStopTimeout_thenKillsIt(Engine engine) {
        String deaf = images.web("deaf", "v1", "deaf", "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]");
        String id = engine.docker().createContainerCmd(deaf).withName(engine.token() + "-deaf").withLabels(engine.labels()).exec().getId();
        engine.docker().startContainerCmd(id).exec();

        RolloverResult result = rollover(engine).rollOver(engine.token() + "-deaf", v1, RolloutPolicy.defaults().withStopTimeout(Duration.ofSeconds(2)));

        assertThat(result.status()).as(result.message()).isEqualTo(Status.DEPLOYED);
        assertThat(result.outage()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        InspectContainerResponse after = engine.docker().inspectContainerCmd(engine.token() + "-deaf").exec();
        assertThat(after.getImageId()).isEqualTo(engine.docker().inspectImageCmd(v1).exec().getId());
        assertThat(after.getState().getRunning()).isTrue();
    }

    @Test
    void rollOver_putsOldContainerBack_whenNewProcessExitsAtOnce(Engine engine, @TempDir Path data) throws Exception {
        String broken = images.build("web", "exits", "FROM " + v1 + "\nCMD [\"sh\", \"-c\", \"echo config missing >&2; exit 1\"]\n");
        String id = runRich(engine, "exits", data, List.of());
        InspectContainerResponse before = engine.docker().inspectContainerCmd(id).exec();

        RolloverResult result = rollover(engine).rollOver(engine.token() + "-exits", broken, RolloutPolicy.defaults());

        System.out.println("rollover to an image that exits at once: " + result);
        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).startsWith("new container " + engine.token() + "-exits exited").contains("config missing");
        assertRunsAgainAsBefore(engine, before);
    }

    @Test
    void rollOver_putsOldContainerBack_whenHealthCheckFails(Engine engine, @TempDir Path data) throws Exception {
        String unhealthy = images.web("web", "unhealthy", "v2", "HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD [\"false\"]");
        String id = runRich(engine, "sick", data);
        InspectContainerResponse before = engine.docker().inspectContainerCmd(id).exec();

        RolloverResult result = rollover(engine).rollOver(engine.token() + "-sick", unhealthy, RolloutPolicy.defaults());

        System.out.println("rollover to an image whose HEALTHCHECK fails: " + result);
        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).startsWith("new container " + engine.token() + "-sick is unhealthy");
        assertRunsAgainAsBefore(engine, before);
    }

    @Test
    void rollOver_mountsTheOldContainersAnonymousVolumesAgain(Engine engine) {
        String serve = "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; test -f /state/first || date > /state/first; sleep 1000 & wait\"]";
        String v1WithVolume = images.web("vol", "v1", "v1", "VOLUME /state\n" + serve);
        String v2WithVolume = images.web("vol", "v2", "v2", "VOLUME /state\nLABEL app.version=2\n" + serve);
        DockerClient docker = engine.docker();
        String id = docker.createContainerCmd(v1WithVolume).withName(engine.token() + "-vol").withLabels(engine.labels()).exec().getId();
        docker.startContainerCmd(id).exec();
        String volume = docker.inspectContainerCmd(id).exec().getMounts().get(0).getName();

        RolloverResult result = rollover(engine).rollOver(engine.token() + "-vol", v2WithVolume, RolloutPolicy.defaults());

        assertThat(result.status()).as(result.message()).isEqualTo(Status.DEPLOYED);
        InspectContainerResponse after = docker.inspectContainerCmd(engine.token() + "-vol").exec();
        assertThat(after.getMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getName()).isEqualTo(volume);
            assertThat(mount.getDestination().getPath()).isEqualTo("/state");
        });
    }

    @Test
    void rollOver_ofAContainerStartedWithRm_putsAStoppedCopyOfItBack_whenTheNewOneFails(Engine engine) throws Exception {
        String unhealthy = images.web("rm", "unhealthy", "rm-v2", "HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD [\"false\"]\n"
                + "CMD [\"sh\", \"-c\", \"" + RolloutImages.SERVE + "\"]");
        String id = runRm(engine, "rm-back");
        InspectContainerResponse before = engine.docker().inspectContainerCmd(id).exec();

        RolloverResult result = rollover(engine).rollOver(engine.token() + "-rm-back", unhealthy, RolloutPolicy.defaults());

        System.out.println("rollover of a --rm container to an image whose HEALTHCHECK fails: " + result);
        assertThat(result.status()).as(result.message()).isEqualTo(Status.ROLLED_BACK);
        assertThat(result.message()).contains("started with --rm and removed by the engine when it stopped; its copy runs in its place");
        InspectContainerResponse now = engine.docker().inspectContainerCmd(engine.token() + "-rm-back").exec();
        assertThat(now.getState().getRunning()).isTrue();
        assertThat(now.getImageId()).isEqualTo(before.getImageId());
        assertThat(now.getHostConfig().getAutoRemove()).isTrue();
        assertThat(now.getConfig().getEnv()).isEqualTo(before.getConfig().getEnv());
        assertThat(port(now)).isEqualTo(port(before));
        assertThat(RolloutImages.get(port(now), Duration.ofSeconds(10))).isEqualTo("rm-v1");
        assertThat(engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()).hasSize(1);
    }

    @Test
    void rollOver_ofAContainerStartedWithRm_replacesIt_withANewOneStartedWithRmToo(Engine engine) throws Exception {
        String v2 = images.web("rm", "v2", "rm-v2", "CMD [\"sh\", \"-c\", \"" + RolloutImages.SERVE + "\"]");
        String id = runRm(engine, "rm-on");
        int port = port(engine.docker().inspectContainerCmd(id).exec());

        RolloverResult result = rollover(engine).rollOver(engine.token() + "-rm-on", v2, RolloutPolicy.defaults());

        assertThat(result.status()).as(result.message()).isEqualTo(Status.DEPLOYED);
        InspectContainerResponse now = engine.docker().inspectContainerCmd(engine.token() + "-rm-on").exec();
        assertThat(now.getHostConfig().getAutoRemove()).isTrue();
        assertThat(port(now)).isEqualTo(port);
        assertThat(RolloutImages.get(port, Duration.ofSeconds(10))).isEqualTo("rm-v2");
        assertThat(engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()).hasSize(1);
    }

    /** {@code docker run --rm -d -e MODE=prod -p 127.0.0.1::8080} of the rm image's v1. */
    private static String runRm(Engine engine, String name) {
        String v1Rm = images.web("rm", "v1", "rm-v1", "CMD [\"sh\", \"-c\", \"" + RolloutImages.SERVE + "\"]");
        ExposedPort http = ExposedPort.tcp(8080);
        Ports ports = new Ports();
        ports.bind(http, Ports.Binding.bindIp("127.0.0.1"));
        String id = engine.docker().createContainerCmd(v1Rm).withName(engine.token() + "-" + name).withLabels(engine.labels())
                .withEnv("MODE=prod").withExposedPorts(http)
                .withHostConfig(HostConfig.newHostConfig().withAutoRemove(true).withPortBindings(ports)).exec().getId();
        engine.docker().startContainerCmd(id).exec();
        return id;
    }

    private Rollover rollover(Engine engine) {
        RolloutJournal memory = new RolloutJournal() {
            @Override
            public void record(RolloutRecord record) {
                journal.add(record);
            }

            @Override
            public void finished(RolloutRecord record, RolloverResult result) {
                assertThat(journal).contains(record);
            }
        };
        return new Rollover(new DockerContainers(engine.docker()), memory, Clock.systemUTC(), Pause.sleeping());
    }

    private String runRich(Engine engine, String name, Path data) throws Exception {
        return runRich(engine, name, data, List.of("sh", "-c", RolloutImages.SERVE));
    }

    /** A container of v1 with its own env, command, published port, bind, labels, restart policy, memory, network alias, IP and MAC. */
    private String runRich(Engine engine, String name, Path data, List<String> cmd) throws Exception {
        Files.writeString(data.resolve("keep.txt"), "kept");
        DockerClient docker = engine.docker();
        ExposedPort http = ExposedPort.tcp(8080);
        Ports ports = new Ports();
        ports.bind(http, Ports.Binding.bindIp("127.0.0.1"));
        Map<String, String> labels = new HashMap<>(engine.labels());
        labels.put("team", "web");
        HostConfig host = HostConfig.newHostConfig().withPortBindings(ports).withBinds(new Bind(data.toString(), new Volume("/data")))
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart()).withMemory(64L * 1024 * 1024).withNetworkMode(network);
        var create = docker.createContainerCmd(v1).withName(engine.token() + "-" + name).withLabels(labels)
                .withEnv("MODE=prod", "EXTRA=1").withExposedPorts(http).withHostConfig(host).withAliases(name + "-alias")
                .withIpv4Address(subnetPrefix + "." + (50 + ThreadLocalRandom.current().nextInt(100))).withMacAddress(MAC)
                .withStopSignal("SIGINT").withStopTimeout(7);
        String id = (cmd.isEmpty() ? create : create.withCmd(cmd)).exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private static void assertRunsAgainAsBefore(Engine engine, InspectContainerResponse before) throws Exception {
        InspectContainerResponse now = engine.docker().inspectContainerCmd(before.getName().substring(1)).exec();
        assertThat(now.getId()).isEqualTo(before.getId());
        assertThat(now.getState().getRunning()).isTrue();
        assertThat(now.getConfig().getEnv()).isEqualTo(before.getConfig().getEnv());
        assertThat(now.getConfig().getCmd()).isEqualTo(before.getConfig().getCmd());
        assertThat(now.getConfig().getLabels()).isEqualTo(before.getConfig().getLabels());
        assertSameHostSettings(before, now);
        assertThat(engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()).hasSize(1);
    }

    private static void assertSameHostSettings(InspectContainerResponse before, InspectContainerResponse after) {
        HostConfig was = before.getHostConfig();
        HostConfig is = after.getHostConfig();
        assertThat(is.getPortBindings().getBindings().keySet()).isEqualTo(was.getPortBindings().getBindings().keySet());
        assertThat(is.getPortBindings().getBindings().get(ExposedPort.tcp(8080))[0].getHostIp()).isEqualTo("127.0.0.1");
        assertThat(is.getBinds()).isEqualTo(was.getBinds());
        assertThat(is.getRestartPolicy()).isEqualTo(was.getRestartPolicy());
        assertThat(is.getMemory()).isEqualTo(was.getMemory());
        assertThat(is.getNetworkMode()).isEqualTo(was.getNetworkMode());
        assertThat(after.getConfig().getMacAddress()).isEqualTo(MAC);
        ContainerNetwork wasOn = before.getNetworkSettings().getNetworks().get(network);
        ContainerNetwork isOn = after.getNetworkSettings().getNetworks().get(network);
        assertThat(isOn.getAliases()).contains(before.getName().substring(1).replaceFirst("^.*-", "") + "-alias");
        assertThat(isOn.getIpamConfig().getIpv4Address()).isEqualTo(wasOn.getIpamConfig().getIpv4Address());
        assertThat(isOn.getIpAddress()).isEqualTo(wasOn.getIpAddress());
        assertThat(isOn.getMacAddress()).isEqualTo(MAC);
    }

    private static int port(InspectContainerResponse container) {
        return Integer.parseInt(container.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(8080))[0].getHostPortSpec());
    }
}
