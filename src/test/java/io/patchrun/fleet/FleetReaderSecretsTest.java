package io.patchrun.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.pipeline.Pipeline;
import io.patchrun.source.Checkout;
import io.patchrun.source.SourceException;

/** A repository URL with a user name and password is used to fetch, and never shown: not in the fleet, nor its errors. */
class FleetReaderSecretsTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String SECRET = "pa55-w0rd";

    @TempDir
    Path tmp;

    @Test
    void repositoryUrl_isKeptWithoutItsUserInfo_andErrorsNameItSo() throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("Dockerfile"), "FROM debian:12\n");
        Pipeline pipeline = Pipeline.parse(tmp.resolve("secret.yml"), """
                name: secret
                repositories:
                  - url: https://bot:%s@git.example.com/team/web.git
                    images:
                      - { name: secret/web }
                      - { name: secret/missing, dockerfile: nowhere/Dockerfile }
                  - url: https://bot:%s@git.example.com/team/gone.git
                    images:
                      - { name: secret/gone }
                """.formatted(SECRET, SECRET));
        FleetReader reader = new FleetReader((url, ref) -> {
            assertThat(url).as("Git is given the URL with its login").contains(SECRET);
            if (url.endsWith("gone.git")) {
                throw new SourceException(url.replace("bot:" + SECRET + "@", ""), ref, "not found");
            }
            return new Checkout(repo, COMMIT, "main");
        });

        Fleet fleet = reader.read(pipeline);

        assertThat(fleet.images().get("secret/web").repository()).isEqualTo("https://git.example.com/team/web.git");
        assertThat(fleet.images().get("secret/missing").error())
                .isEqualTo("no nowhere/Dockerfile in https://git.example.com/team/web.git at 0123456789 (image secret/missing;"
                        + " set 'dockerfile' in the pipeline file)");
        assertThat(fleet.images().get("secret/gone").error()).isEqualTo("cannot check out the remote's HEAD of https://git.example.com/team/gone.git: not found");
        assertThat(fleet.images().toString()).doesNotContain(SECRET).doesNotContain("bot");
        assertThat(fleet.graph().planAll().view().toString()).doesNotContain(SECRET);
    }
}
