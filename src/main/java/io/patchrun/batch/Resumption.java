package io.patchrun.batch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.patchrun.fleet.CheckedOutImage;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.VersionHistory;
import io.patchrun.plan.Plan;

/**
 * The plan of a resumed run: what the run it continues left undone ({@link ResumePlan}). Images that passed
 * are recorded UNCHANGED on the version that run made; images it built and smoke-tested but did not finish
 * rolling out are rolled out without a build; the rest are built again, from the commit that run planned.
 * When a repository has moved on since, such an image is refused rather than built from another commit:
 * a resume finishes what its run planned, and a new run builds the new commit.
 */
@Component
class Resumption {

    private static final Logger log = LoggerFactory.getLogger(Resumption.class);

    private final VersionHistory versions;
    private final RunHistory runs;

    Resumption(VersionHistory versions, RunHistory runs) {
        this.versions = versions;
        this.runs = runs;
    }

    /** Sets the run's plan and what it only rolls out; returns why each image is built again. */
    Map<String, String> plan(RunState state) {
        Run previous = state.resume.previous();
        ResumePlan decided = ResumePlan.of(previous.images(), state.fleet.images().keySet(), versions::version);
        Plan plan = state.fleet.graph().planForImages(decided.rebuild());
        decided = decided.rebuilding(plan.images().keySet());
        state.plan = plan;
        decided.carried().values().forEach(image -> record(state, new RunImage(image.name(), ImageStatus.UNCHANGED, image.tag(),
                image.baseDigest(), image.commit(), null, image.containers(),
                "passed in run " + previous.id() + " as version " + image.tag() + "; not built again")));
        decided.rollOut().values().forEach(image -> record(state, new RunImage(image.name(), ImageStatus.BUILT, image.tag(),
                image.baseDigest(), image.commit(), null, List.of(),
                "built and smoke-tested in run " + previous.id() + "; its containers roll over now, without a new build")));
        state.rollOutOnly = List.copyOf(decided.rollOut().keySet());
        if (!decided.gone().isEmpty()) {
            log.info("Run {} resumes run {} without {}: pipeline {} no longer has them", state.id, previous.id(), decided.gone(),
                    state.pipeline.name());
        }
        Map<String, RunImage> before = new HashMap<>();
        previous.images().forEach(image -> before.put(image.name(), image));
        Map<String, String> why = new HashMap<>();
        for (String name : plan.images().keySet()) {
            RunImage left = before.get(name);
            if (left != null) {
                why.put(name, "run " + previous.id() + " left it " + left.status() + (left.message() == null ? "" : ": " + left.message()));
                refuseMovedCommit(state, previous, state.fleet.image(name), left.commit());
            }
        }
        return why;
    }

    private static void refuseMovedCommit(RunState state, Run previous, CheckedOutImage source, String planned) {
        String now = source.revision() == null ? null : source.revision().commit();
        if (planned != null && now != null && !Objects.equals(planned, now)) {
            state.refused.put(source.name(), "not built: " + source.repository() + " is at commit " + now + " now, and run "
                    + previous.id() + " planned " + source.name() + " from " + planned + "; a resume only finishes what its run planned,"
                    + " so start a new run to build the new commit");
        }
    }

    private void record(RunState state, RunImage image) {
        state.images.put(image.name(), image);
        runs.image(state.id, image);
    }
}
