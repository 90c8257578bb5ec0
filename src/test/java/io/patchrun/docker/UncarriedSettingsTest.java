package io.patchrun.docker;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.core.DockerClientConfig;
import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classification of inspect fields, on a recorded answer of the engine this project runs on (20.10, API 1.41) for
 * a container made by {@code docker run} with most of its options (see {@link #RICH}).
 */
class UncarriedSettingsTest {

    /**
     * Recorded from {@code docker run -d --cap-add NET_ADMIN --cap-drop MKNOD --security-opt no-new-privileges
     * --security-opt systempaths=unconfined --read-only --tmpfs /tmp:size=1m --ulimit nofile=1024:2048 --user 1000:1000
     * --init --sysctl net.ipv4.ip_local_port_range="1024 65000" --log-opt max-size=1m --log-opt max-file=2 --add-host
     * foo:127.0.0.2 --dns 127.0.0.53 --dns-search example.org --dns-option ndots:2 --health-cmd true --health-interval 5s
     * --health-retries 2 --stop-signal SIGUSR1 --stop-timeout 3 --network NET --ip 172.29.77.10 --network-alias a
     * --link-local-ip 169.254.10.10 -v VOL:/data:nocopy -v DIR:/bind:ro --mount type=tmpfs,... --mount type=volume,...
     * --hostname h1 --domainname example.org --memory 64m --memory-reservation 32m --pids-limit 50 -l x=y -e A=B --restart
     * on-failure:3 --shm-size 32m --group-add 10 --oom-score-adj 100 --cpu-shares 512 --cpus 0.5 --device
     * /dev/null:/dev/xnull:r --device-cgroup-rule 'c 1:3 r' --ipc shareable --workdir /tmp --expose 9090 -p 127.0.0.1::8080}.
     */
    private static final String RICH = "inspect-rich-1.41.json";
    private static final String NETWORK = "faithful-explore-net";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aContainerMadeWithMostOfDockerRun_hasNothingThatIsNotCarriedOver() {
        assertThat(UncarriedSettings.of(recorded())).isEmpty();
    }

    @Test
    void aContainerIdFile_stopsTheRollover_namingTheField() {
        Map<String, Object> inspect = recorded();
        section(inspect, "HostConfig").put("ContainerIDFile", "/run/web.cid");

        assertThat(UncarriedSettings.of(inspect)).singleElement().asString()
                .startsWith("HostConfig.ContainerIDFile is set and Patchrun cannot carry it over: the docker CLI wrote")
                .contains("--cidfile");
    }

    @Test
    void aHostConfigFieldPatchrunDoesNotKnow_stopsTheRollover_whenSet_butOneOfApi141DoesNot() {
        Map<String, Object> inspect = recorded();
        section(inspect, "HostConfig").put("CpuBurst", 5000);
        section(inspect, "HostConfig").put("Capabilities", List.of("CAP_CHOWN"));

        assertThat(UncarriedSettings.of(inspect)).containsExactly(
                "HostConfig.CpuBurst is set and Patchrun cannot carry it over: it does not know this setting, and a replacement"
                        + " created without it would not be the same container");
    }

    @Test
    void aFieldPatchrunDoesNotKnow_isNoReason_whenTheEngineReportsItEmpty() {
        Map<String, Object> inspect = recorded();
        Map<String, Object> host = section(inspect, "HostConfig");
        host.put("CpuBurst", 0);
        host.put("CpuBurstLimit", null);
        host.put("NewList", List.of());
        host.put("NewObject", Map.of("Size", 0, "Name", ""));
        host.put("NewPair", List.of(0, 0));
        host.put("NewFlag", false);
        inspect.put("NewState", "");

        assertThat(UncarriedSettings.of(inspect)).isEmpty();
    }

    @Test
    void anEndpointFieldPatchrunDoesNotKnow_stopsTheRollover_namingTheNetwork() {
        Map<String, Object> inspect = recorded();
        endpoint(inspect).put("GwPriority", 10);
        section(endpoint(inspect), "IPAMConfig").put("SubnetHint", "10.0.0.0/8");

        assertThat(UncarriedSettings.of(inspect)).containsExactly(
                "NetworkSettings.Networks." + NETWORK + ".GwPriority is set and Patchrun cannot carry it over: it does not know this"
                        + " setting, and a replacement created without it would not be the same container",
                "NetworkSettings.Networks." + NETWORK + ".IPAMConfig.SubnetHint is set and Patchrun cannot carry it over: it does not"
                        + " know this setting, and a replacement created without it would not be the same container");
    }

    @Test
    void aHealthCheckFieldPatchrunDoesNotKnow_stopsTheRollover() {
        Map<String, Object> inspect = recorded();
        section(section(inspect, "Config"), "Healthcheck").put("StartInterval", 1_000_000_000L);

        assertThat(UncarriedSettings.of(inspect)).singleElement().asString()
                .startsWith("Config.Healthcheck.StartInterval is set and Patchrun cannot carry it over");
    }

    @Test
    void unknownFieldsOfTheAnswerAndOfTheConfig_stopTheRollover_butKnownRuntimeFieldsDoNot() {
        Map<String, Object> inspect = recorded();
        inspect.put("Node", Map.of("Name", "swarm-1"));
        section(inspect, "Config").put("Annotations", Map.of("a", "b"));
        section(inspect, "NetworkSettings").put("SandboxID", "another sandbox");
        endpoint(inspect).put("DNSNames", List.of("web", "3215b7adc529"));

        assertThat(UncarriedSettings.of(inspect)).hasSize(2)
                .anySatisfy(reason -> assertThat(reason).startsWith("Config.Annotations is set"))
                .anySatisfy(reason -> assertThat(reason).startsWith("Node is set"));
    }

    @Test
    void aSectionTheEngineReportsAsSomethingElse_stopsTheRollover() {
        Map<String, Object> inspect = recorded();
        section(inspect, "Config").put("Healthcheck", "CMD true");

        assertThat(UncarriedSettings.of(inspect)).containsExactly(
                "Config.Healthcheck is set and Patchrun cannot carry it over: the engine reported CMD true where Patchrun knows an object");
    }

    @Test
    void details_ofTheRecordedAnswer_carryTheReasonsToTheCore() throws IOException {
        ObjectMapper dockerJava = DockerClientConfig.getDefaultObjectMapper();
        Map<String, Object> inspect = recorded();
        section(inspect, "HostConfig").put("ContainerIDFile", "/run/web.cid");

        ContainerDetails details = DockerSpecs.details(dockerJava.readValue(JSON.writeValueAsBytes(inspect), InspectContainerResponse.class));

        assertThat(details.name()).isEqualTo("faithful-explore");
        assertThat(details.notCarriedOver()).singleElement().asString().startsWith("HostConfig.ContainerIDFile is set");
    }

    @Test
    void details_keepTheEndpointsAsTheEngineReportedThem_forTheFieldsNoTypedModelHas() throws IOException {
        ObjectMapper dockerJava = DockerClientConfig.getDefaultObjectMapper();
        Map<String, Object> inspect = recorded();
        endpoint(inspect).put("DriverOpts", Map.of("com.example.opt", "1"));

        ContainerDetails details = DockerSpecs.details(dockerJava.readValue(JSON.writeValueAsBytes(inspect), InspectContainerResponse.class));

        EngineSettings settings = EngineSettings.fromJson(details.spec().engineSettings());
        assertThat(settings.endpoint(NETWORK)).containsEntry("DriverOpts", Map.of("com.example.opt", "1"))
                .containsEntry("IPAMConfig", Map.of("IPv4Address", "172.29.77.10", "LinkLocalIPs", List.of("169.254.10.10")));
        assertThat(settings.hostConfig()).containsEntry("MaskedPaths", List.of()).containsEntry("ReadonlyPaths", List.of());
    }

    static Map<String, Object> recorded() {
        try (InputStream in = UncarriedSettingsTest.class.getResourceAsStream(RICH)) {
            return JSON.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException("could not read the recorded inspect answer " + RICH, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> object, String key) {
        return (Map<String, Object>) object.get(key);
    }

    private static Map<String, Object> endpoint(Map<String, Object> inspect) {
        return section(section(section(inspect, "NetworkSettings"), "Networks"), NETWORK);
    }
}
