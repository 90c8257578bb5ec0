package io.patchrun.history;

import java.util.Objects;

/**
 * Which engine a container a run rolled over (or tried to) is on.
 *
 * @param container its name, as in the run image's {@code containers}
 * @param engine    the engine's name ({@code patchrun.engines[i].name}, or {@code local})
 */
public record Placement(String container, String engine) {

    public Placement {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(engine, "engine");
    }

    /** {@code web-1@edge-1}, as the database keeps it. */
    String joined() {
        return container + "@" + engine;
    }

    static Placement parse(String joined) {
        int at = joined.lastIndexOf('@');
        return new Placement(joined.substring(0, at), joined.substring(at + 1));
    }
}
