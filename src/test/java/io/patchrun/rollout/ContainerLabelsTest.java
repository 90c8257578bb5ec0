package io.patchrun.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ContainerState;
import io.patchrun.container.ImageConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** A container's labels read as Patchrun and Watchtower read them. */
class ContainerLabelsTest {

    private static final Hook PIPELINE_PRE = new Hook(List.of("/drain.sh"), Duration.ofSeconds(30), "hooks.preUpdate of the pipeline");

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "F", "FALSE", "false", "False", " false "})
    void enable_isFalse_inEverySpellingGoTakes(String value) {
        assertThat(ContainerLabels.skipReason(container(Map.of(ContainerLabels.ENABLE, value), null), false, Hooks.NONE))
                .contains("it is labelled io.patchrun.enable=" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void enable_isTrue_inEverySpellingGoTakes(String value) {
        assertThat(ContainerLabels.skipReason(container(Map.of(ContainerLabels.WATCHTOWER_ENABLE, value), null), true, Hooks.NONE)).isEmpty();
    }

    @Test
    void stopSignal_isWatchtowersLabel_thenTheContainersOwn_thenSigterm() {
        assertThat(ContainerLabels.stopSignal(container(Map.of(ContainerLabels.WATCHTOWER_STOP_SIGNAL, " SIGHUP "), "SIGQUIT"))).isEqualTo("SIGHUP");
        assertThat(ContainerLabels.stopSignal(container(Map.of(), "SIGQUIT"))).isEqualTo("SIGQUIT");
        assertThat(ContainerLabels.stopSignal(container(Map.of(), null))).isEqualTo("SIGTERM");
    }

    @Test
    void dependsOn_takesBothLabels_commaSeparated_withoutLeadingSlashes_once() {
        assertThat(ContainerLabels.dependsOn(container(Map.of(ContainerLabels.DEPENDS_ON, "db, cache",
                ContainerLabels.WATCHTOWER_DEPENDS_ON, "/db,/queue,"), null))).containsExactly("db", "cache", "queue");
    }

    @Test
    void hooks_ofTheLabels_replaceThePipelines_withTheirTimeoutInMinutes_zeroForNoLimit() {
        Hooks hooks = ContainerLabels.hooks(container(Map.of(ContainerLabels.WATCHTOWER_POST_UPDATE, "/restore.sh",
                ContainerLabels.WATCHTOWER_POST_UPDATE + ContainerLabels.TIMEOUT_SUFFIX, "0"), null), new Hooks(PIPELINE_PRE, null));

        assertThat(hooks.preUpdate()).isEqualTo(PIPELINE_PRE);
        assertThat(hooks.postUpdate()).isEqualTo(new Hook(List.of("sh", "-c", "/restore.sh"), null,
                "label com.centurylinklabs.watchtower.lifecycle.post-update"));
        assertThat(ContainerLabels.hooks(container(Map.of(ContainerLabels.WATCHTOWER_PRE_UPDATE, "/dump.sh"), null), Hooks.NONE).preUpdate().timeout())
                .as("Watchtower's default").isEqualTo(Duration.ofMinutes(1));
        assertThat(ContainerLabels.hooks(container(Map.of(ContainerLabels.WATCHTOWER_PRE_UPDATE, " "), null), new Hooks(PIPELINE_PRE, null))
                .preUpdate()).as("a blank label is no command").isEqualTo(PIPELINE_PRE);
    }

    @Test
    void skipReason_namesATimeoutLabelOfMinutesThatIsNegative() {
        assertThat(ContainerLabels.skipReason(container(Map.of(ContainerLabels.WATCHTOWER_PRE_UPDATE, "/dump.sh",
                ContainerLabels.WATCHTOWER_PRE_UPDATE + ContainerLabels.TIMEOUT_SUFFIX, "-1"), null), false, Hooks.NONE))
                .contains("its label com.centurylinklabs.watchtower.lifecycle.pre-update-timeout=-1 is not a whole number of minutes (0 for no"
                        + " limit), as Watchtower reads it; fix the label");
    }

    private static ContainerDetails container(Map<String, String> labels, String stopSignal) {
        ImageConfig config = new ImageConfig(null, labels, null, null, null, null, null, null, null, stopSignal);
        return new ContainerDetails("c".repeat(64), "web-1", "sha256:" + "1".repeat(64),
                new ContainerSpec("demo/web:1", config, null, "bridge", List.of(), List.of(), "{}"),
                new ContainerState(ContainerState.Status.RUNNING, ContainerState.Health.NONE, null, 0, null, null, null), List.of());
    }
}
