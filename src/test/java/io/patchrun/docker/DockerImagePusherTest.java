package io.patchrun.docker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.build.PushFailedException;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EngineTest
class DockerImagePusherTest {

    @Test
    void push_returnsTheDigestTheRegistryServes(Engine engine, @TempDir Path context) throws Exception {
        ImageRef base = engine.makeBase("base", "stable");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + base.withTag("stable").familiar() + "\nRUN echo built > /built\n");
        ImageRef tagged = ImageRef.parse(engine.registryName("web") + ":20261123-134501-7f3a");
        engine.build(context, tagged.familiar());

        Digest pushed = new DockerImagePusher(engine.docker(), TestLogins.none()).push(tagged);

        try {
            assertThat(pushed).isEqualTo(engine.registryDigest(tagged.familiarName(), tagged.tag()));
        } finally {
            deleteManifest(tagged.withDigest(pushed));
        }
    }

    @Test
    void push_failsNamingTheReference_whenTagIsNotInTheEngine(Engine engine) {
        ImageRef missing = ImageRef.parse(engine.registryName("never-built") + ":v1");

        assertThatThrownBy(() -> new DockerImagePusher(engine.docker(), TestLogins.none()).push(missing))
                .isInstanceOf(PushFailedException.class)
                .hasMessageStartingWith("push of " + missing.familiar() + " failed: ")
                .hasMessageContaining("does not exist");
    }

    private static void deleteManifest(ImageRef pushed) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + pushed.registry() + "/v2/" + pushed.repository() + "/manifests/" + pushed.digest());
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }
}
