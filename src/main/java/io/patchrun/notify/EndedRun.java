package io.patchrun.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.patchrun.pipeline.NotifySpec;

/**
 * A run that has just ended, as notifications and metrics see it: the CONTRACT's run and image statuses as
 * their names, per image the base digests before and after, and per container how its rollover went.
 *
 * @param notifications whom the run's pipeline tells; {@link NotifySpec#NONE} for nobody
 */
public record EndedRun(long id, String pipeline, String trigger, String status, Instant startedAt, Instant endedAt,
                       String message, List<ImageChange> images, NotifySpec notifications) {

    /**
     * The contract's wording for a container the policy gate refused: the word {@code policy} in the image's message,
     * after "refused by"; a container let through by an exception ("policy exception used") is no refusal.
     */
    private static final Pattern POLICY = Pattern.compile("\\brefused by (the )?policy\\b");

    public EndedRun {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(status, "status");
        images = images == null ? List.of() : List.copyOf(images);
        notifications = notifications == null ? NotifySpec.NONE : notifications;
    }

    /**
     * @param oldBaseDigest the base digest of the version that was current before the run, or {@code null}
     * @param newBaseDigest the base digest of the version the run built, or {@code null}
     * @param buildTime     how long its build took, or {@code null} when it was not built
     * @param rolloverTime  how long rolling its containers over took, or {@code null} when none was tried
     */
    public record ImageChange(String name, String status, String tag, String oldBaseDigest, String newBaseDigest,
                              Duration buildTime, Duration rolloverTime, List<ContainerChange> containers, String message) {
        public ImageChange {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            containers = containers == null ? List.of() : List.copyOf(containers);
        }

        boolean refusedByPolicy() {
            return message != null && POLICY.matcher(message).find();
        }
    }

    /**
     * @param outcome {@code DEPLOYED}, {@code ROLLED_BACK}, {@code FAILED} or {@code REFUSED} (by the policy gate, never tried)
     * @param reason  what happened, in the user's terms
     * @param outage  how long nothing answered under the container's name
     */
    public record ContainerChange(String name, String outcome, String reason, Duration outage) {
        public ContainerChange {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(outcome, "outcome");
            outage = outage == null ? Duration.ZERO : outage;
        }
    }

    /** Whether this run is worth a message at {@code level}. */
    public boolean worthTelling(NotifySpec.Level level) {
        boolean failed = status.equals("FAILED") || status.equals("PARTIAL") || status.equals("ROLLED_BACK")
                || images.stream().anyMatch(ImageChange::refusedByPolicy);
        return switch (level) {
            case FAILURES -> failed;
            case CHANGES -> failed || changedSomething();
            case ALWAYS -> true;
        };
    }

    /** Whether the run built an image or rolled a container (either way). */
    boolean changedSomething() {
        return images.stream().anyMatch(image -> switch (image.status()) {
            case "BUILT", "DEPLOYED", "ROLLED_BACK", "READY" -> true;
            default -> !image.containers().isEmpty();
        });
    }
}
