package io.patchrun.container;

import java.util.Objects;

/**
 * A legacy container link: the container named or identified by {@code container} is reachable as
 * {@code alias}.
 */
public record Link(String container, String alias) {

    public Link {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(alias, "alias");
    }
}
