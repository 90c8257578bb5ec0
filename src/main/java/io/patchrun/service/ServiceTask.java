package io.patchrun.service;

import java.util.Objects;

/**
 * One task of a service. On a task whose container has a health check, Swarm keeps the state {@code starting} until
 * the check passes, so {@code running} means started and, where there is a check, healthy.
 *
 * @param id           the task's id
 * @param image        the image of the spec it was made from
 * @param state        its state, lower case as the engine writes it ({@code starting}, {@code running}, {@code failed}, ...)
 * @param desiredState the state Swarm wants it in ({@code running}, or {@code shutdown} for one being replaced)
 * @param message      the engine's words about its state, the error first when there is one
 */
public record ServiceTask(String id, String image, String state, String desiredState, String message) {

    public ServiceTask {
        Objects.requireNonNull(id, "id");
        state = state == null ? "" : state;
        desiredState = desiredState == null ? "" : desiredState;
        message = message == null ? "" : message;
    }

    public boolean running() {
        return "running".equals(state);
    }

    public boolean wanted() {
        return "running".equals(desiredState);
    }
}
