package io.patchrun.notify;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.patchrun.pipeline.NotifySpec;
import io.patchrun.pipeline.NotifySpec.Level;

import static org.assertj.core.api.Assertions.assertThat;

class NoticeTest {

    private static final Messages MESSAGES = new Messages(URI.create("https://patchrun.example.com/"));

    private static EndedRun run(String status, String imageStatus, String message) {
        EndedRun.ContainerChange web1 = new EndedRun.ContainerChange("web-1", "ROLLED_BACK", "not healthy within 15 s", Duration.ofMillis(420));
        EndedRun.ImageChange web = new EndedRun.ImageChange("demo/web", imageStatus, "20261201-0300-1", "sha256:aaaaaaaaaaaaaaaa",
                "sha256:bbbbbbbbbbbbbbbb", Duration.ofSeconds(3), Duration.ofSeconds(20), List.of(web1), message);
        return new EndedRun(7, "demo", "schedule", status, Instant.parse("2026-12-01T03:00:00Z"), Instant.parse("2026-12-01T03:01:00Z"),
                "1 rolled back", List.of(web), NotifySpec.NONE);
    }

    @ParameterizedTest
    @CsvSource({
            "FAILED,      FAILED,      FAILURES, true",
            "PARTIAL,     DEPLOYED,    FAILURES, true",
            "ROLLED_BACK, ROLLED_BACK, FAILURES, true",
            "SUCCEEDED,   DEPLOYED,    FAILURES, false",
            "SUCCEEDED,   DEPLOYED,    CHANGES,  true",
            "SUCCEEDED,   UNCHANGED,   ALWAYS,   true",
    })
    void level_decidesWhichRunsAreTold(String status, String imageStatus, Level level, boolean told) {
        assertThat(run(status, imageStatus, null).worthTelling(level)).isEqualTo(told);
    }

    @Test
    void changes_skipsRunsThatTouchedNothing_andFailures_includesPolicyRefusals() {
        EndedRun quiet = new EndedRun(8, "demo", "schedule", "SUCCEEDED", null, null, "nothing to rebuild", List.of(), NotifySpec.NONE);
        assertThat(quiet.worthTelling(Level.CHANGES)).isFalse();
        assertThat(run("SUCCEEDED", "DEPLOYED", "backup-agent refused by policy: docker-socket").worthTelling(Level.FAILURES)).isTrue();
        assertThat(run("SUCCEEDED", "DEPLOYED", "rolled over 1 container(s); longest outage 1 s; agent: refused by the policy gate: privileged"
                + " (runs --privileged); it keeps running as it is.").worthTelling(Level.FAILURES)).isTrue();
        assertThat(run("SUCCEEDED", "DEPLOYED", "rolled over 1 container(s); longest outage 1 s; agent: policy exception used (policy.allow):"
                + " docker-socket (mounts the Docker socket /var/run/docker.sock)").worthTelling(Level.FAILURES))
                .as("an exception the pipeline grants is no failure").isFalse();
    }

    @Test
    void webhookPayload_carriesRunImagesDigestsContainersAndLink() {
        Notice notice = MESSAGES.ended(run("ROLLED_BACK", "ROLLED_BACK", "web-1: not healthy"));

        assertThat(notice.json()).isEqualTo("{\"event\":\"run-ended\",\"id\":7,\"pipeline\":\"demo\",\"status\":\"ROLLED_BACK\","
                + "\"trigger\":\"schedule\",\"startedAt\":\"2026-12-01T03:00:00Z\",\"endedAt\":\"2026-12-01T03:01:00Z\","
                + "\"message\":\"1 rolled back\",\"link\":\"https://patchrun.example.com/runs/7\",\"images\":[{\"name\":\"demo/web\","
                + "\"status\":\"ROLLED_BACK\",\"tag\":\"20261201-0300-1\",\"baseDigest\":{\"old\":\"sha256:aaaaaaaaaaaaaaaa\","
                + "\"new\":\"sha256:bbbbbbbbbbbbbbbb\"},\"message\":\"web-1: not healthy\",\"containers\":[{\"name\":\"web-1\","
                + "\"outcome\":\"ROLLED_BACK\",\"reason\":\"not healthy within 15 s\",\"outageMillis\":420}]}]}");
        assertThat(notice.subject()).isEqualTo("[patchrun] demo: run 7 ROLLED_BACK");
        assertThat(notice.text()).contains("Patch run 7 of pipeline demo ended ROLLED_BACK (schedule)",
                "demo/web ROLLED_BACK (20261201-0300-1), base sha256:aaaaaaaaaaaa → sha256:bbbbbbbbbbbb",
                "web-1 rolled back", "not healthy within 15 s", "https://patchrun.example.com/runs/7");
    }

    @Test
    void deliveries_retryWithTheGivenPauses_andRecordTheOutcome() {
        List<Duration> paused = new ArrayList<>();
        List<Delivery> recorded = new ArrayList<>();
        Deliveries deliveries = new Deliveries(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(25)), paused::add,
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), recorded::add);
        int[] calls = {0};
        Target flaky = new Target() {
            public String describe() {
                return "webhook http://127.0.0.1/hook";
            }

            public void send(Notice notice) throws DeliveryException {
                if (++calls[0] < 3) {
                    throw new DeliveryException("answered HTTP 500");
                }
            }
        };

        Delivery delivery = deliveries.deliver(MESSAGES.ended(run("FAILED", "FAILED", null)), flaky);

        assertThat(paused).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(delivery.delivered()).isTrue();
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(recorded).containsExactly(delivery);
    }
}
