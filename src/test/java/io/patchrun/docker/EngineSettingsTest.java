package io.patchrun.docker;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EngineSettingsTest {

    @Test
    void pinPublishedPorts_keepsTheHostPortTheEngineChose_andLeavesChosenPortsAlone() {
        Map<String, Object> host = Map.of("PortBindings", Map.of(
                "8080/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "")),
                "9090/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "9999"))),
                "Memory", 1024);
        Map<String, Object> network = Map.of("Ports", Map.of(
                "8080/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "49153")),
                "9090/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "9999"))));

        Map<String, Object> pinned = EngineSettings.pinPublishedPorts(host, network);

        assertThat(pinned).containsEntry("Memory", 1024);
        assertThat(pinned.get("PortBindings")).isEqualTo(Map.of(
                "8080/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "49153")),
                "9090/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "9999"))));
    }

    @Test
    void pinPublishedPorts_ofAStoppedContainer_changesNothing() {
        Map<String, Object> host = Map.of("PortBindings", Map.of("8080/tcp", List.of(Map.of("HostIp", "", "HostPort", ""))));

        assertThat(EngineSettings.pinPublishedPorts(host, Map.of("Ports", Map.of()))).isEqualTo(host);
        assertThat(EngineSettings.pinPublishedPorts(host, Map.of())).isEqualTo(host);
    }
}
