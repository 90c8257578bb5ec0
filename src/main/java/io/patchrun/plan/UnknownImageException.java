package io.patchrun.plan;

import java.util.List;

/** A run was asked for images that the fleet does not have. */
public class UnknownImageException extends IllegalArgumentException {

    private final List<String> unknown;

    public UnknownImageException(List<String> unknown, List<String> known) {
        super("cannot plan a rebuild of " + String.join(", ", unknown) + ": the fleet has no such image (it has "
                + (known.isEmpty() ? "no images" : String.join(", ", known)) + ")");
        this.unknown = List.copyOf(unknown);
    }

    /** The requested names that are not in the fleet, sorted. */
    public List<String> unknown() {
        return unknown;
    }
}
