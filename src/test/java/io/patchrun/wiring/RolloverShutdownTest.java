package io.patchrun.wiring;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.patchrun.rollout.RolloversUnderWay;

import static org.assertj.core.api.Assertions.assertThat;

class RolloverShutdownTest {

    @Test
    void stop_refusesNewRollovers_andAStartAfterItLetsThemBeginAgain() {
        RolloversUnderWay underWay = new RolloversUnderWay();
        RolloverShutdown shutdown = new RolloverShutdown(underWay, Duration.ofSeconds(1));
        shutdown.start();

        shutdown.stop();
        assertThat(underWay.enter()).as("no rollover begins while stopping").isEmpty();

        // Spring stops and starts the lifecycle of a context it keeps, as the test framework does with cached ones.
        shutdown.start();
        assertThat(underWay.enter()).as("rollovers begin again once started").isPresent();
    }
}
