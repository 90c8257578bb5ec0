package io.patchrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.testsupport.LocalHttp;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;

/**
 * The whole chain the later features stand on, against the real engine and registry: a base image in the
 * registry, a Dockerfile in Git that builds FROM it, the build through docker-java from a checkout, and
 * the result answering HTTP on a loopback port.
 */
@EngineTest
class EngineChainTest {

    @Test
    void imageBuiltFromGitCheckout_onPushedBase_answersHttp(Engine engine, @TempDir Path tmp) throws Exception {
        ImageRef base = engine.makeBase("base", "stable");
        assertThat(engine.registryDigest(base.familiarName(), "stable")).isEqualTo(base.digest());

        Path origin = tmp.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            Files.writeString(origin.resolve("Dockerfile"), """
                    FROM %s
                    RUN mkdir /www && echo "hello from patchrun" > /www/index.html
                    CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
                    """.formatted(base.familiarName() + ":stable"));
            git.add().addFilepattern("Dockerfile").call();
            git.commit().setMessage("web app").setSign(false).call();
        }
        Path checkout = tmp.resolve("checkout");
        try (Git clone = Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(checkout.toFile()).call()) {
            assertThat(clone.getRepository().resolve("HEAD")).isNotNull();
        }

        String imageId = engine.build(checkout, engine.token() + "/web:latest");
        assertThat(engine.docker().inspectImageCmd(imageId).exec().getParent()).isNotNull();

        DockerClient docker = engine.docker();
        ExposedPort http = ExposedPort.tcp(8080);
        Ports ports = new Ports();
        ports.bind(http, Ports.Binding.bindIp("127.0.0.1"));
        String id = docker.createContainerCmd(imageId).withName(engine.token() + "-web").withLabels(engine.labels())
                .withExposedPorts(http).withHostConfig(HostConfig.newHostConfig().withPortBindings(ports)).exec().getId();
        docker.startContainerCmd(id).exec();
        Ports.Binding binding = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings().get(http)[0];
        assertThat(binding.getHostIp()).isEqualTo("127.0.0.1");

        String body = LocalHttp.answer(Integer.parseInt(binding.getHostPortSpec()), Duration.ofSeconds(10));
        assertThat(body).isEqualTo("hello from patchrun\n");

        docker.removeContainerCmd(id).withForce(true).exec();
        assertThat(docker.listContainersCmd().withShowAll(true).withIdFilter(java.util.List.of(id)).exec()).isEmpty();
    }
}
