package io.patchrun.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class EnginesPropertiesTest {

    @Test
    void noEnginesConfigured_isOneEngineNamedLocal_atTheDockerHost_whichBuilds() {
        EnginesProperties.Addresses addresses = new EnginesProperties(null).addresses(EngineAddress.of("patchrun.docker", "unix:///run/other.sock"));

        assertThat(addresses.all()).containsExactly(EngineAddress.of("patchrun.docker", "unix:///run/other.sock"));
        assertThat(addresses.build()).isEqualTo("local");
    }

    @Test
    void configuredEngines_keepTheirOrder_andNameTheOneThatBuilds() {
        EnginesProperties.Addresses addresses = new EnginesProperties(List.of(
                new EnginesProperties.Entry("edge-1", "tcp://10.0.0.5:2376", "/etc/patchrun/edge-1", null, null, false),
                new EnginesProperties.Entry("main", "unix:///var/run/docker.sock", null, null, null, true),
                new EnginesProperties.Entry("edge-2", "ssh://deploy@edge-2", null, null, null, false))).addresses(EngineAddress.of("patchrun.docker", null));

        assertThat(addresses.all()).extracting(EngineAddress::name).containsExactly("edge-1", "main", "edge-2");
        assertThat(addresses.all().get(0).tlsCertPath()).isEqualTo(java.nio.file.Path.of("/etc/patchrun/edge-1"));
        assertThat(addresses.build()).isEqualTo("main");
    }

    @Test
    void everyMistake_isReportedAtOnce_namingTheProperty() {
        EnginesProperties wrong = new EnginesProperties(List.of(
                new EnginesProperties.Entry("Edge_1", "unix:///a.sock", null, null, null, false),
                new EnginesProperties.Entry("edge", "10.0.0.5:2376", null, null, null, false),
                new EnginesProperties.Entry("edge", null, null, null, null, false)));

        assertThatThrownBy(() -> wrong.addresses(EngineAddress.of("patchrun.docker", null))).isInstanceOf(IllegalStateException.class).hasMessage("the engines configuration is"
                + " wrong: patchrun.engines[0].name must be lower-case letters, digits and '-' (not first), got 'Edge_1'; patchrun.engines[1].host"
                + " must start with unix://, tcp:// or ssh://, got '10.0.0.5:2376'; patchrun.engines[2].name: edge is already the name of"
                + " patchrun.engines[1]; names must be unique; patchrun.engines[2].host is missing: give the engine's address, e.g."
                + " unix:///var/run/docker.sock, tcp://10.0.0.5:2376 or ssh://deploy@edge-1; patchrun.engines: none has build: true; exactly one"
                + " engine builds, smoke-tests and pushes");
    }

    @Test
    void twoBuildEngines_areRefused_namingBoth() {
        EnginesProperties two = new EnginesProperties(List.of(
                new EnginesProperties.Entry("a", "unix:///a.sock", null, null, null, true),
                new EnginesProperties.Entry("b", "unix:///b.sock", null, null, null, true)));

        assertThatThrownBy(() -> two.addresses(EngineAddress.of("patchrun.docker", null))).hasMessageEndingWith("patchrun.engines: patchrun.engines[0] (a) and patchrun.engines[1] (b)"
                + " all have build: true; exactly one engine may build");
    }
}
