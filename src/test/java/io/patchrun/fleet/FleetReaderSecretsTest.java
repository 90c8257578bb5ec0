package io.patchrun.fleet;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.pipeline.Pipeline;
import io.patchrun.source.Revision;
import io.patchrun.source.SourceException;
import io.patchrun.testsupport.GitRepos;

import static org.assertj.core.api.Assertions.assertThat;

/** A repository URL with a user name and password is used to fetch, and never shown: not in the fleet, nor its errors. */
class FleetReaderSecretsTest {

    private static final String SECRET = "pa55-w0rd";

    @TempDir
    Path tmp;

    @Test
    void repositoryUrl_isKeptWithoutItsUserInfo_andErrorsNameItSo() throws IOException {
        Path repo = tmp.resolve("repo");
        String commit = GitRepos.init(repo).write("Dockerfile", "FROM debian:12\n").commit("web");
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
            return new Revision(repo, commit, "main");
        });

        Fleet fleet = reader.read(pipeline);

        assertThat(fleet.images().get("secret/web").repository()).isEqualTo("https://git.example.com/team/web.git");
        assertThat(fleet.images().get("secret/missing").error())
                .isEqualTo("no nowhere/Dockerfile in https://git.example.com/team/web.git at " + commit.substring(0, 10) + " (image secret/missing;"
                        + " set 'dockerfile' in the pipeline file)");
        assertThat(fleet.images().get("secret/gone").error()).isEqualTo("cannot check out the remote's HEAD of https://git.example.com/team/gone.git: not found");
        assertThat(fleet.images().toString()).doesNotContain(SECRET).doesNotContain("bot");
        assertThat(fleet.graph().planAll().view().toString()).doesNotContain(SECRET);
    }
}
