package io.patchrun.rollout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Rolls over containers that depend on each other as one: creates every new container first, stops the
 * old ones in reverse order, then starts the new ones in order, each passing the health gate before the next
 * starts. Any failure once the first new container exists puts all of them back. Containers that passed keep
 * their old container, stopped and aside, until {@link #keep} or {@link #revert} settles them: whether they
 * stay depends on the other containers of their image.
 *
 * <p>The old containers get their stop signal and their stop timeout to exit at once. What comes after, killing
 * those still running, the engine's tear-down, and the start that takes their place, is a cutover, and cutovers
 * go one at a time across all groups: the engine tears stopped containers down one after another anyway, so
 * eight killed together wait dead in its queue, each out of service for all the tear-downs ahead of it, where
 * one at a time they wait alive, still serving, and each is out only for its own.
 */
final class GroupRollover {

    /**
     * A group's rollover up to the decision on its images.
     *
     * @param done   the results of the members that are finished: not tried, unchanged, or put back
     * @param passed the members whose new container passed, in start order, waiting for {@link #keep} or {@link #revert}
     */
    record Outcome(List<RolloverResult> done, List<Recreation> passed) {
    }

    private final RolloutJournal journal;
    private final HealthGate gate;
    private final Semaphore cutovers;

    GroupRollover(RolloutJournal journal, HealthGate gate, Semaphore cutovers) {
        this.journal = journal;
        this.gate = gate;
        this.cutovers = cutovers;
    }

    RolloutJournal journal() {
        return journal;
    }

    /** @param group the containers, each after the ones it depends on */
    Outcome roll(List<Recreation> group) {
        Map<Recreation, RolloverResult> done = new LinkedHashMap<>();
        List<Recreation> active = new ArrayList<>();
        for (Recreation step : group) {
            try {
                step.resolve();
                if (step.unchanged()) {
                    done.put(step, step.unchangedResult());
                } else {
                    active.add(step);
                }
            } catch (RuntimeException e) {
                done.put(step, step.notTried(StepFailure.reason(e)));
            }
        }
        Optional<Map<Recreation, RolloverResult>> skipped = preUpdate(active);
        Optional<Map<Recreation, RolloverResult>> ended = skipped.isPresent() ? skipped : replace(active);
        ended.ifPresent(done::putAll);
        List<RolloverResult> results = group.stream().filter(done::containsKey).map(done::get).toList();
        return new Outcome(results, ended.isPresent() ? List.of() : active);
    }

    /**
     * Runs the pre-update hooks in the order the old containers would stop. One that fails skips the whole group: its
     * containers roll over together or not at all.
     *
     * @return the results when a hook failed, empty to go on
     */
    private static Optional<Map<Recreation, RolloverResult>> preUpdate(List<Recreation> steps) {
        for (Recreation step : reversed(steps)) {
            Optional<String> failure = step.runPreUpdate();
            if (failure.isPresent()) {
                Map<Recreation, RolloverResult> skipped = new LinkedHashMap<>();
                steps.forEach(other -> skipped.put(other, other.skipped(other == step ? failure.get()
                        : "not rolled over together with " + step.name() + ", which it depends on or which depends on it: " + failure.get())));
                return Optional.of(skipped);
            }
        }
        return Optional.empty();
    }

    /** @return the results after a rollback, empty when every new container passed */
    private Optional<Map<Recreation, RolloverResult>> replace(List<Recreation> steps) {
        Map<String, String> replacements = new HashMap<>();
        for (Recreation step : steps) {
            try {
                step.create(replacements, journal);
                replacements.putAll(step.replacementFor());
            } catch (RuntimeException e) {
                return Optional.of(rollBack(steps, step, creationFailure(step, e)));
            }
        }
        for (Recreation step : reversed(steps)) {
            try {
                step.askOldToStop();
                step.awaitOldExit();
            } catch (RuntimeException e) {
                return Optional.of(rollBack(steps, step, stopFailure(step, e)));
            }
        }
        return cutOver(steps);
    }

    private static String creationFailure(Recreation step, RuntimeException e) {
        return e instanceof StepFailure && RolloversUnderWay.STOPPING.equals(e.getMessage()) ? e.getMessage()
                : "creating the new container for " + step.name() + " failed: " + StepFailure.reason(e);
    }

    private static String stopFailure(Recreation step, RuntimeException e) {
        return e instanceof StepFailure && RolloversUnderWay.STOPPING.equals(e.getMessage()) ? e.getMessage()
                : "stopping old container " + step.name() + " failed: " + StepFailure.reason(e);
    }

    /**
     * Stops the old containers for good and starts the new ones, holding the cutover until the first new one
     * has started.
     *
     * @return the results after a rollback, empty when every new container came up
     */
    private Optional<Map<Recreation, RolloverResult>> cutOver(List<Recreation> steps) {
        try (Cutover cutover = new Cutover()) {
            for (Recreation step : reversed(steps)) {
                try {
                    step.stopOld();
                } catch (RuntimeException e) {
                    cutover.end();
                    return Optional.of(rollBack(steps, step, stopFailure(step, e)));
                }
            }
            for (Recreation step : steps) {
                try {
                    step.snapshot();
                } catch (RuntimeException e) {
                    cutover.end();
                    return Optional.of(rollBack(steps, step, StepFailure.reason(e)));
                }
            }
            for (Recreation step : steps) {
                try {
                    step.startNew();
                    cutover.end();
                    step.awaitReady(gate);
                } catch (RuntimeException e) {
                    cutover.end();
                    return Optional.of(rollBack(steps, step, StepFailure.reason(e)));
                }
            }
            return Optional.empty();
        }
    }

    /** The one cutover at a time, taken when made and given back at most once. */
    private final class Cutover implements AutoCloseable {

        private boolean held;

        Cutover() {
            cutovers.acquireUninterruptibly();
            held = true;
        }

        void end() {
            if (held) {
                held = false;
                cutovers.release();
            }
        }

        @Override
        public void close() {
            end();
        }
    }

    /**
     * Keeps the new containers of every group given: each is marked kept in the journal before any old container
     * is removed, so that a crash in between finishes the lot forward, then the old ones go.
     */
    List<RolloverResult> keep(List<Recreation> passed) {
        Map<Recreation, String> unwritten = new HashMap<>();
        for (Recreation step : passed) {
            try {
                step.markKept();
            } catch (RuntimeException e) {
                // The old container goes all the same: after a crash, a rollover whose old container is gone is finished forward.
                unwritten.put(step, "writing to the rollout journal failed: " + StepFailure.reason(e));
            }
        }
        List<RolloverResult> results = new ArrayList<>();
        for (Recreation step : passed) {
            RolloverResult result = step.deployed();
            result = unwritten.containsKey(step) ? result.withNote(unwritten.get(step)) : result;
            results.add(finished(step, step.runPostUpdate().map(result::withNote).orElse(result)));
        }
        return results;
    }

    /** Puts the old containers of a group whose new ones all passed back, because another container of their image failed. */
    List<RolloverResult> revert(List<Recreation> passed, String reason) {
        return new ArrayList<>(undo(passed, reason, step -> reason).values());
    }

    /** Puts every old container back: names first, in reverse order, then restarts in order. */
    private Map<Recreation, RolloverResult> rollBack(List<Recreation> steps, Recreation culprit, String reason) {
        return undo(steps, reason, step -> step == culprit || reason.equals(RolloversUnderWay.STOPPING) ? reason
                : "rolled back together with " + culprit.name() + ", which it depends on or which depends on it: " + reason);
    }

    private Map<Recreation, RolloverResult> undo(List<Recreation> steps, String reason, java.util.function.Function<Recreation, String> why) {
        Map<Recreation, List<String>> problems = new HashMap<>();
        for (Recreation step : reversed(steps)) {
            List<String> found = new ArrayList<>();
            try {
                step.markRollingBack();
            } catch (RuntimeException e) {
                found.add("writing to the rollout journal failed: " + StepFailure.reason(e));
            }
            found.addAll(step.takeBackName());
            problems.put(step, found);
        }
        for (Recreation step : steps) {
            problems.get(step).addAll(step.restoreVolumes());
            problems.get(step).addAll(step.restartOld(gate));
        }
        Map<Recreation, RolloverResult> results = new LinkedHashMap<>();
        for (Recreation step : steps) {
            results.put(step, finished(step, step.rolledBack(why.apply(step), problems.get(step))));
        }
        return results;
    }

    /** Tells the journal how a recorded rollover ended; a journal failure is added to the result, not lost. */
    private RolloverResult finished(Recreation step, RolloverResult result) {
        if (step.record() == null) {
            return result;
        }
        try {
            step.journal().finished(step.record(), result);
            return result;
        } catch (RuntimeException e) {
            return result.withNote("writing the outcome to the rollout journal failed: " + StepFailure.reason(e));
        }
    }

    private static List<Recreation> reversed(List<Recreation> steps) {
        List<Recreation> copy = new ArrayList<>(steps);
        Collections.reverse(copy);
        return copy;
    }
}
