package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.image.ImageRef;
import io.patchrun.policy.PolicyGate;
import io.patchrun.smoke.SmokeContainer;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The throwaway container of a smoke test, as the engine made it: nothing of the host, whatever the image declares. */
@EngineTest
class SmokeContainerPrivilegesTest {

    @Test
    void theSmokeContainer_getsNoPrivilegeHostPathSocketCapabilityOrHostNamespace(Engine engine, @TempDir Path folder) throws IOException {
        ImageRef base = engine.makeBase("base", "stable");
        Files.writeString(folder.resolve("Dockerfile"), """
                FROM %s
                VOLUME /data /var/run
                EXPOSE 8080
                USER root
                STOPSIGNAL SIGKILL
                CMD ["sleep", "300"]
                """.formatted(base.withTag(base.tag()).familiar()));
        String image = engine.build(folder, engine.token() + "/asks:latest");

        try (SmokeContainer smoke = new DockerSmokeContainers(engine.docker()).start(image, List.of(8080), engine.labels())) {
            InspectContainerResponse inspected = engine.docker().inspectContainerCmd(smoke.id()).exec();
            HostConfig host = inspected.getHostConfig();

            assertThat(host.getPrivileged()).isFalse();
            assertThat(host.getBinds()).isNullOrEmpty();
            assertThat(host.getMounts()).isNullOrEmpty();
            assertThat(host.getCapAdd()).isNullOrEmpty();
            assertThat(host.getPidMode()).isNotEqualTo("host");
            assertThat(host.getIpcMode()).isNotEqualTo("host");
            assertThat(host.getNetworkMode()).isNotEqualTo("host");
            assertThat(host.getSecurityOpts()).isNullOrEmpty();
            assertThat(host.getDevices()).isNullOrEmpty();
            assertThat((List<?>) inspected.getRawValues().get("Mounts")).as("the image's VOLUMEs are the engine's volumes")
                    .hasSize(2).allSatisfy(mount -> assertThat(((Map<?, ?>) mount).get("Type")).isEqualTo("volume"));
            Ports.Binding[] published = inspected.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(8080));
            assertThat(published).extracting(Ports.Binding::getHostIp).containsOnly("127.0.0.1");
            assertThat(PolicyGate.withDefaults().findings(DockerSpecs.hostAccess(inspected))).isEmpty();
        }
    }
}
