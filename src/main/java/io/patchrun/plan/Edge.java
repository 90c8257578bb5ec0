package io.patchrun.plan;

import java.util.Comparator;

/**
 * One dependency in a plan: {@code to} is built FROM {@code from}.
 *
 * @param from an upstream base in {@link io.patchrun.image.ImageRef#familiar()} form, or a fleet image name
 * @param to   a fleet image name
 */
public record Edge(String from, String to) {

    static final Comparator<Edge> ORDER = Comparator.comparing(Edge::from).thenComparing(Edge::to);

    public Edge {
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw new IllegalArgumentException("an edge needs both ends, got '" + from + "' -> '" + to + "'");
        }
    }
}
