package io.patchrun.container;

/**
 * A command run in a container.
 *
 * @param finished whether it finished in time
 * @param exitCode its exit code when finished
 * @param output   what it wrote, stdout and stderr together
 */
public record ExecResult(boolean finished, long exitCode, String output) {

    public ExecResult {
        output = output == null ? "" : output;
    }
}
