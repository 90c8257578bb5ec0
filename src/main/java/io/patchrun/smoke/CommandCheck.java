package io.patchrun.smoke;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.patchrun.container.ContainerOutput;
import io.patchrun.container.ExecResult;

/** Runs a command in the container once; it must exit 0 within what is left of the smoke test's time. */
final class CommandCheck implements SmokeCheck {

    private static final int OUTPUT_LINES = 10;

    private final List<String> command;
    private final CheckLoop loop;

    CommandCheck(List<String> command, CheckLoop loop) {
        this.command = command;
        this.loop = loop;
    }

    @Override
    public CheckResult run(SmokeContainer container) throws InterruptedException {
        Instant start = loop.now();
        String exited = loop.exitOf(container);
        if (exited != null) {
            return loop.result("command", false, exited, start);
        }
        String ran = "command " + command;
        Duration left = loop.left();
        if (left.isZero()) {
            return loop.result("command", false, ran + " was not run (" + loop.ranOut() + ")", start);
        }
        ExecResult result = container.exec(command, left);
        if (!result.finished()) {
            return loop.result("command", false, ran + " did not finish (" + loop.ranOut() + ")" + output(result), start);
        }
        return loop.result("command", result.exitCode() == 0, ran + " exited " + result.exitCode() + output(result), start);
    }

    /** The output's last lines on one line, so the message stays one line. */
    private static String output(ExecResult result) {
        List<String> lines = result.output().strip().lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        return ": " + ContainerOutput.quote(lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size()));
    }
}
