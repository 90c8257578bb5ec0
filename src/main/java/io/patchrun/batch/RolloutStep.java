package io.patchrun.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

import org.springframework.stereotype.Component;

import io.patchrun.container.EngineUnavailableException;
import io.patchrun.history.HistoryJournal;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.ReadyVersions;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ContainerSelection;
import io.patchrun.pipeline.HooksSpec;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.policy.PolicyGate;
import io.patchrun.policy.PolicyRules;
import io.patchrun.retain.ImageStore;
import io.patchrun.rollout.ContainerRollouts;
import io.patchrun.rollout.EngineRollovers;
import io.patchrun.rollout.Hook;
import io.patchrun.rollout.Hooks;
import io.patchrun.rollout.ReadinessCheck;
import io.patchrun.rollout.RolloutPolicy;
import io.patchrun.rollout.RolloutTarget;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.rollout.RolloversUnderWay;
import io.patchrun.time.Durations;

/**
 * Rolls every running container of one freshly built image over to it, gated on health. When the new
 * version fails on any live container of the image, every container of it is back on the old one (the
 * rollout does that), the old version stays current and {@code :latest} points at it again.
 */
@Component
class RolloutStep {

    private final EngineRollovers engines;
    private final Rollover rollover;
    private final HistoryJournal journal;
    private final LeftoverRollovers leftovers;
    private final ImageStore images;
    private final RunHistory runs;
    private final VersionHistory versions;
    private final PolicyRules policyRules;
    private final RolloutGate gate;
    private final ReadyVersions ready;
    private final ServiceRolloutStep services;
    private final Distribution distribution;

    RolloutStep(EngineRollovers engines, Rollover rollover, HistoryJournal journal, LeftoverRollovers leftovers, ImageStore images,
                RunHistory runs, VersionHistory versions, PolicyRules policyRules, RolloutGate gate, ReadyVersions ready,
                ServiceRolloutStep services) {
        this.engines = engines;
        this.rollover = rollover;
        this.journal = journal;
        this.leftovers = leftovers;
        this.images = images;
        this.runs = runs;
        this.versions = versions;
        this.policyRules = policyRules;
        this.gate = gate;
        this.ready = ready;
        this.services = services;
        this.distribution = new Distribution(engines.engines());
    }

    /**
     * Rollovers of the run, journaled as its own, that share {@code threads}: every container of every image of the
     * run waits for one of them, so at most that many containers roll over at once, whatever the images. The policy
     * gate judges each container with the exceptions of the run's pipeline. Rollovers an earlier process left
     * unfinished are put to rest first; while the engine cannot be asked about them, this throws and the run touches
     * no container.
     */
    ContainerRollouts fleet(RunState state, Executor threads) {
        try {
            leftovers.putToRest();
        } catch (EngineUnavailableException e) {
            throw new IllegalStateException("rollovers an earlier process left unfinished could not be put to rest, so this run touches no"
                    + " container: " + e.getMessage(), e);
        }
        HistoryJournal ofRun = journal.forRun(state.id);
        return new ContainerRollouts(engines.sides(enginesOf(state.pipeline), engine -> on -> on.journaledTo(ofRun.onEngine(engine))), threads,
                new PolicyGate(policyRules, state.pipeline.policy().allow()));
    }

    /** The names of the engines the images of {@code pipeline} deploy to, the build engine's first when it is one. */
    List<String> enginesOf(Pipeline pipeline) {
        Set<String> names = new LinkedHashSet<>();
        pipeline.images().forEach(spec -> names.addAll(engineNames(spec)));
        return List.copyOf(names);
    }

    /**
     * Brings version {@code tag} of {@code spec} to the other engines its containers are on.
     *
     * @return why an engine could not get it, naming the engine; empty when every one has it
     */
    Optional<String> copy(RunState state, ImageSpec spec, String tag) {
        return distribution.copy(state, spec, tag, engineNames(spec));
    }

    /** The engines {@code spec}'s containers are on: those it names, or the build engine. */
    List<String> engineNames(ImageSpec spec) {
        return spec.engines().isEmpty() ? List.of(engines.engines().build().name()) : spec.engines();
    }

    /**
     * Rolls the image out and records how it went; a graceful stop waits for both, so the run says what happened to
     * the image even when Patchrun stops meanwhile. A pipeline in monitor mode, or outside its maintenance window,
     * holds the image back instead ({@link RolloutGate}).
     */
    void rollOut(RunState state, String name, ContainerRollouts fleet) {
        if (gate.holdsBack(state, name)) {
            return;
        }
        Optional<RolloversUnderWay.Ticket> ticket = rollover.underWay().enter();
        if (ticket.isEmpty()) {
            // Not tried, so not a failed version: it stays, but :latest goes back to what the containers run.
            versions.current(name).ifPresent(version -> images.tag(version.imageId(), ImageRef.parse(name).withTag("latest")));
            RunImage stopped = state.images.get(name).with(ImageStatus.FAILED, "not rolled out: Patchrun is stopping");
            state.images.put(name, stopped);
            runs.image(state.id, stopped);
            return;
        }
        try (RolloversUnderWay.Ticket held = ticket.get()) {
            rollOutAndRecord(state, name, fleet);
        }
    }

    private void rollOutAndRecord(RunState state, String name, ContainerRollouts fleet) {
        ImageSpec spec = state.spec(name);
        RunImage built = state.images.get(name);
        Optional<ImageVersion> previous = versions.current(name);
        List<String> on = engineNames(spec);
        Optional<String> notCopied = distribution.copy(state, spec, built.tag(), on);
        if (notCopied.isPresent()) {
            // Nothing was touched: the version stays, not current, for a resume to roll out once every engine has it.
            previous.ifPresent(version -> images.tag(version.imageId(), ImageRef.parse(name).withTag("latest")));
            RunImage failed = built.with(ImageStatus.FAILED, "not rolled out on any engine, so that its containers stay on one version: "
                    + notCopied.get());
            ready.done(name);
            state.images.put(name, failed);
            runs.image(state.id, failed);
            return;
        }
        long started = System.nanoTime();
        // Services first: one Swarm rolled back leaves the containers on the version that still holds.
        List<RolloverResult> serviceResults = services.rollOut(state, spec, built.tag(), on);
        List<RolloverResult> containerResults = Rolled.of(serviceResults).failed().isEmpty()
                ? fleet.rollOut(List.of(new RolloutTarget(spec.ref(), spec.ref().withTag(built.tag()).familiar(), policy(state.pipeline, spec), on)),
                        state.pipeline.parallel().rollouts())
                : List.of();
        List<RolloverResult> results = new ArrayList<>(containerResults);
        results.addAll(serviceResults);
        if (!results.isEmpty()) {
            state.rollovers.put(name, new RunState.Rollovers(results, Duration.ofNanos(System.nanoTime() - started)));
        }
        Rolled rolled = Rolled.of(results);
        RunImage outcome;
        if (rolled.failed().isEmpty()) {
            versions.makeCurrent(name, built.tag());
            outcome = rolled.record(built, rolled.tried().isEmpty() ? ImageStatus.BUILT : ImageStatus.DEPLOYED, policyNotes(results,
                    ServiceRolloutStep.withServices(containerResults.isEmpty() ? "no running container of " + name + " to roll over"
                    : Rolled.of(containerResults).tried().isEmpty() ? "no container of " + name + " rolled over"
                    : outages(Rolled.of(containerResults).tried()), serviceResults)));
        } else {
            previous.ifPresent(version -> images.tag(version.imageId(), ImageRef.parse(name).withTag("latest")));
            if (!rollover.underWay().stopping()) {
                // The version failed on a live container: it is no rollback target, so it goes now. One undone
                // because Patchrun stopped did not fail, and stays.
                versions.pruned(name, built.tag());
                images.untag(spec.ref().withTag(built.tag()));
                distribution.drop(spec, built.tag(), on);
            }
            outcome = rolled.record(built, ImageStatus.ROLLED_BACK, policyNotes(results, Rolled.describe(rolled.failed())));
        }
        // Rolled out, rolled back, or replaced by this newer version: no version of the image waits for the window any more.
        ready.done(name);
        state.images.put(name, outcome);
        runs.image(state.id, outcome);
    }

    /** How the containers of {@code spec} roll over: its rollout settings and hooks, the pipeline's {@code containers:} choice. */
    static RolloutPolicy policy(Pipeline pipeline, ImageSpec spec) {
        RolloutPolicy policy = RolloutPolicy.defaults()
                .withStopTimeout(spec.rollout().stopTimeout())
                .withHealthTimeout(spec.rollout().healthTimeout())
                .withSnapshotVolumes(spec.rollout().snapshotVolumes())
                .withHooks(hooks(spec.hooks()))
                .withLabelledOnly(pipeline.containers() == ContainerSelection.LABELLED);
        if (spec.smoke().http() != null) {
            policy = policy.withCheck(ReadinessCheck.http(spec.smoke().http().port(), spec.smoke().http().path(), spec.smoke().http().status()));
        }
        return policy;
    }

    private static Hooks hooks(HooksSpec spec) {
        return new Hooks(spec.preUpdate().isEmpty() ? null : new Hook(spec.preUpdate(), spec.timeout(), "hooks.preUpdate of the pipeline"),
                spec.postUpdate().isEmpty() ? null : new Hook(spec.postUpdate(), spec.timeout(), "hooks.postUpdate of the pipeline"));
    }

    private static String outages(List<RolloverResult> results) {
        List<RolloverResult> rolled = results.stream().filter(r -> r.status() == RolloverResult.Status.DEPLOYED).toList();
        return "rolled over " + rolled.size() + " container(s); longest outage "
                + Durations.describe(rolled.stream().map(r -> r.outage() == null ? Duration.ZERO : r.outage()).max(Duration::compareTo)
                        .orElse(Duration.ZERO));
    }

    /**
     * {@code message}, then what the policy gate said about each container that did not fail: the containers it
     * refused (the contract's word {@code policy} and the reasons) and the exceptions others were let through with.
     * A failed container's message, which {@code message} names, holds its note already.
     */
    static String policyNotes(List<RolloverResult> results, String message) {
        StringBuilder text = new StringBuilder(message);
        results.stream().filter(r -> r.policyNote() != null && !r.failed())
                .forEach(r -> text.append("; ").append(r.container()).append(": ").append(r.policyNote()));
        return text.toString();
    }
}
