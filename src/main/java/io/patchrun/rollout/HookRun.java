package io.patchrun.rollout;

import java.util.List;
import java.util.Optional;

import io.patchrun.container.Containers;
import io.patchrun.container.ExecResult;
import io.patchrun.time.Durations;

/** Runs one hook in a container and says, in the user's terms, how it went, with the last lines of what it wrote. */
final class HookRun {

    /** Watchtower's exit code for "skip this update" (sysexits' EX_TEMPFAIL). */
    static final long SKIP_UPDATE = 75;
    private static final int OUTPUT_LINES = 10;
    private static final int OUTPUT_ROOM = 2000;

    private HookRun() {
    }

    /**
     * @param phase {@code pre-update} or {@code post-update}
     * @return why it failed, naming the hook, the container and its output; empty when it exited 0 in time
     */
    static Optional<String> failure(Containers containers, String container, String name, String phase, Hook hook) {
        String what = "its " + phase + " hook (" + hook.describe() + ")";
        ExecResult result;
        try {
            result = containers.exec(container, hook.command(), hook.timeout());
        } catch (RuntimeException e) {
            return Optional.of(what + " could not be run in " + name + ": " + StepFailure.reason(e));
        }
        if (!result.finished()) {
            return Optional.of(what + " did not finish within " + Durations.describe(hook.timeout()) + " (the engine cannot end it, so it"
                    + " may still run in the container)" + output(result));
        }
        if (result.exitCode() == SKIP_UPDATE) {
            return Optional.of(what + " asked to skip the update (exit code 75, EX_TEMPFAIL)" + output(result));
        }
        if (result.exitCode() != 0) {
            return Optional.of(what + " failed with exit code " + result.exitCode() + output(result));
        }
        return Optional.empty();
    }

    /** The output's last lines on one line, so the message stays one line. */
    private static String output(ExecResult result) {
        List<String> lines = result.output().strip().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "; it wrote nothing";
        }
        String text = String.join(" | ", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size()));
        return ": " + (text.length() > OUTPUT_ROOM ? "…" + text.substring(text.length() - OUTPUT_ROOM) : text);
    }
}
