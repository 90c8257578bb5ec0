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
 * starts. Any failure once the first new container exists puts all of them back.
 *
 * <p>The old containers get their stop signal and their stop timeout to exit at once. What comes after, killing
 * those still running, the engine's tear-down, and the start that takes their place, is a cutover, and cutovers
 * go one at a time across all groups: the engine tears stopped containers down one after another anyway, so
 * eight killed together wait dead in its queue, each out of service for all the tear-downs ahead of it, where
 * one at a time they wait alive, still serving, and each is out only for its own.
 */
final class GroupRollover {

    private final RolloutJournal journal;
    private final HealthGate gate;
    private final Semaphore cutovers = new Semaphore(1, true);

    GroupRollover(RolloutJournal journal, HealthGate gate) {
        this.journal = journal;
        this.gate = gate;
    }

    /** @param group the containers, each after the ones it depends on */
    List<RolloverResult> roll(List<Recreation> group) {
        Map<Recreation, RolloverResult> results = new LinkedHashMap<>();
        group.forEach(step -> results.put(step, null));
        List<Recreation> active = new ArrayList<>();
        for (Recreation step : group) {
            try {
                step.resolve();
                if (step.unchanged()) {
                    results.put(step, step.unchangedResult());
                } else {
                    active.add(step);
                }
            } catch (RuntimeException e) {
                results.put(step, step.notTried(StepFailure.reason(e)));
            }
        }
        results.putAll(replace(active));
        return results.values().stream().toList();
    }

    private Map<Recreation, RolloverResult> replace(List<Recreation> steps) {
        Map<String, String> replacements = new HashMap<>();
        for (Recreation step : steps) {
            try {
                step.create(replacements, journal);
                replacements.putAll(step.replacementFor());
            } catch (RuntimeException e) {
                return rollBack(steps, step, "creating the new container for " + step.name() + " failed: " + StepFailure.reason(e));
            }
        }
        for (Recreation step : reversed(steps)) {
            try {
                step.askOldToStop();
                step.awaitOldExit();
            } catch (RuntimeException e) {
                return rollBack(steps, step, "stopping old container " + step.name() + " failed: " + StepFailure.reason(e));
            }
        }
        Optional<Map<Recreation, RolloverResult>> rolledBack = cutOver(steps);
        if (rolledBack.isPresent()) {
            return rolledBack.get();
        }
        Map<Recreation, RolloverResult> results = new LinkedHashMap<>();
        steps.forEach(step -> results.put(step, finished(step, step.deployed())));
        return results;
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
                    return Optional.of(rollBack(steps, step, "stopping old container " + step.name() + " failed: " + StepFailure.reason(e)));
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

    /** Puts every old container back: names first, in reverse order, then restarts in order. */
    private Map<Recreation, RolloverResult> rollBack(List<Recreation> steps, Recreation culprit, String reason) {
        Map<Recreation, List<String>> problems = new HashMap<>();
        for (Recreation step : reversed(steps)) {
            problems.put(step, new ArrayList<>(step.takeBackName()));
        }
        for (Recreation step : steps) {
            problems.get(step).addAll(step.restartOld(gate));
        }
        Map<Recreation, RolloverResult> results = new LinkedHashMap<>();
        for (Recreation step : steps) {
            String why = step == culprit ? reason : "rolled back together with " + culprit.name() + ", which it depends on or"
                    + " which depends on it: " + reason;
            results.put(step, finished(step, step.rolledBack(why, problems.get(step))));
        }
        return results;
    }

    /** Tells the journal how a recorded rollover ended; a journal failure is added to the result, not lost. */
    private RolloverResult finished(Recreation step, RolloverResult result) {
        if (step.record() == null) {
            return result;
        }
        try {
            journal.finished(step.record(), result);
            return result;
        } catch (RuntimeException e) {
            return new RolloverResult(result.container(), result.status(), result.oldImageId(), result.newImageId(), result.outage(),
                    result.message() + "; writing the outcome to the rollout journal failed: " + StepFailure.reason(e));
        }
    }

    private static List<Recreation> reversed(List<Recreation> steps) {
        List<Recreation> copy = new ArrayList<>(steps);
        Collections.reverse(copy);
        return copy;
    }
}
