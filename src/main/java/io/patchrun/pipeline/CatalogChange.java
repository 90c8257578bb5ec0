package io.patchrun.pipeline;

import java.util.List;

/**
 * What a reload of the pipeline folder changed, by pipeline name, each list sorted, so schedules and
 * watchers can follow.
 *
 * @param added   pipelines that were not there before
 * @param changed pipelines whose definition differs from before
 * @param removed pipelines that are gone, or whose file is now broken
 */
public record CatalogChange(List<String> added, List<String> changed, List<String> removed) {

    public CatalogChange {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }
}
