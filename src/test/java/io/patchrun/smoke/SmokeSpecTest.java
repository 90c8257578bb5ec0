package io.patchrun.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SmokeSpecTest {

    @Test
    void spec_defaultsToThirtySecondsAndNoCommand() {
        SmokeSpec spec = new SmokeSpec(null, null, null);

        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.command()).isEmpty();
    }

    @Test
    void spec_rejectsZeroTimeout() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SmokeSpec(null, null, Duration.ZERO))
                .withMessage("a smoke test timeout must be positive, not PT0S");
    }

    @Test
    void httpCheck_defaultsToRootAnd200() {
        assertThat(new HttpCheck(8080, null, 0)).isEqualTo(new HttpCheck(8080, "/", 200));
    }

    @Test
    void httpCheck_rejectsRelativePathAndOddStatus() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HttpCheck(8080, "health", 200))
                .withMessage("an HTTP check's path must start with /, not 'health'");
        assertThatIllegalArgumentException().isThrownBy(() -> new HttpCheck(8080, "/", 42))
                .withMessage("an HTTP check expects a status from 100 to 599, not 42");
        assertThatIllegalArgumentException().isThrownBy(() -> new HttpCheck(0, "/", 200))
                .withMessage("an HTTP check needs a port from 1 to 65535, not 0");
    }

    @Test
    void durations_describeWholeAndFractionalSeconds() {
        assertThat(Durations.describe(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(Durations.describe(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(Durations.describe(Duration.ofMillis(300))).isEqualTo("0.3 s");
    }
}
