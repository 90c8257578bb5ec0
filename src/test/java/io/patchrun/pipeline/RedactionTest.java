package io.patchrun.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** URLs in free text, such as a webhook's answer quoting the request, shown without their secrets. */
class RedactionTest {

    @Test
    void urlsIn_redactsEveryUrlInTheText_andLeavesTheRestAsItIs() {
        String text = "webhook http://127.0.0.1:9000/hook/… answered HTTP 500: no route for "
                + "https://hooks.slack.com/services/T000/B000/XXXX?token=abc, try http://user:pw@example.com/x";

        assertThat(Redaction.urlsIn(text)).isEqualTo("webhook http://127.0.0.1:9000/hook/… answered HTTP 500: no route for "
                + "https://hooks.slack.com/services/…, try http://example.com/x/…");
    }

    @Test
    void urlsIn_changesNothingTwice_norTextWithoutUrls() {
        String once = Redaction.urlsIn("failed: https://hooks.slack.com/services/T000/B000/XXXX");

        assertThat(Redaction.urlsIn(once)).isEqualTo(once).isEqualTo("failed: https://hooks.slack.com/services/…");
        assertThat(Redaction.urlsIn("email ops@example.com: SMTP 550 mailbox unavailable"))
                .isEqualTo("email ops@example.com: SMTP 550 mailbox unavailable");
        assertThat(Redaction.urlsIn(null)).isNull();
    }

    @Test
    void userInfo_isRemovedFromEveryUrlInAText_keepingThePath() {
        assertThat(Redaction.userInfo("cannot fetch https://bot:s3cr3t@git.example.com/team/web.git: 401; also http://u:p@127.0.0.1:5000/v2/"))
                .isEqualTo("cannot fetch https://git.example.com/team/web.git: 401; also http://127.0.0.1:5000/v2/");
    }

    @Test
    void userInfo_goesWhole_evenWhenThePasswordHoldsAnAt() {
        assertThat(Redaction.userInfo("https://bot:p@ss@w0rd@git.example.com/web.git")).isEqualTo("https://git.example.com/web.git");
        assertThat(Redaction.userInfo("ssh://git@git.example.com:2222/web.git")).isEqualTo("ssh://git.example.com:2222/web.git");
    }

    @Test
    void textWithoutUserInfo_isLeftAsItIs() {
        assertThat(Redaction.userInfo("/srv/git/web and mail ops@example.com")).isEqualTo("/srv/git/web and mail ops@example.com");
        assertThat(Redaction.userInfo("https://git.example.com/@team/web.git")).isEqualTo("https://git.example.com/@team/web.git");
        assertThat(Redaction.hasUserInfo("https://git.example.com/web.git")).isFalse();
        assertThat(Redaction.hasUserInfo("https://bot:x@git.example.com/web.git")).isTrue();
    }
}
