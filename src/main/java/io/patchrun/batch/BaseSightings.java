package io.patchrun.batch;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.patchrun.fleet.CheckedOutImage;
import io.patchrun.fleet.Fleet;
import io.patchrun.history.BaseHistory;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.Sighting;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.watch.DigestCheck;

/**
 * What a check of base digests leaves behind, the same whether the watch schedule, the API or a patch run
 * made it: every digest (or why it could not be read) in the bases table, and an "update pending" mark on
 * a pipeline for each changed base one of its images is not built on yet.
 */
@Component
public class BaseSightings {

    private static final Logger log = LoggerFactory.getLogger(BaseSightings.class);

    private final BaseHistory history;
    private final VersionHistory versions;

    BaseSightings(BaseHistory history, VersionHistory versions) {
        this.history = history;
        this.versions = versions;
    }

    /**
     * Records each check; the first sighting of a reference is recorded without counting as a change.
     *
     * @return the references whose digest changed, with the new digest, sorted
     */
    public Map<String, String> record(List<DigestCheck> checks) {
        Map<String, String> changed = new TreeMap<>();
        for (DigestCheck check : checks) {
            String ref = check.ref().familiar();
            if (!check.succeeded()) {
                history.failed(ref, check.error().getMessage());
                log.warn("Base {} could not be checked: {}", ref, check.error().getMessage());
            } else if (history.seen(ref, check.digest().value()) == Sighting.CHANGED) {
                changed.put(ref, check.digest().value());
                log.info("Base {} has a new digest {}", ref, check.digest());
            }
        }
        return changed;
    }

    /**
     * Marks the fleet's pipeline pending for each changed base that one of its images is not yet built on.
     * An image whose current version was built on the new digest already (a forced run got there first)
     * needs nothing.
     *
     * @return the references marked, sorted
     */
    public Set<String> markPending(Fleet fleet, Map<String, String> changed) {
        Set<String> stale = new TreeSet<>();
        for (CheckedOutImage image : fleet.images().values()) {
            for (ImageRef base : image.bases()) {
                String ref = base.familiar();
                if (changed.containsKey(ref) && !builtOn(image, base, changed.get(ref))) {
                    stale.add(ref);
                }
            }
        }
        stale.forEach(ref -> history.markPending(fleet.pipeline().name(), ref));
        return stale;
    }

    /** Whether the image's current version was built with {@code base} at {@code digest} as its final base. */
    private boolean builtOn(CheckedOutImage image, ImageRef base, String digest) {
        return base.equals(image.finalBase()) && versions.current(image.name())
                .map(ImageVersion::baseDigest).filter(digest::equals).isPresent();
    }
}
