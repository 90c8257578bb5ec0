package io.patchrun.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which login a remote gets: prefixes match only at a boundary, the longest wins, and bad logins are refused up front. */
class GitCredentialsTest {

    private static GitCredentials login(String prefix) {
        return new GitCredentials(prefix, "bot", "pw-" + prefix.length(), null, null);
    }

    private static GitCredentials key(String prefix) {
        return new GitCredentials(prefix, null, null, Path.of("/keys/" + prefix.length()), null);
    }

    @ParameterizedTest(name = "{0} for {1}: {2}")
    @CsvSource({
            "https://git.example.com,         https://git.example.com/team/web.git,      true",
            "https://git.example.com,         https://git.example.com,                   true",
            "https://git.example.com,         https://git.example.com:8443/web.git,      true",
            "https://git.example.com,         https://git.example.com.evil.net/web.git,  false",
            "https://git.example.com,         https://git.example.community/web.git,     false",
            "https://git.example.com/team,    https://git.example.com/team/web.git,      true",
            "https://git.example.com/team,    https://git.example.com/teamx/web.git,     false",
            "https://git.example.com/team/,   https://git.example.com/team/web.git,      true",
            "https://git.example.com/team/w,  https://git.example.com/team/web.git,      false",
            "ssh://git.example.com,           ssh://git.example.com/team/web.git,        true",
            "ssh://git.example.com,           ssh://git.example.com:2222/team/web.git,   true",
            "ssh://git.example.com,           ssh://git.example.com.evil.net/web.git,    false",
            "git@git.example.com,             git@git.example.com:team/web.git,          true",
            "git@git.example.com,             git@git.example.com.evil.net:web.git,      false",
            "git@git.example.com:team,        git@git.example.com:team/web.git,          true",
            "git@git.example.com:team,        git@git.example.com:teamx/web.git,         false",
            "git@git.example.com:,            git@git.example.com:web.git,               true",
    })
    void prefix_matchesOnlyAtASlashColonOrTheEnd(String prefix, String url, boolean applies) {
        GitCredentials credentials = RemoteUrl.isHttp(prefix) ? login(prefix) : key(prefix);

        assertThat(credentials.appliesTo(url)).isEqualTo(applies);
    }

    @Test
    void credentialsFor_picksTheLongestMatchingPrefix_andNeverALookalikeHost() {
        GitAccess access = new GitAccess(List.of(login("https://git.example.com"), login("https://git.example.com/team"),
                login("https://git.example.com/team/web.git/more"), key("git@git.example.com")), null);

        assertThat(access.credentialsFor(RemoteUrl.of("https://git.example.com/team/web.git")))
                .map(GitCredentials::urlPrefix).contains("https://git.example.com/team");
        assertThat(access.credentialsFor(RemoteUrl.of("https://git.example.com/other/web.git")))
                .map(GitCredentials::urlPrefix).contains("https://git.example.com");
        assertThat(access.credentialsFor(RemoteUrl.of("https://git.example.com.evil.net/team/web.git"))).isEmpty();
        assertThat(access.credentialsFor(RemoteUrl.of("git@git.example.com:team/web.git")))
                .map(GitCredentials::urlPrefix).contains("git@git.example.com");
    }

    @Test
    void credentialsFor_comparesSchemeUrlsWithoutTheirUserName() {
        GitAccess access = new GitAccess(List.of(key("ssh://git.example.com/team")), null);

        assertThat(access.credentialsFor(RemoteUrl.of("ssh://git@git.example.com/team/web.git"))).isPresent();
        assertThat(access.credentialsFor(RemoteUrl.of("ssh://git@git.example.com/teamx/web.git"))).isEmpty();
    }

    @Test
    void credentials_refuseWhatCannotWork_namingThePrefixAndTheSetting() {
        assertThatThrownBy(() -> new GitCredentials("git.example.com", "bot", "pw", null, null))
                .hasMessage("Git credentials for url-prefix 'git.example.com': url-prefix must start with http://, "
                        + "https:// or ssh://, or be scp-like [user@]host:path");
        assertThatThrownBy(() -> new GitCredentials("https://bot:pw@git.example.com/", "bot", "pw", null, null))
                .hasMessageContaining("'https://git.example.com/': url-prefix must not contain a user name or password")
                .message().doesNotContain("pw@");
        assertThatThrownBy(() -> new GitCredentials("https://git.example.com/", "bot", null, null, null))
                .hasMessageContaining("an http(s) login needs username and password");
        assertThatThrownBy(() -> new GitCredentials("https://git.example.com/", "bot", "pw", Path.of("/k"), null))
                .hasMessageContaining("ssh-key and passphrase are for SSH remotes");
        assertThatThrownBy(() -> new GitCredentials("ssh://git.example.com/", null, null, null, "secret"))
                .hasMessageContaining("an SSH login needs ssh-key").message().doesNotContain("secret");
        assertThatThrownBy(() -> new GitCredentials("git@git.example.com:", "git", "pw", Path.of("/k"), null))
                .hasMessageContaining("SSH remotes log in with ssh-key, not username and password");
    }

    @Test
    void sshKey_inTheHomeFolder_isExpanded() {
        GitCredentials credentials = new GitCredentials("git@git.example.com", null, null, Path.of("~/.ssh/deploy"), null);

        assertThat(credentials.sshKey()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "deploy"));
        assertThat(GitAccess.anonymous().knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    }

    @Test
    void toString_masksThePasswordAndThePassphrase() {
        GitCredentials http = new GitCredentials("https://git.example.com/", "bot", "s3cret", null, null);
        GitCredentials ssh = new GitCredentials("git@git.example.com", null, null, Path.of("/keys/deploy"), "pass phrase");

        assertThat(http).hasToString("GitCredentials[urlPrefix=https://git.example.com/, username=bot, password=****]");
        assertThat(ssh).hasToString("GitCredentials[urlPrefix=git@git.example.com, sshKey=/keys/deploy, passphrase=****]");
        assertThat(new GitAccess(List.of(http, ssh), Path.of("/kh")).toString()).doesNotContain("s3cret").doesNotContain("pass phrase");
    }
}
