package io.patchrun.batch;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.patchrun.history.ImageStatus;
import io.patchrun.history.RunImage;
import io.patchrun.history.RunStatus;
import io.patchrun.plan.DependencyCycleException;

import static org.assertj.core.api.Assertions.assertThat;

class RunOutcomeTest {

    private static RunImage image(String name, ImageStatus status) {
        return RunImage.pending(name).with(status, null);
    }

    @Test
    void noImageFailed_isSucceeded_countingWhatHappened() {
        RunOutcome outcome = RunOutcome.completed(List.of(image("a", ImageStatus.DEPLOYED), image("b", ImageStatus.BUILT),
                image("c", ImageStatus.DEPLOYED)), null);

        assertThat(outcome).isEqualTo(new RunOutcome(RunStatus.SUCCEEDED, "1 built, 2 deployed"));
    }

    @Test
    void someFailedAndOthersWentThrough_isPartial() {
        assertThat(RunOutcome.completed(List.of(image("a", ImageStatus.DEPLOYED), image("b", ImageStatus.ROLLED_BACK),
                image("c", ImageStatus.SKIPPED)), null)).isEqualTo(new RunOutcome(RunStatus.PARTIAL, "1 skipped, 1 deployed, 1 rolled back"));
    }

    @Test
    void nothingWentThrough_isRolledBack_whenAnImageWasRolledBack_elseFailed() {
        assertThat(RunOutcome.completed(List.of(image("a", ImageStatus.ROLLED_BACK), image("b", ImageStatus.FAILED)), null).status())
                .isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(RunOutcome.completed(List.of(image("a", ImageStatus.FAILED), image("b", ImageStatus.SKIPPED)), null).status())
                .isEqualTo(RunStatus.FAILED);
    }

    @Test
    void runThatSaidSomethingOfItself_keepsItsWords() {
        assertThat(RunOutcome.completed(List.of(), "nothing to rebuild")).isEqualTo(new RunOutcome(RunStatus.SUCCEEDED, "nothing to rebuild"));
    }

    @Test
    void failedJob_givesTheFirstFailure_aCycleInItsOwnWords() {
        assertThat(RunOutcome.failed(List.of(new DependencyCycleException(List.of("demo/a", "demo/b", "demo/a")), new IllegalStateException("x"))))
                .isEqualTo(new RunOutcome(RunStatus.FAILED, new DependencyCycleException(List.of("demo/a", "demo/b", "demo/a")).getMessage()));
        assertThat(RunOutcome.failed(List.of(new IllegalStateException("the engine went away"))).message())
                .isEqualTo("IllegalStateException: the engine went away");
        assertThat(RunOutcome.failed(List.of()).message()).isEqualTo("the run stopped without saying why");
    }
}
