package io.patchrun.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.patchrun.testsupport.MutableClock;

/** Each attempt the throttle admits is counted as failed until {@link LoginThrottle#succeeded} takes it back. */
class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginProperties properties = new LoginProperties(new LoginProperties.Limits(3, 5), new LoginProperties.Limits(6, 8),
            Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1), 100);
    private final LoginThrottle throttle = new LoginThrottle(properties, clock);

    @Test
    void user_isSlowedDownWithADoublingWait_thenLocked() {
        fail("alice", "10.0.0.1", 3);
        assertThat(waitOf("alice", "10.0.0.2")).isEqualTo(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        fail("alice", "10.0.0.3", 1);
        assertThat(waitOf("alice", "10.0.0.4")).isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        fail("alice", "10.0.0.4", 1);

        LoginRefusedException locked = throttle.admit("alice", "10.0.0.5").orElseThrow();
        assertThat(locked.getMessage()).isEqualTo("Too many failed logins for this user name (5 in a row); locked for 15 min."
                + " The password was not checked.");
        assertThat(locked.retryAfterSeconds()).isEqualTo(900);
        assertThat(throttle.admit("bob", "10.0.0.5")).as("another user from a fresh address").isEmpty();

        clock.advance(Duration.ofMinutes(15));
        fail("alice", "10.0.0.5", 1);
        assertThat(waitOf("alice", "10.0.0.6")).as("one more failure locks again at once").isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void address_isCountedAcrossUserNames() {
        for (int i = 0; i < 6; i++) {
            fail("user-" + i, "192.0.2.7", 1);
        }

        Optional<LoginRefusedException> refusal = throttle.admit("someone-else", "192.0.2.7");

        assertThat(refusal).hasValueSatisfying(e -> assertThat(e.getMessage())
                .startsWith("Too many failed logins for address 192.0.2.7 (6 in a row); slowed down: try again in 1 s."));
        fail("someone-else", "192.0.2.8", 2);
        assertThat(throttle.admit("someone-else", "192.0.2.8")).as("the refused attempt did not count against the name").isEmpty();
    }

    @Test
    void success_clearsTheUsersCount_andTakesBackOnlyItsOwnAttemptFromTheAddress() {
        fail("alice", "10.0.0.1", 2);
        assertThat(throttle.admit("alice", "10.0.0.1")).isEmpty();
        throttle.succeeded("alice", "10.0.0.1");
        fail("alice", "10.0.0.1", 2);

        assertThat(throttle.admit("alice", "10.0.0.9")).as("2 in a row, not 4").isEmpty();
        fail("mallory", "10.0.0.1", 2);
        assertThat(throttle.admit("carol", "10.0.0.1")).as("the address has 6 failures in a row").isPresent();
    }

    @Test
    void attemptsSentAllAtOnce_reachThePasswordCheckOnlyUpToTheSlowdown() throws Exception {
        int attempts = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<Boolean>> admitted = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String address = "10.1.0." + i;
                admitted.add(pool.submit(() -> {
                    start.await();
                    return throttle.admit("alice", address).isEmpty();
                }));
            }
            start.countDown();
            int checked = 0;
            for (Future<Boolean> one : admitted) {
                checked += one.get() ? 1 : 0;
            }
            assertThat(checked).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void userNames_areCountedWithoutRegardToCase() {
        fail("Alice", "10.0.0.1", 3);

        assertThat(throttle.admit("ALICE", "10.0.0.2")).isPresent();
    }

    @Test
    void countsAreForgotten_afterAQuietHour() {
        fail("alice", "10.0.0.1", 2);
        clock.advance(Duration.ofHours(1));
        fail("alice", "10.0.0.1", 2);

        assertThat(throttle.admit("alice", "10.0.0.2")).isEmpty();
    }

    @Test
    void counts_keepAtMostMaxTrackedKeys_droppingTheLeastRecentlySeen() {
        LoginProperties two = new LoginProperties(new LoginProperties.Limits(1, 2), null, null, null, null, 2);
        FailureCounts counts = new FailureCounts(two.user(), two);

        counts.admit("a", clock.instant());
        counts.admit("b", clock.instant());
        counts.wait("a", clock.instant());
        counts.admit("c", clock.instant());

        assertThat(counts.tracked()).isEqualTo(2);
        assertThat(counts.wait("a", clock.instant())).isPresent();
        assertThat(counts.wait("b", clock.instant())).as("dropped").isEmpty();
        assertThat(counts.wait("c", clock.instant())).isPresent();
    }

    @Test
    void hugeUserNames_areKeptByTheirHash() {
        String huge = "x".repeat(1_000_000);
        fail(huge, null, 3);

        assertThat(throttle.admit(huge, null)).isPresent();
        assertThat(throttle.admit(huge + "y", null)).isEmpty();
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

    /** Attempts with a wrong password: admitted, and left counted. */
    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.admit(user, address)).as("attempt %d of %s", i + 1, user).isEmpty();
        }
    }

    private Duration waitOf(String user, String address) {
        return throttle.admit(user, address).map(e -> Duration.ofSeconds(e.retryAfterSeconds())).orElse(Duration.ZERO);
    }
}
