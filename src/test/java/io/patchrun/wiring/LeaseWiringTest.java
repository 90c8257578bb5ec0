package io.patchrun.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LeaseWiringTest {

    @Test
    void anH2DatabaseOpenedInThisProcess_isItsOwn_whileAnyOtherCanBeShared() {
        assertThat(LeaseWiring.shared("jdbc:h2:file:/var/lib/patchrun/data/patchrun;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0")).isFalse();
        assertThat(LeaseWiring.shared("jdbc:h2:mem:test")).isFalse();
        assertThat(LeaseWiring.shared("jdbc:h2:file:./data/patchrun;AUTO_SERVER=TRUE")).isTrue();
        assertThat(LeaseWiring.shared("jdbc:h2:tcp://db.example.com/patchrun")).isTrue();
        assertThat(LeaseWiring.shared("jdbc:postgresql://127.0.0.1:5432/patchrun")).isTrue();
    }

    @Test
    void instanceIds_namesTheHostAndProcess_andDifferEvenInOneProcess() {
        String id = LeaseWiring.instanceId();

        assertThat(id).contains("-" + ProcessHandle.current().pid() + "-").matches(".+-\\d+-[0-9a-f]{6}");
        assertThat(LeaseWiring.instanceId()).isNotEqualTo(id);
    }

    @Test
    void leaseSettings_defaultTo30And10Seconds_andAHeartbeatOfMoreThanHalfTheLeaseIsRefused() {
        assertThat(new LeaseProperties(null, null)).isEqualTo(new LeaseProperties(Duration.ofSeconds(30), Duration.ofSeconds(10)));
        assertThatThrownBy(() -> new LeaseProperties(Duration.ofSeconds(10), Duration.ofSeconds(6)))
                .hasMessageContaining("patchrun.lease.heartbeat must be longer than zero and at most half of patchrun.lease.duration");
        assertThatThrownBy(() -> new LeaseProperties(Duration.ZERO, null)).hasMessageContaining("patchrun.lease.duration must be longer than zero");
    }
}
