package io.patchrun.retain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.patchrun.image.ImageRef;

/**
 * Keeps the current version of an image, the version ready to roll out when its pipeline's maintenance window
 * opens, and the {@code retain} newest others, and removes the tags of older ones, so the engine can drop their
 * images. A version a container still uses (including an old
 * container kept for a rollback) is never removed, whatever its age.
 */
public final class Retention {

    private final ImageStore store;

    public Retention(ImageStore store) {
        this.store = store;
    }

    /**
     * @param name            the image's name ({@code demo/web})
     * @param versionsNewest  its version tags not pruned yet, newest first
     * @param currentTag      the version the containers should run, or {@code null} when none is current yet
     * @param retain          how many prior versions to keep besides the current one
     */
    public Pruning prune(String name, List<String> versionsNewest, String currentTag, int retain) {
        return prune(name, versionsNewest, currentTag, null, retain);
    }

    /**
     * @param readyTag the version waiting for the maintenance window to roll out, or {@code null} when none waits;
     *                 kept like the current one, whatever its age
     */
    public Pruning prune(String name, List<String> versionsNewest, String currentTag, String readyTag, int retain) {
        if (retain < 0) {
            throw new IllegalArgumentException("retain must be 0 or more, got " + retain);
        }
        List<String> kept = new ArrayList<>();
        List<String> pruned = new ArrayList<>();
        List<String> inUse = new ArrayList<>();
        Set<String> used = store.imageIdsInUse();
        int priorsKept = 0;
        for (String tag : versionsNewest) {
            ImageRef ref = ImageRef.parse(name).withTag(tag);
            if (tag.equals(currentTag) || tag.equals(readyTag)) {
                kept.add(tag);
            } else if (currentTag != null && priorsKept < retain || currentTag == null && priorsKept < retain + 1) {
                kept.add(tag);
                priorsKept++;
            } else {
                String id = store.imageId(ref);
                if (id != null && used.contains(id)) {
                    inUse.add(tag);
                } else {
                    if (id == null || store.untag(ref)) {
                        pruned.add(tag);
                    } else {
                        inUse.add(tag);
                    }
                }
            }
        }
        return new Pruning(kept, pruned, inUse);
    }
}
