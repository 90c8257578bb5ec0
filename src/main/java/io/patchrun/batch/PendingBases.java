package io.patchrun.batch;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.patchrun.fleet.Fleet;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.RunImage;
import io.patchrun.image.ImageRef;

/** Which "update pending" marks a run that covered its pipeline's changed bases has dealt with. */
final class PendingBases {

    private static final Set<ImageStatus> DONE = EnumSet.of(ImageStatus.BUILT, ImageStatus.DEPLOYED, ImageStatus.UNCHANGED,
            ImageStatus.READY);

    private PendingBases() {
    }

    /**
     * The pending references none of whose images the run left behind: every image of the run that is built
     * on one, directly or through other images, ended BUILT, DEPLOYED, UNCHANGED or READY (built, waiting for its
     * pipeline's window). A reference that is not
     * an image reference any more (the mark outlived a pipeline change) is settled: nothing uses it.
     */
    static List<String> settled(Fleet fleet, Collection<String> pending, Map<String, RunImage> images) {
        return pending.stream().sorted().filter(ref -> affected(fleet, ref).stream()
                .map(images::get).allMatch(image -> image == null || DONE.contains(image.status()))).toList();
    }

    private static Set<String> affected(Fleet fleet, String ref) {
        ImageRef parsed;
        try {
            parsed = ImageRef.parse(ref);
        } catch (IllegalArgumentException e) {
            return Set.of();
        }
        return fleet.graph().planForChangedBases(Set.of(parsed)).images().keySet();
    }
}
