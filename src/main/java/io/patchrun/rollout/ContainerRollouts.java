package io.patchrun.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

import io.patchrun.container.Containers;

/**
 * Rolls over every running container of several images. Containers that depend on each other roll over as
 * one group (stopped in reverse order, started in order); groups roll over in parallel, at most
 * {@code parallelism} at a time. A container's failure is in its result; the others go on.
 */
public final class ContainerRollouts {

    public static final int DEFAULT_PARALLELISM = 4;

    private final Containers containers;
    private final Rollover rollover;
    private final Executor executor;

    /**
     * @param executor runs the groups; {@code Runnable::run} rolls them over one after another
     */
    public ContainerRollouts(Containers containers, Rollover rollover, Executor executor) {
        this.containers = Objects.requireNonNull(containers, "containers");
        this.rollover = Objects.requireNonNull(rollover, "rollover");
        this.executor = Objects.requireNonNull(executor, "executor");
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
        Map<String, Rollover.Member> members = members(targets, results);
        Semaphore slots = new Semaphore(parallelism);
        List<CompletableFuture<List<RolloverResult>>> running = new ArrayList<>();
        for (RestartGroups.Group group : RestartGroups.groups(members.values().stream().map(Rollover.Member::container).toList())) {
            List<Rollover.Member> inOrder = group.inStartOrder().stream().map(c -> members.get(c.name())).toList();
            if (!group.cycle().isEmpty()) {
                String cycle = String.join(" -> ", group.cycle());
                inOrder.forEach(m -> results.add(notTried(m, "not rolled over: its dependencies form a cycle: " + cycle)));
            } else {
                running.add(submit(inOrder, slots));
            }
        }
        running.forEach(future -> results.addAll(future.join()));
        results.sort(Comparator.comparing(RolloverResult::container));
        return results;
    }

    /** The running containers of every target, by name; a container that cannot be inspected is a failed result. */
    private Map<String, Rollover.Member> members(List<RolloutTarget> targets, List<RolloverResult> results) {
        Set<String> names = new HashSet<>();
        for (RolloutTarget target : targets) {
            if (!names.add(target.image().name())) {
                throw new IllegalArgumentException("image " + target.image().familiarName() + " is given twice for one rollout");
            }
        }
        Map<String, Rollover.Member> members = new LinkedHashMap<>();
        for (RolloutTarget target : targets) {
            for (String name : containers.runningOf(target.image())) {
                if (members.containsKey(name)) {
                    continue;
                }
                try {
                    members.put(name, new Rollover.Member(containers.inspect(name), target.newImage(), target.policy()));
                } catch (RuntimeException e) {
                    results.add(RolloverResult.failed(name, null, "cannot roll container " + name + " over: " + StepFailure.reason(e)));
                }
            }
        }
        return members;
    }

    private CompletableFuture<List<RolloverResult>> submit(List<Rollover.Member> group, Semaphore slots) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.completedFuture(group.stream().map(m -> notTried(m, "not rolled over: the rollout was interrupted")).toList());
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return rollover.together(group);
                } finally {
                    slots.release();
                }
            }, executor).exceptionally(e -> group.stream().map(m -> notTried(m, "rollover stopped by an unexpected error: " + cause(e))).toList());
        } catch (RejectedExecutionException e) {
            slots.release();
            return CompletableFuture.completedFuture(group.stream().map(m -> notTried(m, "not rolled over: the executor refused it: " + cause(e))).toList());
        }
    }

    private static String cause(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    private static RolloverResult notTried(Rollover.Member member, String reason) {
        return RolloverResult.failed(member.container().name(), member.container().imageId(), reason);
    }
}
