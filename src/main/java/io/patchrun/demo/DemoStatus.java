package io.patchrun.demo;

import java.util.List;
import java.util.Objects;

/**
 * The demo fleet as the overview shows it.
 *
 * @param active         whether a pipeline named {@code demo} is loaded; the demo's buttons belong on the
 *                       overview only then
 * @param made           what the demo consists of, one line each (repositories, base image, images,
 *                       containers with their URLs), saying whether it was made at this start or was there
 * @param removeCommands shell commands that remove all of it, in order
 * @param lastAction     what the demo did last, or why it could not, in one line
 * @param nextWebBroken  whether the next version of the web app is broken on purpose (break-next), so
 *                       the button should offer fix-next instead
 */
public record DemoStatus(boolean active, List<String> made, List<String> removeCommands, String lastAction,
                         boolean nextWebBroken) {

    public DemoStatus {
        made = List.copyOf(made);
        removeCommands = List.copyOf(removeCommands);
        Objects.requireNonNull(lastAction, "lastAction");
    }
}
