package io.patchrun.service;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.patchrun.rollout.RolloverResult;
import io.patchrun.time.Durations;
import io.patchrun.time.Polling;

/**
 * Moves one service to an image with Swarm's own rolling update, follows the update until Swarm has settled it, and
 * then holds it to Patchrun's health gate: every task Swarm wants running must run the new image (and, where there is
 * a health check, have passed it, which is what {@code running} means for a Swarm task) within the health timeout.
 * When that fails after Swarm called the update completed, Patchrun moves the service back to the image it ran.
 */
final class ServiceUpdate {

    static final Duration EVERY = Duration.ofMillis(250);
    /** What Swarm needs beyond its monitor periods and the tasks' health checks: scheduling, pulling, stopping. */
    static final Duration SLACK = Duration.ofMinutes(1);

    private final Services services;
    private final Polling polling;

    ServiceUpdate(Services services, Polling polling) {
        this.services = services;
        this.polling = polling;
    }

    /** How following an update ended: Swarm's settled progress, or why it did not settle in time. */
    private record Followed(UpdateProgress progress, String stillGoing) {
    }

    /**
     * @param done what the result says when the service ends on {@code image}: {@code updated to}, {@code rolled back to}
     */
    RolloverResult apply(SwarmService service, String image, Duration healthTimeout, String done) throws InterruptedException {
        UpdateSettings settings = UpdateSettings.of(service, healthTimeout);
        Followed followed;
        try {
            followed = move(service, image, settings, healthTimeout);
        } catch (ServiceException e) {
            return result(service, RolloverResult.Status.FAILED, image, "update to " + image + " failed: " + e.getMessage());
        }
        if (followed.progress() == null) {
            return result(service, RolloverResult.Status.FAILED, image, "Swarm's update to " + image + " did not settle within "
                    + Durations.describe(followTimeout(service, settings, healthTimeout)) + ": " + followed.stillGoing());
        }
        UpdateProgress progress = followed.progress();
        return switch (progress.state()) {
            case COMPLETED -> healthGate(service, image, settings, healthTimeout, done);
            case ROLLBACK_COMPLETED -> result(service, RolloverResult.Status.ROLLED_BACK, image, "rolled back by Swarm: " + words(progress));
            case ROLLBACK_PAUSED -> result(service, RolloverResult.Status.FAILED, image, "paused while Swarm rolled it back: " + words(progress));
            default -> result(service, RolloverResult.Status.FAILED, image, "paused: " + words(progress)
                    + " (its update's failure action is " + settings.failureAction().name().toLowerCase(Locale.ROOT) + ")");
        };
    }

    private RolloverResult healthGate(SwarmService service, String image, UpdateSettings settings, Duration healthTimeout, String done)
            throws InterruptedException {
        String unhealthy = healthy(service, image, healthTimeout);
        if (unhealthy == null) {
            return result(service, RolloverResult.Status.DEPLOYED, image, done + " " + image + " by Swarm ("
                    + settings.order().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
        }
        String why = "not healthy within " + Durations.describe(healthTimeout) + " after Swarm's update: " + unhealthy;
        try {
            SwarmService now = services.inspect(service.id());
            Followed back = move(now, service.image(), settings, healthTimeout);
            if (back.progress() != null && back.progress().state() == UpdateProgress.State.COMPLETED) {
                return result(service, RolloverResult.Status.ROLLED_BACK, image, why + "; rolled back by Patchrun to " + service.image());
            }
            return result(service, RolloverResult.Status.FAILED, image, why + "; rolling back to " + service.image() + " did not complete: "
                    + (back.progress() == null ? back.stillGoing() : back.progress().state() + ": " + words(back.progress())));
        } catch (ServiceException e) {
            return result(service, RolloverResult.Status.FAILED, image, why + "; rolling back to " + service.image() + " failed: " + e.getMessage());
        }
    }

    private Followed move(SwarmService service, String image, UpdateSettings settings, Duration healthTimeout) throws InterruptedException {
        services.update(service.id(), service.version(), image, settings);
        return polling.until(polling.now().plus(followTimeout(service, settings, healthTimeout)), EVERY, () -> {
            UpdateProgress now = services.inspect(service.id()).update();
            if (now == null || !now.laterThan(service.update())) {
                return Polling.Step.notYet("Swarm has not started the update");
            }
            if (!now.state().settled()) {
                return Polling.Step.notYet(now.state().name().toLowerCase(Locale.ROOT) + (now.message().isEmpty() ? "" : ": " + now.message()));
            }
            return Polling.Step.done(new Followed(now, null));
        }, stillGoing -> new Followed(null, stillGoing));
    }

    /** @return why the tasks of {@code image} are not all running within {@code timeout}, or {@code null} when they are */
    private String healthy(SwarmService service, String image, Duration timeout) throws InterruptedException {
        return polling.until(polling.now().plus(timeout), EVERY, () -> {
            List<ServiceTask> wanted = services.tasks(service.id()).stream().filter(ServiceTask::wanted).toList();
            List<ServiceTask> notReady = wanted.stream().filter(task -> !task.running() || !image.equals(task.image())).toList();
            int expected = service.replicas() == null ? Math.max(1, wanted.size()) : service.replicas();
            if (notReady.isEmpty() && wanted.size() >= expected) {
                return Polling.Step.done("");
            }
            return Polling.Step.notYet((wanted.size() - notReady.size()) + " of " + expected + " task(s) running " + image
                    + notReady.stream().map(task -> "; task " + task.id() + " " + task.state() + (task.message().isEmpty() ? "" : ": " + task.message())
                            + (image.equals(task.image()) ? "" : " (on " + task.image() + ")")).collect(Collectors.joining()));
        }, why -> why).transform(answer -> answer.isEmpty() ? null : answer);
    }

    /** Each round of tasks may take its monitor period and its health check's time, plus what Swarm needs besides. */
    static Duration followTimeout(SwarmService service, UpdateSettings settings, Duration healthTimeout) {
        int tasks = service.replicas() == null ? 1 : Math.max(1, service.replicas());
        return settings.monitor().plus(healthTimeout).multipliedBy(settings.rounds(tasks)).plus(SLACK);
    }

    private static String words(UpdateProgress progress) {
        return progress.message().isEmpty() ? progress.state().name().toLowerCase(Locale.ROOT) : progress.message();
    }

    private static RolloverResult result(SwarmService service, RolloverResult.Status status, String image, String message) {
        return new RolloverResult(service.name(), status, service.image(), image, Duration.ZERO, message);
    }
}
