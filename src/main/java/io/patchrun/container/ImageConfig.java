package io.patchrun.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of a container's configuration that an image can also set (ENV, LABEL, EXPOSE, VOLUME, ENTRYPOINT,
 * CMD, HEALTHCHECK, WORKDIR, USER, STOPSIGNAL): an image's own defaults, or a container's values as the engine
 * reports them, image defaults merged in. Collections are never {@code null}; {@code entrypoint}, {@code cmd},
 * {@code healthCheck}, {@code workingDir}, {@code user} and {@code stopSignal} are {@code null} when not set,
 * and an empty {@code entrypoint} or {@code cmd} is an explicit "none".
 */
public record ImageConfig(List<String> env, Map<String, String> labels, Set<String> exposedPorts, Set<String> volumes,
                          List<String> entrypoint, List<String> cmd, HealthcheckConfig healthCheck, String workingDir, String user,
                          String stopSignal) {

    public ImageConfig {
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        exposedPorts = exposedPorts == null ? Set.of() : Set.copyOf(exposedPorts);
        volumes = volumes == null ? Set.of() : Set.copyOf(volumes);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        workingDir = blankToNull(workingDir);
        user = blankToNull(user);
        stopSignal = blankToNull(stopSignal);
    }

    public static ImageConfig empty() {
        return new ImageConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * This container configuration without every value that equals the old image's default, so that a
     * container created from it on a new image gets the new image's defaults and keeps only what was set
     * for the container itself. CMD goes only together with ENTRYPOINT: the engine drops an image's CMD
     * when a container sets its own ENTRYPOINT, so a CMD kept alone would be the one the user gave.
     */
    ImageConfig minus(ImageConfig image) {
        boolean sameEntrypoint = Objects.equals(entrypoint, image.entrypoint);
        return new ImageConfig(
                env.stream().filter(entry -> !image.env.contains(entry)).toList(),
                labelsMinus(image.labels),
                without(exposedPorts, image.exposedPorts),
                without(volumes, image.volumes),
                sameEntrypoint ? null : entrypoint,
                sameEntrypoint && Objects.equals(cmd, image.cmd) ? null : cmd,
                healthCheck == null ? null : healthCheck.minus(image.healthCheck),
                Objects.equals(workingDir, image.workingDir) ? null : workingDir,
                Objects.equals(user, image.user) ? null : user,
                Objects.equals(stopSignal, image.stopSignal) ? null : stopSignal);
    }

    private Map<String, String> labelsMinus(Map<String, String> imageLabels) {
        Map<String, String> kept = new LinkedHashMap<>();
        labels.forEach((key, value) -> {
            if (!value.equals(imageLabels.get(key))) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    private static Set<String> without(Set<String> values, Set<String> imageValues) {
        Set<String> kept = new TreeSet<>(values);
        kept.removeAll(imageValues);
        return kept;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
