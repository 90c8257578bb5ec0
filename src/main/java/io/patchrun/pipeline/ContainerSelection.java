package io.patchrun.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which running containers of a pipeline's images roll over ({@code containers:} in the pipeline file). Either way, a
 * container labelled {@code io.patchrun.enable=false} (or Watchtower's {@code com.centurylinklabs.watchtower.enable=false})
 * never does.
 */
public enum ContainerSelection {

    /** Every container of the images ({@code all}, the default), as Watchtower without {@code --label-enable}. */
    ALL,
    /** Only containers labelled {@code io.patchrun.enable=true} (or Watchtower's {@code =true}), as Watchtower's {@code --label-enable}. */
    LABELLED;

    /** How the pipeline file writes it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ContainerSelection> parse(String word) {
        return Arrays.stream(values()).filter(value -> value.word().equals(word)).findFirst();
    }
}
