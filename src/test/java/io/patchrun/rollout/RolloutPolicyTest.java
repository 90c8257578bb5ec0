package io.patchrun.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RolloutPolicyTest {

    @Test
    void defaults_stopWithin10s_andWaitUpTo30sForHealth() {
        RolloutPolicy policy = RolloutPolicy.defaults();

        assertThat(policy.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.healthTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.minUptime()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void new_refusesMinimumUptimeLongerThanHealthTimeout() {
        assertThatThrownBy(() -> RolloutPolicy.defaults().withHealthTimeout(Duration.ofSeconds(5)).withMinUptime(Duration.ofSeconds(6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minUptime PT6S is longer than healthTimeout PT5S: no container could pass the health gate");
    }

    @Test
    void new_refusesNegativeStopTimeout() {
        assertThatThrownBy(() -> RolloutPolicy.defaults().withStopTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stopTimeout cannot be negative: PT-1S");
    }
}
