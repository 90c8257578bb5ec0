package io.patchrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.image.ImageRef;

/** The {@code verify:} key of a pipeline file: key files taken from the file's folder, and every way one can be wrong. */
class PipelineVerifyTest {

    @TempDir
    Path dir;
    private Path file;
    private KeyPair teamKey;
    private KeyPair otherKey;

    @BeforeEach
    void files() throws Exception {
        file = dir.resolve("pipelines/fleet.yml");
        Files.createDirectories(file.getParent().resolve("keys"));
        teamKey = ec("secp256r1");
        otherKey = ec("secp256r1");
        Files.writeString(file.getParent().resolve("keys/cosign.pub"), pem("PUBLIC KEY", teamKey.getPublic().getEncoded()));
        Files.writeString(file.getParent().resolve("keys/other.pub"), pem("PUBLIC KEY", otherKey.getPublic().getEncoded()));
    }

    @Test
    void verify_readsTheKeyFromThePipelineFilesFolder_andAppliesItToEveryBase() throws Exception {
        Pipeline pipeline = load("verify: { key: keys/cosign.pub }\n");

        VerifySpec verify = pipeline.verify();
        assertThat(verify.enabled()).isTrue();
        assertThat(verify.keyFor(ImageRef.parse("debian:12")).orElseThrow().key()).isEqualTo(teamKey.getPublic());
        assertThat(verify.keyFor(ImageRef.parse("127.0.0.1:5000/x/base:stable")).orElseThrow().name()).isEqualTo("keys/cosign.pub");
    }

    @Test
    void verify_perBase_givesThoseBasesTheirOwnKey_andChecksNoOtherBaseWithoutAKey() throws Exception {
        Pipeline pipeline = load("""
                verify:
                  bases:
                    "127.0.0.1:5000/team/base": keys/other.pub
                """);

        VerifySpec verify = pipeline.verify();
        assertThat(verify.keyFor(ImageRef.parse("127.0.0.1:5000/team/base:1.2")).orElseThrow().key()).isEqualTo(otherKey.getPublic());
        assertThat(verify.keyFor(ImageRef.parse("debian:12"))).as("not listed, no pipeline key").isEmpty();
    }

    @Test
    void verify_perBaseKey_winsOverThePipelineKey() throws Exception {
        Pipeline pipeline = load("""
                verify:
                  key: keys/cosign.pub
                  bases: { "debian": keys/other.pub }
                """);

        assertThat(pipeline.verify().keyFor(ImageRef.parse("docker.io/library/debian:12")).orElseThrow().name()).isEqualTo("keys/other.pub");
        assertThat(pipeline.verify().keyFor(ImageRef.parse("alpine:3")).orElseThrow().name()).isEqualTo("keys/cosign.pub");
    }

    @Test
    void noVerify_checksNothing() throws Exception {
        assertThat(load("").verify()).isEqualTo(VerifySpec.NONE);
        assertThat(VerifySpec.NONE.enabled()).isFalse();
    }

    @Test
    void missingKeyFile_isAnErrorAtItsLine_namingTheFileLookedFor() throws Exception {
        PipelineException e = refused("verify:\n  key: keys/missing.pub\n");

        assertThat(e.getMessage()).contains("fleet.yml:7:8: verify.key: there is no key file "
                + file.getParent().resolve("keys/missing.pub") + " (the path is taken from this file's folder)");
    }

    @Test
    void privateKey_isRefused_sayingToGiveThePublicOne() throws Exception {
        Files.writeString(file.getParent().resolve("keys/cosign.key"), pem("PRIVATE KEY", teamKey.getPrivate().getEncoded()));

        assertThat(refused("verify: { key: keys/cosign.key }\n").getMessage())
                .contains("6:16: verify.key: the key file ").contains("holds a private key; give the public one (cosign.pub, not cosign.key)");
    }

    @Test
    void rsaKey_isRefused_asNotECDSA() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Files.writeString(file.getParent().resolve("keys/rsa.pub"), pem("PUBLIC KEY", rsa.generateKeyPair().getPublic().getEncoded()));

        assertThat(refused("verify: { key: keys/rsa.pub }\n").getMessage())
                .contains("verify.key: the key file ").contains("is not an ECDSA public key");
    }

    @Test
    void keyOnAnotherCurve_isRefused_namingP256() throws Exception {
        Files.writeString(file.getParent().resolve("keys/p384.pub"), pem("PUBLIC KEY", ec("secp384r1").getPublic().getEncoded()));

        assertThat(refused("verify: { key: keys/p384.pub }\n").getMessage())
                .contains("is an ECDSA key on another curve than P-256 (secp256r1)");
    }

    @Test
    void fileThatIsNoPem_isRefused() throws Exception {
        Files.writeString(file.getParent().resolve("keys/notes.txt"), "just some words\n");

        assertThat(refused("verify: { key: keys/notes.txt }\n").getMessage())
                .contains("is not a PEM public key (a '-----BEGIN PUBLIC KEY-----' block, as cosign.pub has)");
    }

    @Test
    void keyThatIsNoRegularFile_isRefusedWithoutReadingIt() throws Exception {
        assertThat(refused("verify: { key: /dev/zero }\n").getMessage()).contains("verify.key: the key file /dev/zero is not a regular file");
        assertThat(refused("verify: { key: keys }\n").getMessage()).contains("is not a regular file");
    }

    @Test
    void badBaseName_andBadKeyOfABase_areEachReportedAtTheirLine() throws Exception {
        PipelineException e = refused("""
                verify:
                  bases:
                    "127.0.0.1:5000/team/base:1.0": keys/cosign.pub
                    "127.0.0.1:5000/team/other": keys/none.pub
                """);

        assertThat(e.getMessage())
                .contains("8:5: verify.bases.127.0.0.1:5000/team/base:1.0: must be an image name without tag or digest")
                .contains("9:34: verify.bases.127.0.0.1:5000/team/other: there is no key file");
    }

    @Test
    void verifyWithoutAnyKey_isRefused() throws Exception {
        assertThat(refused("verify: {}\n").getMessage()).contains("6:9: verify: names no key: give key: path/to/cosign.pub");
    }

    @Test
    void unknownKeyInVerify_isRefused_withTheAllowedOnes() throws Exception {
        assertThat(refused("verify: { keys: keys/cosign.pub }\n").getMessage())
                .contains("verify.keys: unknown key 'keys'; did you mean 'key'? allowed here: key, bases");
    }

    private Pipeline load(String verify) throws Exception {
        Files.writeString(file, pipeline(verify));
        return Pipeline.load(file);
    }

    private PipelineException refused(String verify) throws Exception {
        Files.writeString(file, pipeline(verify));
        return catchThrowableOfType(PipelineException.class, () -> Pipeline.load(file));
    }

    /** Lines 1-5 are the pipeline; {@code verify} starts on line 6. */
    private static String pipeline(String verify) {
        return """
                name: fleet
                repositories:
                  - url: ../repos/web
                    images:
                      - name: team/web
                """ + verify;
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
