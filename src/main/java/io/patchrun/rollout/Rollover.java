package io.patchrun.rollout;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

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
    private final GroupRollover groups;

    /**
     * @param clock measures outages and the health gate's timeouts
     * @param pause waits between two looks at a starting container: {@link Pause#sleeping()} outside tests
     */
    public Rollover(Containers containers, RolloutJournal journal, Clock clock, Pause pause) {
        this.containers = Objects.requireNonNull(containers, "containers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.groups = new GroupRollover(Objects.requireNonNull(journal, "journal"), new HealthGate(containers, new Polling(clock, pause)));
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
        return together(List.of(new Member(details, newImage, policy))).get(0);
    }

    /**
     * Rolls over containers that depend on each other as one group.
     *
     * @param inStartOrder every member after the members it depends on
     * @return a result per member, in the same order
     */
    List<RolloverResult> together(List<Member> inStartOrder) {
        return groups.roll(inStartOrder.stream().map(member -> new Recreation(containers, clock, member)).toList());
    }

    /** A container to roll over, and where to. */
    record Member(ContainerDetails container, String newImage, RolloutPolicy policy) {

        Member {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(newImage, "newImage");
            Objects.requireNonNull(policy, "policy");
        }
    }
}
