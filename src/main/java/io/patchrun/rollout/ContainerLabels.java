package io.patchrun.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.patchrun.container.ContainerDetails;

/**
 * What a container's labels ask of its rollover: Patchrun's own, and Watchtower's with the meaning Watchtower gives
 * them, so a fleet labelled for Watchtower behaves the same. Where both say something, Patchrun's label wins. A label
 * whose value cannot be read leaves the container alone, with a reason that names the label: guessing could roll
 * over a container its owner meant to keep.
 */
final class ContainerLabels {

    static final String ENABLE = "io.patchrun.enable";
    static final String DEPENDS_ON = "io.patchrun.depends-on";
    static final String WATCHTOWER_ENABLE = "com.centurylinklabs.watchtower.enable";
    static final String WATCHTOWER_MONITOR_ONLY = "com.centurylinklabs.watchtower.monitor-only";
    static final String WATCHTOWER_DEPENDS_ON = "com.centurylinklabs.watchtower.depends-on";
    static final String WATCHTOWER_STOP_SIGNAL = "com.centurylinklabs.watchtower.stop-signal";
    static final String WATCHTOWER_PRE_UPDATE = "com.centurylinklabs.watchtower.lifecycle.pre-update";
    static final String WATCHTOWER_POST_UPDATE = "com.centurylinklabs.watchtower.lifecycle.post-update";
    static final String TIMEOUT_SUFFIX = "-timeout";
    /** Watchtower's timeout of a lifecycle command when its timeout label is not set. */
    static final Duration WATCHTOWER_HOOK_TIMEOUT = Duration.ofMinutes(1);

    /** What Go's {@code strconv.ParseBool}, which Watchtower reads its labels with, takes as true and as false. */
    private static final List<String> TRUE = List.of("1", "t", "T", "TRUE", "true", "True");
    private static final List<String> FALSE = List.of("0", "f", "F", "FALSE", "false", "False");

    private ContainerLabels() {
    }

    /**
     * Why the container is not rolled over (or restarted), when its labels or the pipeline's {@code containers: labelled}
     * say it is not, as a clause: "it is labelled io.patchrun.enable=false"; empty when it is.
     *
     * @param labelledOnly whether only containers labelled {@code io.patchrun.enable=true} (or Watchtower's) roll over
     */
    static Optional<String> skipReason(ContainerDetails container, boolean labelledOnly, Hooks pipelineHooks) {
        try {
            Optional<Boolean> enabled = flag(container, ENABLE).or(() -> flag(container, WATCHTOWER_ENABLE));
            if (enabled.isPresent() && !enabled.get()) {
                return Optional.of("it is labelled " + labelled(container, ENABLE, WATCHTOWER_ENABLE));
            }
            if (labelledOnly && enabled.isEmpty()) {
                return Optional.of("the pipeline rolls over only containers labelled " + ENABLE + "=true (containers: labelled), and it"
                        + " has neither that label nor " + WATCHTOWER_ENABLE + "=true");
            }
            if (flag(container, WATCHTOWER_MONITOR_ONLY).orElse(false)) {
                return Optional.of("it is monitored only (labelled " + WATCHTOWER_MONITOR_ONLY + "=" + container.label(WATCHTOWER_MONITOR_ONLY)
                        + "), so it stays on the image it runs; the new version is built all the same");
            }
            hooks(container, pipelineHooks);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The signal that stops the container: Watchtower's stop-signal label, else its own STOPSIGNAL, else SIGTERM. */
    static String stopSignal(ContainerDetails container) {
        String label = container.label(WATCHTOWER_STOP_SIGNAL);
        if (label != null && !label.isBlank()) {
            return label.strip();
        }
        String own = container.spec().config().stopSignal();
        return own == null ? "SIGTERM" : own;
    }

    /** The names (or ids) of the containers it says it depends on, in either label: comma-separated, a leading / allowed. */
    static List<String> dependsOn(ContainerDetails container) {
        List<String> names = new ArrayList<>(names(container.label(DEPENDS_ON)));
        names(container.label(WATCHTOWER_DEPENDS_ON)).stream().filter(name -> !names.contains(name)).forEach(names::add);
        return names;
    }

    private static List<String> names(String label) {
        return label == null ? List.of() : Arrays.stream(label.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(name -> name.startsWith("/") ? name.substring(1) : name).toList();
    }

    /**
     * The hooks run for this container: a lifecycle label takes the place of the pipeline's hook of its phase, run as
     * Watchtower runs it ({@code sh -c <label>}), within its {@code -timeout} label's minutes (default 1, 0 for no limit).
     *
     * @throws IllegalArgumentException naming the label, when a timeout label is not a whole number of minutes
     */
    static Hooks hooks(ContainerDetails container, Hooks pipeline) {
        return new Hooks(hook(container, WATCHTOWER_PRE_UPDATE).orElse(pipeline.preUpdate()),
                hook(container, WATCHTOWER_POST_UPDATE).orElse(pipeline.postUpdate()));
    }

    private static Optional<Hook> hook(ContainerDetails container, String label) {
        String command = container.label(label);
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Hook(List.of("sh", "-c", command), minutes(container, label + TIMEOUT_SUFFIX), "label " + label));
    }

    private static Duration minutes(ContainerDetails container, String label) {
        String value = container.label(label);
        if (value == null || value.isBlank()) {
            return WATCHTOWER_HOOK_TIMEOUT;
        }
        try {
            long minutes = Long.parseLong(value.strip());
            if (minutes >= 0) {
                return minutes == 0 ? null : Duration.ofMinutes(minutes);
            }
        } catch (NumberFormatException e) {
            // Said below, with the label.
        }
        throw new IllegalArgumentException("its label " + label + "=" + value + " is not a whole number of minutes (0 for no limit), as"
                + " Watchtower reads it; fix the label");
    }

    /** The label read as Watchtower reads a flag; empty when not set. */
    private static Optional<Boolean> flag(ContainerDetails container, String label) {
        String value = container.label(label);
        if (value == null) {
            return Optional.empty();
        }
        if (TRUE.contains(value.strip())) {
            return Optional.of(true);
        }
        if (FALSE.contains(value.strip())) {
            return Optional.of(false);
        }
        throw new IllegalArgumentException("its label " + label + "=" + value + " is neither true nor false; fix the label");
    }

    private static String labelled(ContainerDetails container, String ours, String theirs) {
        String label = container.label(ours) != null ? ours : theirs;
        return label + "=" + container.label(label);
    }
}
