package io.patchrun.bench;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one way of patching the fleet measured.
 *
 * @param name         how the report calls it
 * @param total        wall time from start to end
 * @param phases       the phases it reported itself ({@code builds}, {@code rollovers}), when it did
 * @param outages      per app container, the longest time its port gave no answer
 * @param replacements the engine's account of each container's replacement
 * @param probes       how many probes were sent meanwhile
 * @param loadAfter    the load average once it ended
 */
record Measured(String name, Duration total, Map<String, Duration> phases, Map<String, Duration> outages,
                List<EngineEvents.Replacement> replacements, int probes, String loadAfter) {

    Measured {
        phases = Map.copyOf(phases);
        outages = Map.copyOf(outages);
        replacements = List.copyOf(replacements);
    }

    Duration longestOutage() {
        return outages.values().stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    /** The app with the longest outage, as {@code app-<n>}. */
    String longestOutageApp() {
        return outages.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .map(name -> name.substring(name.lastIndexOf("-app-") + 1)).orElse("-");
    }
}
