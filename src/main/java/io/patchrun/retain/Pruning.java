package io.patchrun.retain;

import java.util.List;

/**
 * What retention did to one image's versions.
 *
 * @param kept    version tags kept: the current one and the newest prior ones
 * @param pruned  version tags removed
 * @param inUse   version tags past the limit that stay because a container still uses them
 */
public record Pruning(List<String> kept, List<String> pruned, List<String> inUse) {

    public Pruning {
        kept = List.copyOf(kept);
        pruned = List.copyOf(pruned);
        inUse = List.copyOf(inUse);
    }
}
