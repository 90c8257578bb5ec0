package io.patchrun.status;

import java.util.List;

/** A probe per engine Patchrun drives, the build engine's first. */
public record EngineProbes(List<EngineProbe> probes) {

    public EngineProbes {
        if (probes.isEmpty()) {
            throw new IllegalArgumentException("there is always at least one engine to probe");
        }
        probes = List.copyOf(probes);
    }
}
