package io.patchrun.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CriticalPathTest {

    /** A platform, a service on it, two apps on the service (the slower build last), each app with a container. */
    private static final Map<String, Set<String>> PARENTS = new LinkedHashMap<>(Map.of(
            "platform", Set.of(), "service", Set.of("platform"), "app-1", Set.of("service"), "app-2", Set.of("service")));
    private static final Map<String, Duration> BUILDS = Map.of("platform", seconds(2), "service", seconds(2),
            "app-1", seconds(2), "app-2", seconds(3));
    private static final Map<String, Duration> ROLLOVERS = Map.of("app-1", seconds(10), "app-2", seconds(10));

    @Test
    void longestChain_followsTheSlowestBuildsAndEndsWithThatImagesRollover() {
        CriticalPath.Chain chain = CriticalPath.longestChain(PARENTS, BUILDS, ROLLOVERS);

        assertThat(chain.images()).containsExactly("platform", "service", "app-2");
        assertThat(chain.builds()).isEqualTo(seconds(7));
        assertThat(chain.rollover()).isEqualTo(seconds(10));
        assertThat(chain.total()).isEqualTo(seconds(17));
    }

    @Test
    void longestChain_prefersALongRolloverAfterShortBuilds() {
        Map<String, Duration> rollovers = Map.of("app-1", seconds(20), "app-2", seconds(10));

        assertThat(CriticalPath.longestChain(PARENTS, BUILDS, rollovers).images()).containsExactly("platform", "service", "app-1");
    }

    @Test
    void schedule_withRoomForEverything_isTheLongestChain() {
        assertThat(CriticalPath.schedule(PARENTS, BUILDS, ROLLOVERS, 4, 8)).isEqualTo(seconds(17));
    }

    @Test
    void schedule_oneAtATime_queuesBuildsByNameAndRolloutsInTheOrderTheirBuildsEnded() {
        // platform 0-2, service 2-4, app-1 4-6, app-2 6-9; rollouts app-1 6-16, app-2 16-26.
        assertThat(CriticalPath.schedule(PARENTS, BUILDS, ROLLOVERS, 1, 1)).isEqualTo(seconds(26));
    }

    @Test
    void cycle_isRefusedWithTheImagesInIt() {
        Map<String, Set<String>> cycle = Map.of("a", Set.of("b"), "b", Set.of("a"));

        assertThatThrownBy(() -> CriticalPath.longestChain(cycle, Map.of("a", seconds(1), "b", seconds(1)), Map.of()))
                .hasMessageContaining("cycle");
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
