package io.patchrun.rollout;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchrun.container.ContainerSpec;
import io.patchrun.container.ImageConfig;
import io.patchrun.container.ImageInfo;
import io.patchrun.image.ImageRef;
import io.patchrun.rollout.FakeEngine.Behaviour;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RollbackToTest {

    private final MutableClock clock = new MutableClock();
    private final FakeEngine engine = new FakeEngine(clock);
    private final Rollover rollover = new Rollover(engine, new MemoryJournal(engine), clock, clock::advance);
    private final RollbackTo rollbackTo = new RollbackTo(engine, new ContainerRollouts(engine, rollover, Runnable::run));
    private ImageInfo prior;

    @BeforeEach
    void runWebOnCurrentVersion() {
        prior = engine.image("demo/web:20261101-0300", ImageConfig.empty(), Behaviour.RUNS);
        ImageInfo current = engine.image("demo/web:20261123-0300", ImageConfig.empty(), Behaviour.RUNS);
        for (String name : List.of("web-1", "web-2")) {
            engine.run(name, current, new ContainerSpec("demo/web:20261123-0300", ImageConfig.empty(), null, "bridge", List.of(), List.of(), "{}"));
        }
    }

    @Test
    void rollBack_movesEveryContainerOfTheImageToThePriorTag() {
        List<RolloverResult> results = rollbackTo.rollBack(ImageRef.parse("demo/web"), "20261101-0300", RolloutPolicy.defaults());

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status, RolloverResult::newImageId).containsExactly(
                tuple("web-1", Status.DEPLOYED, prior.id()),
                tuple("web-2", Status.DEPLOYED, prior.id()));
        assertThat(engine.named("web-1").spec.image()).isEqualTo("demo/web:20261101-0300");
    }

    @Test
    void rollBack_createsContainersFromATagOfTheImage_whenGivenAnImageId() {
        rollbackTo.rollBack(ImageRef.parse("demo/web"), prior.id(), RolloutPolicy.defaults());

        assertThat(engine.named("web-2").spec.image()).isEqualTo("demo/web:20261101-0300");
    }

    @Test
    void rollBack_refuses_whenNoImageHasThatTagOrId() {
        assertThatThrownBy(() -> rollbackTo.rollBack(ImageRef.parse("demo/web"), "19990101-0000", RolloutPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot roll demo/web back to '19990101-0000': no image with that tag or id is on the engine");
    }
}
