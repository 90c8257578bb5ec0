package io.patchrun.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How remotes are named in folders and messages. */
class SourceNamesTest {

    @ParameterizedTest
    @CsvSource({
            "https://git.example.com/team/web.git,         team-web",
            "https://bot:pw@git.example.com/team/web.git/, team-web",
            "file:///srv/git/API,                          git-api",
            "/srv/repos/demo web,                          repos-demo-web",
            "git@github.com:org/app.git,                   org-app",
            "https://git.example.com/,                     git-example-com",
    })
    void slug_takesTheLastTwoPathSegments_readably(String url, String slug) {
        assertThat(Workspace.slug(url)).isEqualTo(slug);
    }

    @Test
    void slug_staysShort_forLongNames() {
        assertThat(Workspace.slug("/srv/" + "a".repeat(30) + "/" + "b".repeat(30)))
                .isEqualTo("a".repeat(9) + "-" + "b".repeat(30));
    }

    @Test
    void remoteUrl_makesLocalPathsAbsolute_andHidesUserInfo() {
        RemoteUrl local = RemoteUrl.of("repos/../web");
        RemoteUrl http = RemoteUrl.of("https://bot:pw@git.example.com/web.git");

        assertThat(local.value()).isEqualTo(Path.of("web").toAbsolutePath().toString());
        assertThat(http.value()).isEqualTo("https://bot:pw@git.example.com/web.git");
        assertThat(http.display()).isEqualTo("https://git.example.com/web.git");
        assertThat(http.passwords()).containsExactly("pw");
    }
}
