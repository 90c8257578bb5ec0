package io.patchrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
