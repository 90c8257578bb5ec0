package io.patchrun.run;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.history.BaseHistory;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.CosignSigner;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.RegistryPusher;
import io.patchrun.watch.CosignSignatures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline with {@code verify: { key: keys/cosign.pub }} against the real engine and registry: the base is
 * pushed by the engine, its digests are signed here with a key made here, and the signature artifacts are
 * pushed over the registry's HTTP API. Each run is the nightly kind (the API with no body), which rebuilds what
 * changed. An unsigned new digest, one signed with another key and one carrying the signature of another digest
 * each keep the old base: the platform image fails with the reason, the app built on it is skipped, and the
 * overview marks the base. A properly signed digest is built on, pinned to exactly that digest.
 */
@EngineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedBasesEndToEndTest extends AppTestBase {

    private static final String PIPELINE = "signed";

    private static Engine engine;
    private static RegistryPusher pusher;
    private static ImageRef base;
    private static Digest first;
    private static Digest second;
    private static String prefix;
    private static final KeyPair KEY = CosignSigner.newKeyPair();
    private static final KeyPair OTHER_KEY = CosignSigner.newKeyPair();

    @Autowired
    PipelineFolder pipelines;
    @Autowired
    PatchRuns patchRuns;
    @Autowired
    VersionHistory versions;
    @Autowired
    BaseHistory bases;

    @BeforeAll
    static void fleet(Engine realEngine) throws Exception {
        engine = realEngine;
        pusher = new RegistryPusher();
        prefix = engine.token();
        ImageRef made = engine.makeBase("base", "stable");
        first = made.digest();
        base = made.withTag("stable");
        Path repos = Files.createTempDirectory("patchrun-signed");
        GitRepos.init(repos.resolve("fleet"))
                .write("platform/Dockerfile", "FROM " + base.familiar() + "\nRUN mkdir -p /www && cp /etc/patchrun-base-generation /www/generation\n")
                .write("app/Dockerfile", "FROM " + prefix + "/platform\nRUN cp /www/generation /www/index.html\n")
                .commit("fleet");
        Files.createDirectories(pipelinesDir().resolve("keys"));
        Files.writeString(pipelinesDir().resolve("keys/cosign.pub"), CosignSigner.publicKeyPem(KEY));
        Files.writeString(pipelinesDir().resolve(PIPELINE + ".yml"), """
                name: %s
                verify: { key: keys/cosign.pub }
                repositories:
                  - url: %s
                    images:
                      - name: %s/platform
                        dockerfile: platform/Dockerfile
                      - name: %s/app
                        dockerfile: app/Dockerfile
                """.formatted(PIPELINE, repos.resolve("fleet"), prefix, prefix));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Files.deleteIfExists(pipelinesDir().resolve(PIPELINE + ".yml"));
        pusher.close();
    }

    @Test
    @Order(1)
    void signedBase_isBuiltOn() throws Exception {
        sign(first, first, KEY);
        pipelines.reload();
        assertThat(pipelines.find(PIPELINE)).as("pipeline errors: %s", pipelines.errors()).isPresent();

        Run run = run();

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(image(run, "platform").baseDigest()).isEqualTo(first.value());
        assertThat(generation("app")).isEqualTo("1");
        assertThat(overview()).contains("signature-ok").doesNotContain("signature-refused");
    }

    @Test
    @Order(2)
    void unsignedNewDigest_keepsTheOldBase_failsThePlatform_andSkipsTheApp() throws Exception {
        second = engine.republish(base, "2").digest();

        Run run = run();

        assertRefused(run, "base " + base.familiar() + " at " + second.value() + " has no signature: repository "
                + base.familiarName() + " has no tag " + CosignSignatures.signatureTag(second));
        assertThat(overview()).contains("signature refused").contains("has no signature");
    }

    @Test
    @Order(3)
    void newDigestSignedWithAnotherKey_isRefused() throws Exception {
        sign(second, second, OTHER_KEY);

        Run run = run();

        assertRefused(run, "base " + base.familiar() + " at " + second.value() + ": its signature does not verify with key keys/cosign.pub");
    }

    @Test
    @Order(4)
    void signatureOfTheOldDigest_underTheNewDigestsTag_isRefused() throws Exception {
        sign(second, first, KEY);

        Run run = run();

        assertRefused(run, "its signature made with key keys/cosign.pub is for another digest (" + first.value() + ")");
    }

    @Test
    @Order(5)
    void newDigestSignedWithTheKey_isBuiltOn_pinnedToThatDigest() throws Exception {
        sign(second, second, KEY);
        // The engine's own tag of the base points elsewhere (a local build never pushed); the run must not use it.
        engine.docker().tagImageCmd(engine.docker().inspectImageCmd(prefix + "/app:latest").exec().getId(),
                base.familiarName(), "stable").withForce().exec();

        Run run = run();

        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(image(run, "platform").baseDigest()).isEqualTo(second.value());
        assertThat(image(run, "app").status()).isEqualTo(ImageStatus.BUILT);
        assertThat(generation("app")).isEqualTo("2");
        String verified = engine.docker().inspectImageCmd(base.familiarName() + "@" + second.value()).exec().getId();
        assertThat(engine.docker().inspectImageCmd(base.familiar()).exec().getId()).as("the local tag points at the verified digest")
                .isEqualTo(verified);
        assertThat(bases.pending(PIPELINE)).as("dealt with").isEmpty();
        assertThat(overview()).contains("signature-ok").doesNotContain("signature-refused");
    }

    private void assertRefused(Run run, String reason) throws Exception {
        assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.FAILED);
        RunImage platform = image(run, "platform");
        assertThat(platform.status()).as(platform.toString()).isEqualTo(ImageStatus.FAILED);
        assertThat(platform.message()).startsWith("not built on a base whose signature failed: ").contains(reason);
        assertThat(image(run, "app").status()).isEqualTo(ImageStatus.SKIPPED);
        assertThat(versions.current(prefix + "/platform").orElseThrow().baseDigest()).as("the old base stays").isEqualTo(first.value());
        assertThat(bases.pending(PIPELINE)).as("the new digest still waits").contains(base.familiar());
        assertThat(generation("app")).isEqualTo("1");
    }

    /** Pushes, under the signature tag of {@code tagged}, a signature of {@code signed} made with {@code key}. */
    private static void sign(Digest tagged, Digest signed, KeyPair key) {
        CosignSigner.Artifact artifact = CosignSigner.signatureOf(base, signed, key);
        pusher.pushArtifact(base.repository(), CosignSignatures.signatureTag(tagged), CosignSigner.OCI_MANIFEST, artifact.manifest(),
                artifact.blobs());
    }

    private Run run() throws Exception {
        HttpResponse<String> response = client.postAs("admin", ADMIN_PASSWORD, "/api/pipelines/" + PIPELINE + "/runs");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Run run = patchRuns.await(Long.parseLong(response.body().replaceAll("\\D", "")), Duration.ofMinutes(3));
        assertThat(run.status().active()).as("run %d still going", run.id()).isFalse();
        return run;
    }

    /** The base generation the current version of an image was built on, copied out of a container never started. */
    private static String generation(String image) throws Exception {
        DockerClient docker = engine.docker();
        String id = docker.createContainerCmd(prefix + "/" + image + ":latest").withLabels(engine.labels()).exec().getId();
        try (InputStream copied = docker.copyArchiveFromContainerCmd(id, "/www/generation").exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(copied)) {
            assertThat(tar.getNextEntry()).as("/www/generation in " + image).isNotNull();
            return new String(tar.readAllBytes(), StandardCharsets.UTF_8).trim();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private String overview() {
        client.login("admin", ADMIN_PASSWORD);
        return client.get("/").body();
    }

    private static RunImage image(Run run, String name) {
        return run.images().stream().filter(i -> i.name().equals(prefix + "/" + name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in run " + run));
    }
}
