package io.patchrun.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.patchrun.testsupport.MutableClock;

class PollingTest {

    private static final Duration EVERY = Duration.ofMillis(200);

    private final MutableClock clock = new MutableClock();
    private final List<Duration> pauses = new ArrayList<>();
    private final Polling polling = new Polling(clock, duration -> {
        pauses.add(duration);
        clock.advance(duration);
    });

    @Test
    void until_returnsTheAnswer_asSoonAsAnAttemptHasOne() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();

        String answer = polling.until(clock.instant().plusSeconds(5), EVERY,
                () -> attempts.incrementAndGet() < 3 ? Polling.Step.notYet("not yet " + attempts) : Polling.Step.done("ready"),
                why -> "timed out: " + why);

        assertThat(answer).isEqualTo("ready");
        assertThat(pauses).containsExactly(EVERY, EVERY);
    }

    @Test
    void until_givesTheLastReason_onceTheDeadlineHasPassed_withoutPausingPastIt() throws InterruptedException {
        Instant start = clock.instant();
        AtomicInteger attempts = new AtomicInteger();

        String answer = polling.until(start.plusMillis(500), EVERY,
                () -> Polling.Step.notYet("attempt " + attempts.incrementAndGet()), why -> "timed out: " + why);

        assertThat(answer).isEqualTo("timed out: attempt 4");
        assertThat(pauses).containsExactly(EVERY, EVERY, Duration.ofMillis(100));
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void until_attemptsOnce_whenTheDeadlineHasPassedAlready() throws InterruptedException {
        String answer = polling.until(clock.instant().minusSeconds(1), EVERY, () -> Polling.Step.done("ready"), why -> "timed out");

        assertThat(answer).isEqualTo("ready");
        assertThat(pauses).isEmpty();
    }

    @Test
    void until_rejectsAPauseOfZero() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> polling.until(clock.instant(), Duration.ZERO, () -> Polling.Step.done("x"), why -> why))
                .withMessage("polling needs a pause longer than zero between attempts, not PT0S");
    }
}
