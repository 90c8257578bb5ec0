package io.patchrun.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One fleet: the repositories whose images are rebuilt together, when, and how.
 *
 * @param name         unique name, [a-z0-9-]+
 * @param file         the pipeline file it was read from, as given to the loader
 * @param schedule     Quartz cron expression of the nightly patch run, or {@code null} for none
 * @param watchEvery   how often base digests are checked between runs, or {@code null} for never
 * @param retain       prior versions kept per image besides the current one, at least 0
 * @param pushTo       registry namespace rebuilt images are pushed to, or {@code null} for no push
 * @param parallel     how many builds and rollouts run at once
 * @param repositories at least one, in file order
 * @param runOnBaseChange whether a changed base digest starts a patch run at once ({@code onBaseChange: run})
 *                     rather than waiting for the nightly run ({@code wait}, the default)
 * @param notifications whom its ended runs (and pending updates) are reported to; {@link NotifySpec#NONE} for nobody
 * @param containers   which running containers of its images roll over; {@link ContainerSelection#ALL} by default
 * @param verify       the signatures its upstream bases must have before it builds on a digest; {@link VerifySpec#NONE} for none
 * @param policy       its exceptions to the policy gate; {@link PolicySpec#NONE} for none
 * @param mode         whether an image that passed its smoke test is rolled out ({@code rollout}, the default) or
 *                     only reported ({@code monitor})
 * @param window       when containers may be rolled over, or {@code null} for any time
 */
public record Pipeline(String name, Path file, String schedule, Duration watchEvery, int retain, String pushTo,
                       Parallel parallel, List<RepositorySpec> repositories, boolean runOnBaseChange, NotifySpec notifications,
                       ContainerSelection containers, VerifySpec verify, PolicySpec policy, PipelineMode mode,
                       MaintenanceWindow window) {

    public static final int DEFAULT_RETAIN = 3;

    public Pipeline {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(parallel, "parallel");
        notifications = notifications == null ? NotifySpec.NONE : notifications;
        containers = containers == null ? ContainerSelection.ALL : containers;
        verify = verify == null ? VerifySpec.NONE : verify;
        policy = policy == null ? PolicySpec.NONE : policy;
        mode = mode == null ? PipelineMode.ROLLOUT : mode;
        FieldRules.pipelineName(name).ifPresent(problem -> fail("name", problem));
        if (schedule != null) {
            FieldRules.cron(schedule).ifPresent(problem -> fail("schedule", problem));
        }
        if (watchEvery != null && (watchEvery.isNegative() || watchEvery.isZero())) {
            fail("watchEvery", "must be longer than zero, got " + watchEvery);
        }
        if (retain < 0) {
            fail("retain", "must be 0 or more, got " + retain);
        }
        if (pushTo != null) {
            FieldRules.pushTo(pushTo).ifPresent(problem -> fail("pushTo", problem));
        }
        repositories = List.copyOf(repositories);
        if (repositories.isEmpty()) {
            fail("repositories", "must list at least one repository");
        }
        requireUniqueImages(name, repositories);
    }

    /**
     * A pipeline that rolls over every container of its images at any time, checks no signatures of its bases and makes
     * no policy exceptions.
     */
    public Pipeline(String name, Path file, String schedule, Duration watchEvery, int retain, String pushTo,
                    Parallel parallel, List<RepositorySpec> repositories, boolean runOnBaseChange, NotifySpec notifications) {
        this(name, file, schedule, watchEvery, retain, pushTo, parallel, repositories, runOnBaseChange, notifications,
                ContainerSelection.ALL, VerifySpec.NONE, PolicySpec.NONE, PipelineMode.ROLLOUT, null);
    }

    /** A pipeline that tells nobody about its runs. */
    public Pipeline(String name, Path file, String schedule, Duration watchEvery, int retain, String pushTo,
                    Parallel parallel, List<RepositorySpec> repositories, boolean runOnBaseChange) {
        this(name, file, schedule, watchEvery, retain, pushTo, parallel, repositories, runOnBaseChange, NotifySpec.NONE);
    }

    /**
     * Reads and validates a pipeline file.
     *
     * @throws PipelineException listing every problem of the file, each with its line and field
     */
    public static Pipeline load(Path file) {
        return PipelineReader.read(file).pipeline();
    }

    /**
     * Reads and validates pipeline YAML; {@code file} names it in errors and anchors relative
     * repository paths.
     *
     * @throws PipelineException listing every problem of the text, each with its line and field
     */
    public static Pipeline parse(Path file, String yaml) {
        return PipelineReader.read(file, yaml).pipeline();
    }

    /** Every image of the pipeline, in file order. */
    public List<ImageSpec> images() {
        return repositories.stream().flatMap(repository -> repository.images().stream()).toList();
    }

    private static void requireUniqueImages(String pipeline, List<RepositorySpec> repositories) {
        Set<String> seen = new HashSet<>();
        for (RepositorySpec repository : repositories) {
            for (ImageSpec image : repository.images()) {
                if (!seen.add(image.ref().name())) {
                    throw new IllegalArgumentException("image " + image.name() + " appears twice in pipeline "
                            + pipeline);
                }
            }
        }
    }

    private static void fail(String field, String problem) {
        throw new IllegalArgumentException("pipeline " + field + " " + problem);
    }
}
