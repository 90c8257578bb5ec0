package io.patchrun.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.patchrun.testsupport.MutableClock;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginProperties properties = new LoginProperties(new LoginProperties.Limits(3, 5), new LoginProperties.Limits(6, 8),
            Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1), 100);
    private final LoginThrottle throttle = new LoginThrottle(properties, clock);

    @Test
    void user_isSlowedDownWithADoublingWait_thenLocked() {
        fail("alice", "10.0.0.1", 2);
        assertThat(throttle.refusal("alice", "10.0.0.2")).as("below the slowdown").isEmpty();

        fail("alice", "10.0.0.2", 1);
        assertThat(waitOf("alice", "10.0.0.3")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.refusal("alice", "10.0.0.3")).isEmpty();

        fail("alice", "10.0.0.3", 1);
        assertThat(waitOf("alice", "10.0.0.4")).isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        fail("alice", "10.0.0.4", 1);

        LoginRefusedException locked = throttle.refusal("alice", "10.0.0.5").orElseThrow();
        assertThat(locked.getMessage()).isEqualTo("Too many failed logins for this user name (5 in a row); locked for 15 min."
                + " The password was not checked.");
        assertThat(locked.retryAfterSeconds()).isEqualTo(900);
        assertThat(throttle.refusal("bob", "10.0.0.5")).as("another user from a fresh address").isEmpty();

        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.refusal("alice", "10.0.0.5")).as("after the lock").isEmpty();
        fail("alice", "10.0.0.5", 1);
        assertThat(waitOf("alice", "10.0.0.6")).as("one more failure locks again at once").isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void address_isCountedAcrossUserNames() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("user-" + i, "192.0.2.7");
        }

        Optional<LoginRefusedException> refusal = throttle.refusal("someone-else", "192.0.2.7");

        assertThat(refusal).hasValueSatisfying(e -> assertThat(e.getMessage())
                .startsWith("Too many failed logins for address 192.0.2.7 (6 in a row); slowed down: try again in 1 s."));
        assertThat(throttle.refusal("someone-else", "192.0.2.8")).isEmpty();
    }

    @Test
    void success_clearsTheUsersCount_butNotTheAddresss() {
        fail("alice", "10.0.0.1", 2);
        throttle.succeeded("alice");
        fail("alice", "10.0.0.1", 2);

        assertThat(throttle.refusal("alice", "10.0.0.9")).as("2 in a row, not 4").isEmpty();
        throttle.failed("mallory", "10.0.0.1");
        throttle.failed("mallory", "10.0.0.1");
        assertThat(throttle.refusal("carol", "10.0.0.1")).as("the address has 6 in a row").isPresent();
    }

    @Test
    void userNames_areCountedWithoutRegardToCase() {
        fail("Alice", "10.0.0.1", 3);

        assertThat(throttle.refusal("ALICE", "10.0.0.2")).isPresent();
    }

    @Test
    void countsAreForgotten_afterAQuietHour() {
        fail("alice", "10.0.0.1", 2);
        clock.advance(Duration.ofHours(1));
        fail("alice", "10.0.0.1", 2);

        assertThat(throttle.refusal("alice", "10.0.0.2")).isEmpty();
    }

    @Test
    void counts_keepAtMostMaxTrackedKeys_droppingTheLeastRecentlySeen() {
        LoginProperties two = new LoginProperties(new LoginProperties.Limits(1, 2), null, null, null, null, 2);
        FailureCounts counts = new FailureCounts(two.user(), two);

        counts.failed("a", clock.instant());
        counts.failed("b", clock.instant());
        counts.wait("a", clock.instant());
        counts.failed("c", clock.instant());

        assertThat(counts.tracked()).isEqualTo(2);
        assertThat(counts.wait("a", clock.instant())).isPresent();
        assertThat(counts.wait("b", clock.instant())).as("dropped").isEmpty();
        assertThat(counts.wait("c", clock.instant())).isPresent();
    }

    @Test
    void hugeUserNames_areKeptByTheirHash() {
        String huge = "x".repeat(1_000_000);
        fail(huge, null, 3);

        assertThat(throttle.refusal(huge, null)).isPresent();
        assertThat(throttle.refusal(huge + "y", null)).isEmpty();
    }

    @Test
    void properties_nameTheSettingThatIsWrong() {
        assertThatThrownBy(() -> new LoginProperties(new LoginProperties.Limits(5, 2), null, null, null, null, null))
                .hasMessage("patchrun.security.login.user.lock-after must be at least patchrun.security.login.user.slowdown-after (5), got 2");
        assertThatThrownBy(() -> new LoginProperties(null, null, Duration.ZERO, null, null, null))
                .hasMessage("patchrun.security.login.delay must be longer than zero, got PT0S");
        assertThat(new LoginProperties(new LoginProperties.Limits(null, 20), null, null, null, null, null).user())
                .as("an unset value keeps its default").isEqualTo(new LoginProperties.Limits(3, 20));
    }

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    private Duration waitOf(String user, String address) {
        return throttle.refusal(user, address).map(e -> Duration.ofSeconds(e.retryAfterSeconds())).orElse(Duration.ZERO);
    }
}
