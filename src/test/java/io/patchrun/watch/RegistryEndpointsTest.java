package io.patchrun.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchrun.image.ImageRef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryEndpointsTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1:5000/x/base:stable,     http://127.0.0.1:5000/v2/x/base/manifests/stable",
            "localhost:5000/app:1,             http://localhost:5000/v2/app/manifests/1",
            "localhost/app:1,                  http://localhost/v2/app/manifests/1",
            "[::1]:5000/app:1,                 http://[::1]:5000/v2/app/manifests/1",
            "debian:12,                        https://registry-1.docker.io/v2/library/debian/manifests/12",
            "ghcr.io/org/team/app:v1.2,        https://ghcr.io/v2/org/team/app/manifests/v1.2",
            "registry.example:5000/app:1,      https://registry.example:5000/v2/app/manifests/1",
            "127.0.0.2:5000/app:1,             http://127.0.0.2:5000/v2/app/manifests/1",
    })
    void manifest_usesPlainHttpOnlyForLoopbackRegistries(String reference, String expected) {
        assertThat(RegistryEndpoints.manifest(ImageRef.parse(reference))).hasToString(expected);
    }

    /** The one rule: the status page's probe and the digest checks both reach registries here. */
    @ParameterizedTest
    @CsvSource({
            "127.0.0.1:5000,            http://127.0.0.1:5000",
            "127.0.0.2:5000,            http://127.0.0.2:5000",
            "127.255.10.1,              http://127.255.10.1",
            "localhost:5000,            http://localhost:5000",
            "LocalHost,                 http://LocalHost",
            "[::1]:5000,                http://[::1]:5000",
            "docker.io,                 https://registry-1.docker.io",
            "ghcr.io,                   https://ghcr.io",
            "registry.example.com:8443, https://registry.example.com:8443",
            "128.0.0.1:5000,            https://128.0.0.1:5000",
            "127.0.0.256:5000,          https://127.0.0.256:5000",
            "127.example.com,           https://127.example.com",
            "localhost.example.com,     https://localhost.example.com",
            "[::2]:5000,                https://[::2]:5000",
    })
    void base_isPlainHttpForLoopback_registry1ForDockerHub_andHttpsForEveryOtherRegistry(String registry, String expected) {
        assertThat(RegistryEndpoints.base(registry)).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "https://index.docker.io/v1/,   docker.io",
            "index.docker.io,               docker.io",
            "registry-1.docker.io,          docker.io",
            "docker.io,                     docker.io",
            "http://127.0.0.1:5000,         127.0.0.1:5000",
            "https://Registry.Example/v2/,  registry.example",
            "ghcr.io,                       ghcr.io",
    })
    void loginKey_writesServerAsImageReferencesDo(String server, String expected) {
        assertThat(RegistryEndpoints.loginKey(server)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "docker.io,          https://index.docker.io/v1/",
            "index.docker.io,    https://index.docker.io/v1/",
            "127.0.0.1:5001,     127.0.0.1:5001",
            "https://ghcr.io/,   ghcr.io",
    })
    void loginServer_isWhatDockerLoginAndTheEngineCallTheRegistry(String registry, String expected) {
        assertThat(RegistryEndpoints.loginServer(registry)).isEqualTo(expected);
    }
}
