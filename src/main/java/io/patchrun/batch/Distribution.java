package io.patchrun.batch;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.patchrun.container.Engine;
import io.patchrun.container.Engines;
import io.patchrun.fleet.PushNames;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ImageSpec;

/**
 * Brings a version built on the build engine to the other engines its containers are on: each pulls it from where
 * the run pushed it, by the digest the push reported, and tags it as the version's own tag, so its containers there
 * run {@code name:tag} exactly as on the build engine.
 */
final class Distribution {

    private static final Logger log = LoggerFactory.getLogger(Distribution.class);

    private final Engines engines;

    Distribution(Engines engines) {
        this.engines = engines;
    }

    /**
     * Copies version {@code tag} of {@code spec} to every engine of {@code on} that is not the build engine.
     *
     * @return why it could not, naming the engine, or empty when every engine has it
     */
    Optional<String> copy(RunState state, ImageSpec spec, String tag, List<String> on) {
        List<Engine> others = on.stream().map(engines::get).filter(engine -> !engine.build()).toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        if (state.pipeline.pushTo() == null) {
            return Optional.of("image " + spec.name() + " deploys to engine " + others.get(0).name() + ", which can only pull it from the"
                    + " registry of the pipeline's pushTo, and the pipeline has none");
        }
        ImageRef pushed = PushNames.pushedName(state.pipeline.pushTo(), spec.ref());
        String digest = state.pushedDigests.get(spec.name() + ":" + tag);
        String pulled = digest != null ? pushed.familiarName() + "@" + digest : pushed.withTag(tag).familiar();
        ImageRef local = spec.ref().withTag(tag);
        for (Engine engine : others) {
            try {
                engine.copies().pullAs(pulled, local);
            } catch (RuntimeException e) {
                return Optional.of(engine.describe() + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Removes version {@code tag} of {@code spec} from the other engines of {@code on} again: it failed on a live container. */
    void drop(ImageSpec spec, String tag, List<String> on) {
        for (String name : on) {
            Engine engine = engines.get(name);
            if (!engine.build()) {
                try {
                    engine.images().untag(spec.ref().withTag(tag));
                } catch (RuntimeException e) {
                    // Not a reason to fail anything: the run's record says why the version failed, and retention removes it later.
                    log.warn("Could not remove the failed version {}:{} from {}: {}", spec.name(), tag, engine.describe(), e.getMessage());
                }
            }
        }
    }
}
