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
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.Containers;
import io.patchrun.container.Engines;
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
 *
 * <p>Containers may be on several engines ({@link Side}): each image's containers are looked for on the engines its
 * target names, the engines roll over in parallel, each at most {@code parallelism} groups at a time and one cutover at
 * a time, and the rule above holds across them: a container of the image that fails on one engine takes the image's
 * containers on the others back too. An engine that cannot be asked for its containers fails the image on it, with a
 * result naming the engine, and so takes the image's containers on the other engines back as well.
 */
public final class ContainerRollouts {

    public static final int DEFAULT_PARALLELISM = 4;

    /**
     * One engine's part of a rollout: its containers, and the rollovers that act on them.
     *
     * @param engine the engine's name, which every result of its containers carries
     */
    public record Side(String engine, Containers containers, Rollover rollover) {

        public Side {
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(containers, "containers");
            Objects.requireNonNull(rollover, "rollover");
        }
    }

    private final List<Side> sides;
    private final Executor executor;
    private final PolicyGate gate;

    /**
     * @param sides    the engines, each with its own rollovers; they share one {@link RolloversUnderWay}
     * @param executor runs the groups; {@code Runnable::run} rolls them over one after another
     * @param gate     decides which containers may be replaced at all
     */
    public ContainerRollouts(List<Side> sides, Executor executor, PolicyGate gate) {
        if (sides.isEmpty()) {
            throw new IllegalArgumentException("a rollout needs at least one engine");
        }
        this.sides = List.copyOf(sides);
        this.executor = Objects.requireNonNull(executor, "executor");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /** Rollouts on the one engine {@code containers} are on, named {@value Engines#DEFAULT_NAME}. */
    public ContainerRollouts(Containers containers, Rollover rollover, Executor executor, PolicyGate gate) {
        this(List.of(new Side(Engines.DEFAULT_NAME, containers, rollover)), executor, gate);
    }

    /** Rollouts under the default policy, with no exception. */
    public ContainerRollouts(Containers containers, Rollover rollover, Executor executor) {
        this(containers, rollover, executor, PolicyGate.withDefaults());
    }

    public List<RolloverResult> rollOut(List<RolloutTarget> targets) {
        return rollOut(targets, DEFAULT_PARALLELISM);
    }

    /**
     * @param parallelism how many groups roll over at once on each engine
     * @return one result per container found, each naming its engine, sorted by container name and engine; and one per
     *         engine that could not be asked for an image's containers
     */
    public List<RolloverResult> rollOut(List<RolloutTarget> targets, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("rollout parallelism must be at least 1, not " + parallelism);
        }
        Set<String> names = new HashSet<>();
        for (RolloutTarget target : targets) {
            if (!names.add(target.image().name())) {
                throw new IllegalArgumentException("image " + target.image().familiarName() + " is given twice for one rollout");
            }
        }
        List<Part> parts = sides.stream().map(side -> part(side, targets)).filter(part -> !part.idle()).toList();
        Optional<RolloversUnderWay.Ticket> ticket = sides.get(0).rollover().underWay().enter();
        if (ticket.isEmpty()) {
            List<RolloverResult> results = new ArrayList<>();
            parts.forEach(part -> {
                part.members.values().forEach(m -> part.results.add(notTried(m, "not rolled over: " + RolloversUnderWay.STOPPING)));
                results.addAll(part.tagged(part.results));
                results.addAll(part.engineFailures.values());
            });
            return sorted(results);
        }
        try (RolloversUnderWay.Ticket held = ticket.get()) {
            inParallel(parts, part -> part.outcomes = rollGroups(part, parallelism));
            parts.forEach(part -> part.outcomes.forEach(outcome -> part.results.addAll(outcome.done())));
            settle(parts);
            List<RolloverResult> results = new ArrayList<>();
            for (Part part : parts) {
                Map<String, RolloutPolicy> policies = new HashMap<>();
                part.members.forEach((name, member) -> policies.put(name, member.policy()));
                results.addAll(part.tagged(part.side.rollover().restartDependents(sorted(part.results), policies)));
            }
            parts.forEach(part -> results.addAll(part.engineFailures.values()));
            return sorted(results);
        }
    }

    /** One engine's share of a rollout, from finding its containers to settling them. */
    private static final class Part {
        final Side side;
        final List<RolloverResult> results = new ArrayList<>();
        final Map<String, String> imageOf = new HashMap<>();
        final Map<String, Rollover.Member> members;
        /** One result per image whose containers on this engine could not be looked for. */
        final Map<String, RolloverResult> engineFailures = new LinkedHashMap<>();
        List<GroupRollover.Outcome> outcomes = List.of();

        Part(Side side, Map<String, Rollover.Member> members) {
            this.side = side;
            this.members = members;
        }

        boolean idle() {
            return members.isEmpty() && results.isEmpty() && engineFailures.isEmpty();
        }

        List<RolloverResult> tagged(List<RolloverResult> untagged) {
            return untagged.stream().map(r -> r.engine() == null ? r.onEngine(side.engine()) : r).toList();
        }
    }

    private Part part(Side side, List<RolloutTarget> targets) {
        Part part = new Part(side, new LinkedHashMap<>());
        members(part, targets.stream().filter(target -> target.engines().isEmpty() || target.engines().contains(side.engine())).toList());
        CarryOverCheck.holdBack(part.members, part.imageOf, side.containers(), part.results);
        return part;
    }

    /** Runs {@code work} for every part at once, each on a thread of its own (the executor's threads are for the groups). */
    private static void inParallel(List<Part> parts, Consumer<Part> work) {
        if (parts.size() == 1) {
            work.accept(parts.get(0));
            return;
        }
        List<Thread> threads = parts.stream().map(part -> new Thread(() -> work.accept(part), "rollout-" + part.side.engine())).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the engines' rollovers went on", e);
            }
        }
    }

    private List<GroupRollover.Outcome> rollGroups(Part part, int parallelism) {
        Semaphore slots = new Semaphore(parallelism);
        List<CompletableFuture<GroupRollover.Outcome>> running = new ArrayList<>();
        for (RestartGroups.Group group : RestartGroups.groups(part.members.values().stream().map(Rollover.Member::container).toList())) {
            List<Rollover.Member> inOrder = group.inStartOrder().stream().map(c -> part.members.get(c.name())).toList();
            if (!group.cycle().isEmpty()) {
                String cycle = String.join(" -> ", group.cycle());
                inOrder.forEach(m -> part.results.add(notTried(m, "not rolled over: its dependencies form a cycle: " + cycle)));
            } else {
                running.add(submit(part.side.rollover(), inOrder, slots));
            }
        }
        return running.stream().map(CompletableFuture::join).toList();
    }

    /**
     * Keeps the groups whose images all passed, on every engine, and puts the others back. A group reverted for one
     * image takes its other images' containers back with it, so their images count as failed too.
     */
    private void settle(List<Part> parts) {
        Map<String, List<RolloverResult>> culprits = new LinkedHashMap<>();
        for (Part part : parts) {
            part.tagged(part.results).stream().filter(RolloverResult::failed)
                    .forEach(r -> culprits.computeIfAbsent(part.imageOf.get(r.container()), image -> new ArrayList<>()).add(r));
            part.engineFailures.forEach((image, r) -> culprits.computeIfAbsent(image, i -> new ArrayList<>()).add(r));
        }
        Map<GroupRollover.Outcome, String> reverted = new LinkedHashMap<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Part part : parts) {
                for (GroupRollover.Outcome outcome : part.outcomes) {
                    Set<String> images = outcome.passed().stream().map(step -> part.imageOf.get(step.name()))
                            .collect(Collectors.toCollection(TreeSet::new));
                    Optional<String> failedImage = images.stream().filter(culprits::containsKey).findFirst();
                    if (failedImage.isPresent() && !reverted.containsKey(outcome)) {
                        reverted.put(outcome, why(failedImage.get(), culprits.get(failedImage.get()), parts.size() > 1));
                        images.forEach(image -> culprits.computeIfAbsent(image, i -> new ArrayList<>(culprits.get(failedImage.get()))));
                        grew = true;
                    }
                }
            }
        }
        List<Runnable> undoing = new ArrayList<>();
        for (Part part : parts) {
            List<CompletableFuture<List<RolloverResult>>> undone = new ArrayList<>();
            part.outcomes.stream().filter(reverted::containsKey)
                    .forEach(outcome -> undone.add(async(() -> part.side.rollover().revert(outcome.passed(), reverted.get(outcome)))));
            part.results.addAll(part.side.rollover().keep(part.outcomes.stream().filter(outcome -> !reverted.containsKey(outcome))
                    .flatMap(outcome -> outcome.passed().stream()).toList()));
            undoing.add(() -> undone.forEach(future -> part.results.addAll(future.join())));
        }
        undoing.forEach(Runnable::run);
    }

    private static String why(String image, List<RolloverResult> culprits, boolean severalEngines) {
        return "went back to the old version with every container of " + image + ", because not all of them passed: "
                + culprits.stream().map(r -> r.who(severalEngines) + ": " + r.message()).collect(Collectors.joining("; "));
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
     * The running containers of every target on {@code part}'s engine that the policy gate lets through, by name; a
     * container it refuses is a refused result, one that cannot be inspected a failed one, and an engine that cannot be
     * asked for a target's containers a failure of that image on the engine.
     */
    private void members(Part part, List<RolloutTarget> targets) {
        Containers containers = part.side.containers();
        for (RolloutTarget target : targets) {
            List<String> running;
            try {
                running = containers.runningOf(target.image());
            } catch (RuntimeException e) {
                part.engineFailures.put(target.image().familiarName(), RolloverResult.engineFailed(part.side.engine(),
                        "the containers of " + target.image().familiarName() + " on engine " + part.side.engine()
                                + " could not be looked for, so none of them rolled over: " + StepFailure.reason(e)));
                continue;
            }
            for (String name : running) {
                if (part.members.containsKey(name) || part.imageOf.containsKey(name)) {
                    continue;
                }
                part.imageOf.put(name, target.image().familiarName());
                ContainerDetails details;
                try {
                    details = containers.inspect(name);
                } catch (RuntimeException e) {
                    part.results.add(RolloverResult.failed(name, null, "cannot roll container " + name + " over: " + StepFailure.reason(e)));
                    continue;
                }
                Optional<String> skip = ContainerLabels.skipReason(details, target.policy().labelledOnly(), target.policy().hooks());
                PolicyDecision decision = skip.isPresent() ? null : gate.decide(details.name(), details.access());
                if (skip.isPresent()) {
                    part.results.add(RolloverResult.skipped(name, details.imageId(), "not rolled over: " + skip.get()));
                } else if (decision.refused()) {
                    part.results.add(RolloverResult.refused(name, details.imageId(), decision.refusal()));
                } else {
                    part.members.put(name, new Rollover.Member(details, target.newImage(), target.policy(), decision.exceptionNote()));
                }
            }
        }
    }

    private CompletableFuture<GroupRollover.Outcome> submit(Rollover rollover, List<Rollover.Member> group, Semaphore slots) {
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
        List<RolloverResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing(RolloverResult::container).thenComparing(r -> r.engine() == null ? "" : r.engine()));
        return sorted;
    }
}
