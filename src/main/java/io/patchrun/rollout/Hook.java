package io.patchrun.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A command run in a container around its rollover: before the old one stops, or in the new one once it is healthy.
 *
 * @param command the program and its arguments, run without a shell; not empty
 * @param timeout how long it may run; {@code null} for as long as it takes (Watchtower's timeout label {@code 0})
 * @param source  where it was given, for messages: {@code hooks.preUpdate of the pipeline}, or the label's name
 */
public record Hook(List<String> command, Duration timeout, String source) {

    public Hook {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a hook needs a command");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("a hook's timeout must be longer than zero, got " + timeout);
        }
        Objects.requireNonNull(source, "source");
    }

    /** The command as it is run, for messages. */
    String describe() {
        return source + " " + command;
    }
}
