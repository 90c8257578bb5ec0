package io.patchrun.smoke;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Runs a command in the container once; it must exit 0. */
final class CommandCheck implements SmokeCheck {

    private static final int OUTPUT_LINES = 10;

    private final List<String> command;
    private final Duration timeout;
    private final Polling polling;

    CommandCheck(List<String> command, Duration timeout, Polling polling) {
        this.command = command;
        this.timeout = timeout;
        this.polling = polling;
    }

    @Override
    public CheckResult run(SmokeContainer container) throws InterruptedException {
        Instant start = polling.now();
        String exited = polling.exitOf(container);
        if (exited != null) {
            return polling.result("command", false, exited, start);
        }
        ExecResult result = container.exec(command, timeout);
        String ran = "command " + command;
        if (!result.finished()) {
            return polling.result("command", false, ran + " did not finish within " + Durations.describe(timeout) + output(result), start);
        }
        return polling.result("command", result.exitCode() == 0, ran + " exited " + result.exitCode() + output(result), start);
    }

    /** The output's last lines on one line, so the message stays one line. */
    private static String output(ExecResult result) {
        List<String> lines = result.output().strip().lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        return ": " + String.join(" | ", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size()));
    }
}
