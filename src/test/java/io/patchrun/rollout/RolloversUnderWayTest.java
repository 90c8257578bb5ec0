package io.patchrun.rollout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolloversUnderWayTest {

    private final RolloversUnderWay underWay = new RolloversUnderWay();

    @Test
    void stop_letsNoRolloverBegin_andWaitsForThoseUnderWay() throws Exception {
        RolloversUnderWay.Ticket going = underWay.enter().orElseThrow();

        underWay.stop();

        assertThat(underWay.enter()).isEmpty();
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return underWay.awaitNone(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waited).isNotDone();
        going.close();
        assertThat(waited.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(underWay.count()).isZero();
    }

    @Test
    void awaitNone_givesUpAtItsBound_whileARolloverIsStillUnderWay() throws Exception {
        try (RolloversUnderWay.Ticket going = underWay.enter().orElseThrow()) {
            underWay.stop();

            assertThat(underWay.awaitNone(Duration.ofMillis(50))).isFalse();
            assertThat(underWay.count()).isEqualTo(1);
        }
    }

    @Test
    void ticket_countsOnce_howeverOftenItIsClosed() {
        RolloversUnderWay.Ticket going = underWay.enter().orElseThrow();
        underWay.enter().orElseThrow();

        going.close();
        going.close();

        assertThat(underWay.count()).isEqualTo(1);
    }
}
