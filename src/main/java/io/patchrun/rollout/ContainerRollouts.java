package io.patchrun.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.Containers;
import io.patchrun.policy.PolicyDecision;
import io.patchrun.policy.PolicyGate;

/**
 * Rolls over every running container of several images. Containers that depend on each other roll over as
 * one group (stopped in reverse order, started in order); groups roll over in parallel, at most
 * {@code parallelism} at a time. A container's failure is in its result, and one rule holds for its image:
 * when not every container of an image passed, every container of it goes back to the old version, and the
 * results of those that had passed say which container failed and why. An image whose containers all passed
 * keeps them; only then are its old containers removed. A container its labels (or the pipeline's {@code containers:
 * labelled}) keep out is not rolled over, and its result says why; so is a group whose pre-update hook failed. Neither
 * holds the other containers of its image back. Containers outside the rollout that depend on one it moved to a new
 * image, by a depends-on label, are restarted once it is kept.
 *
 * <p>Before anything is done to a container its labels let through, the policy gate judges it: one it refuses is left
 * as it is, with a result that says why, and is no failure of its image; the image's other containers roll over
 * without it.
 */
public final class ContainerRollouts {

    public static final int DEFAULT_PARALLELISM = 4;

    private final Containers containers;
    private final Rollover rollover;
    private final Executor executor;
    private final PolicyGate gate;

    /**
     * @param executor runs the groups; {@code Runnable::run} rolls them over one after another
     * @param gate     decides which containers may be replaced at all
     */
    public ContainerRollouts(Containers containers, Rollover rollover, Executor executor, PolicyGate gate) {
        this.containers = Objects.requireNonNull(containers, "containers");
        this.rollover = Objects.requireNonNull(rollover, "rollover");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /** Rollouts under the default policy, with no exception. */
    public ContainerRollouts(Containers containers, Rollover rollover, Executor executor) {
        this(containers, rollover, executor, PolicyGate.withDefaults());
    }

    public List<RolloverResult> rollOut(List<RolloutTarget> targets) {
        return rollOut(targets, DEFAULT_PARALLELISM);
    }

    /** @return one result per container found, sorted by container name */
    public List<RolloverResult> rollOut(List<RolloutTarget> targets, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("rollout parallelism must be at least 1, not " + parallelism);
        }
        List<RolloverResult> results = new ArrayList<>();
        Map<String, String> imageOf = new HashMap<>();
        Map<String, Rollover.Member> members = members(targets, results, imageOf);
        CarryOverCheck.holdBack(members, imageOf, containers, results);
        Optional<RolloversUnderWay.Ticket> ticket = rollover.underWay().enter();
        if (ticket.isEmpty()) {
            members.values().forEach(m -> results.add(notTried(m, "not rolled over: " + RolloversUnderWay.STOPPING)));
            return sorted(results);
        }
        try (RolloversUnderWay.Ticket held = ticket.get()) {
            List<GroupRollover.Outcome> outcomes = rollGroups(members, parallelism, results);
            outcomes.forEach(outcome -> results.addAll(outcome.done()));
            results.addAll(settle(outcomes, results, imageOf));
            Map<String, RolloutPolicy> policies = new HashMap<>();
            members.forEach((name, member) -> policies.put(name, member.policy()));
            return rollover.restartDependents(sorted(results), policies);
        }
    }

    private List<GroupRollover.Outcome> rollGroups(Map<String, Rollover.Member> members, int parallelism, List<RolloverResult> results) {
        Semaphore slots = new Semaphore(parallelism);
        List<CompletableFuture<GroupRollover.Outcome>> running = new ArrayList<>();
        for (RestartGroups.Group group : RestartGroups.groups(members.values().stream().map(Rollover.Member::container).toList())) {
            List<Rollover.Member> inOrder = group.inStartOrder().stream().map(c -> members.get(c.name())).toList();
            if (!group.cycle().isEmpty()) {
                String cycle = String.join(" -> ", group.cycle());
                inOrder.forEach(m -> results.add(notTried(m, "not rolled over: its dependencies form a cycle: " + cycle)));
            } else {
                running.add(submit(inOrder, slots));
            }
        }
        return running.stream().map(CompletableFuture::join).toList();
    }

    /**
     * Keeps the groups whose images all passed and puts the others back. A group reverted for one image takes its
     * other images' containers back with it, so their images count as failed too.
     */
    private List<RolloverResult> settle(List<GroupRollover.Outcome> outcomes, List<RolloverResult> finished, Map<String, String> imageOf) {
        Map<String, List<RolloverResult>> culprits = new LinkedHashMap<>();
        finished.stream().filter(RolloverResult::failed)
                .forEach(r -> culprits.computeIfAbsent(imageOf.get(r.container()), image -> new ArrayList<>()).add(r));
        Map<GroupRollover.Outcome, String> reverted = new LinkedHashMap<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (GroupRollover.Outcome outcome : outcomes) {
                Set<String> images = outcome.passed().stream().map(step -> imageOf.get(step.name())).collect(Collectors.toCollection(TreeSet::new));
                Optional<String> failedImage = images.stream().filter(culprits::containsKey).findFirst();
                if (failedImage.isPresent() && !reverted.containsKey(outcome)) {
                    reverted.put(outcome, why(failedImage.get(), culprits.get(failedImage.get())));
                    images.forEach(image -> culprits.computeIfAbsent(image, i -> new ArrayList<>(culprits.get(failedImage.get()))));
                    grew = true;
                }
            }
        }
        List<RolloverResult> results = new ArrayList<>();
        List<CompletableFuture<List<RolloverResult>>> undoing = new ArrayList<>();
        reverted.forEach((outcome, why) -> undoing.add(async(() -> rollover.revert(outcome.passed(), why))));
        results.addAll(rollover.keep(outcomes.stream().filter(outcome -> !reverted.containsKey(outcome))
                .flatMap(outcome -> outcome.passed().stream()).toList()));
        undoing.forEach(future -> results.addAll(future.join()));
        return results;
    }

    private static String why(String image, List<RolloverResult> culprits) {
        return "went back to the old version with every container of " + image + ", because not all of them passed: "
                + culprits.stream().map(r -> r.container() + ": " + r.message()).collect(Collectors.joining("; "));
    }

    /** Runs {@code work} on the executor, or here when it refuses. */
    private CompletableFuture<List<RolloverResult>> async(Supplier<List<RolloverResult>> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(work.get());
        }
    }

    /**
     * The running containers of every target that the policy gate lets through, by name; a container it refuses is a
     * refused result, one that cannot be inspected a failed one.
     */
    private Map<String, Rollover.Member> members(List<RolloutTarget> targets, List<RolloverResult> results, Map<String, String> imageOf) {
        Set<String> names = new HashSet<>();
        for (RolloutTarget target : targets) {
            if (!names.add(target.image().name())) {
                throw new IllegalArgumentException("image " + target.image().familiarName() + " is given twice for one rollout");
            }
        }
        Map<String, Rollover.Member> members = new LinkedHashMap<>();
        for (RolloutTarget target : targets) {
            for (String name : containers.runningOf(target.image())) {
                if (members.containsKey(name) || imageOf.containsKey(name)) {
                    continue;
                }
                imageOf.put(name, target.image().familiarName());
                ContainerDetails details;
                try {
                    details = containers.inspect(name);
                } catch (RuntimeException e) {
                    results.add(RolloverResult.failed(name, null, "cannot roll container " + name + " over: " + StepFailure.reason(e)));
                    continue;
                }
                Optional<String> skip = ContainerLabels.skipReason(details, target.policy().labelledOnly(), target.policy().hooks());
                PolicyDecision decision = skip.isPresent() ? null : gate.decide(details.name(), details.access());
                if (skip.isPresent()) {
                    results.add(RolloverResult.skipped(name, details.imageId(), "not rolled over: " + skip.get()));
                } else if (decision.refused()) {
                    results.add(RolloverResult.refused(name, details.imageId(), decision.refusal()));
                } else {
                    members.put(name, new Rollover.Member(details, target.newImage(), target.policy(), decision.exceptionNote()));
                }
            }
        }
        return members;
    }

    private CompletableFuture<GroupRollover.Outcome> submit(List<Rollover.Member> group, Semaphore slots) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return notTried(group, "not rolled over: the rollout was interrupted");
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return rollover.together(group);
                } finally {
                    slots.release();
                }
            }, executor).exceptionally(e -> notTried(group, "rollover stopped by an unexpected error: " + cause(e)).join());
        } catch (RejectedExecutionException e) {
            slots.release();
            return notTried(group, "not rolled over: the executor refused it: " + cause(e));
        }
    }

    private static CompletableFuture<GroupRollover.Outcome> notTried(List<Rollover.Member> group, String reason) {
        return CompletableFuture.completedFuture(new GroupRollover.Outcome(group.stream().map(m -> notTried(m, reason)).toList(), List.of()));
    }

    private static String cause(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    private static RolloverResult notTried(Rollover.Member member, String reason) {
        return RolloverResult.failed(member.container().name(), member.container().imageId(), reason);
    }

    private static List<RolloverResult> sorted(List<RolloverResult> results) {
        results.sort(Comparator.comparing(RolloverResult::container));
        return results;
    }
}
