package io.patchrun.rollout;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.Containers;
import io.patchrun.time.Pause;
import io.patchrun.time.Polling;

/**
 * Rolls one container over to a new image without losing it: records what it replaces, creates the new
 * container before stopping the old one, so the outage is a stop and a start, waits for the new one to come
 * up, and puts the old one back by itself when it does not.
 */
public final class Rollover {

    private final Containers containers;
    private final Clock clock;
    private final RolloversUnderWay underWay;
    private final HealthGate gate;
    private final Semaphore cutovers;
    private final GroupRollover groups;
    private final VolumeSnapshots snapshots;

    /**
     * @param clock measures outages and the health gate's timeouts
     * @param pause waits between two looks at a starting container: {@link Pause#sleeping()} outside tests
     */
    public Rollover(Containers containers, RolloutJournal journal, Clock clock, Pause pause) {
        this(Objects.requireNonNull(containers, "containers"), Objects.requireNonNull(journal, "journal"), Objects.requireNonNull(clock, "clock"),
                new RolloversUnderWay(), pause, new Semaphore(1, true));
    }

    private Rollover(Containers containers, RolloutJournal journal, Clock clock, RolloversUnderWay underWay, Pause pause, Semaphore cutovers) {
        this(containers, journal, clock, underWay, new HealthGate(containers, new Polling(clock, pause), underWay), cutovers, null);
    }

    private Rollover(Containers containers, RolloutJournal journal, Clock clock, RolloversUnderWay underWay, HealthGate gate, Semaphore cutovers,
                     VolumeSnapshots snapshots) {
        this.containers = containers;
        this.snapshots = snapshots;
        this.clock = clock;
        this.underWay = underWay;
        this.gate = gate;
        this.cutovers = cutovers;
        this.groups = new GroupRollover(journal, gate, cutovers);
    }

    /**
     * The same rollovers, writing to {@code journal} instead: one run's rollovers are recorded as that run's. They
     * share the one cutover at a time and the knowledge of what is under way with this one.
     */
    public Rollover journaledTo(RolloutJournal journal) {
        return new Rollover(containers, Objects.requireNonNull(journal, "journal"), clock, underWay, gate, cutovers, snapshots);
    }

    /**
     * The same rollovers, saving the volumes of containers that ask for it into {@code snapshots}; without, such a
     * container is not rolled over.
     */
    public Rollover withSnapshots(VolumeSnapshots snapshots) {
        return new Rollover(containers, groups.journal(), clock, underWay, gate, cutovers, Objects.requireNonNull(snapshots, "snapshots"));
    }

    /**
     * The same rollovers on another engine, whose containers are {@code other} and whose volumes are saved into
     * {@code otherSnapshots}: they share the journal and the knowledge of what is under way with this one, and take
     * their cutovers one at a time on that engine, beside this engine's.
     */
    public Rollover on(Containers other, VolumeSnapshots otherSnapshots) {
        return new Rollover(Objects.requireNonNull(other, "other"), groups.journal(), clock, underWay, gate.on(other), new Semaphore(1, true),
                otherSnapshots);
    }

    /** The rollovers under way, and the switch that stops new ones when Patchrun stops. */
    public RolloversUnderWay underWay() {
        return underWay;
    }

    /**
     * Replaces the running container {@code container} (name or id) by one of {@code newImage}, keeping
     * its name and everything set for it, but taking the new image's defaults where it only had the old
     * image's. Never throws for what happens to the container: that is in the result.
     */
    public RolloverResult rollOver(String container, String newImage, RolloutPolicy policy) {
        ContainerDetails details;
        try {
            details = containers.inspect(container);
        } catch (RuntimeException e) {
            return RolloverResult.failed(container, null, "cannot roll container " + container + " over: " + StepFailure.reason(e));
        }
        Optional<RolloversUnderWay.Ticket> ticket = underWay.enter();
        if (ticket.isEmpty()) {
            return RolloverResult.failed(details.name(), details.imageId(), "not rolled over: " + RolloversUnderWay.STOPPING);
        }
        try (RolloversUnderWay.Ticket held = ticket.get()) {
            GroupRollover.Outcome outcome = together(List.of(new Member(details, newImage, policy, null)));
            List<RolloverResult> results = new ArrayList<>(outcome.done());
            results.addAll(keep(outcome.passed()));
            return results.get(0);
        }
    }

    /**
     * Rolls over containers that depend on each other as one group, up to the decision on their images.
     *
     * @param inStartOrder every member after the members it depends on
     */
    GroupRollover.Outcome together(List<Member> inStartOrder) {
        return groups.roll(inStartOrder.stream().map(member -> new Recreation(containers, clock, underWay, member, snapshots)).toList());
    }

    /**
     * Restarts the containers outside the rollout that depend, by a depends-on label, on a container it moved to a new image.
     *
     * @see DependentRestarts
     */
    List<RolloverResult> restartDependents(List<RolloverResult> results, Map<String, RolloutPolicy> policies) {
        return new DependentRestarts(containers, gate).restart(results, policies);
    }

    /** Keeps the new containers that passed: the old ones go. */
    List<RolloverResult> keep(List<Recreation> passed) {
        return passed.isEmpty() ? List.of() : groups.keep(passed);
    }

    /** Puts back the old containers of a group that passed, for {@code reason}. */
    List<RolloverResult> revert(List<Recreation> passed, String reason) {
        return passed.isEmpty() ? List.of() : groups.revert(passed, reason);
    }

    /**
     * A container to roll over, and where to.
     *
     * @param policyNote the exceptions of its pipeline the policy gate let it through with, or {@code null}
     */
    record Member(ContainerDetails container, String newImage, RolloutPolicy policy, String policyNote) {

        Member {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(newImage, "newImage");
            Objects.requireNonNull(policy, "policy");
        }
    }
}
