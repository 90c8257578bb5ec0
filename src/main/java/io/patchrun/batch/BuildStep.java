package io.patchrun.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.patchrun.build.BuildFailedException;
import io.patchrun.build.BuildLabels;
import io.patchrun.build.BuildRequest;
import io.patchrun.build.BuildResult;
import io.patchrun.build.ImageBuilder;
import io.patchrun.build.ImagePusher;
import io.patchrun.build.Outcome;
import io.patchrun.build.PushFailedException;
import io.patchrun.build.VersionTag;
import io.patchrun.fleet.CheckedOutImage;
import io.patchrun.history.ImageStatus;
import io.patchrun.history.ImageVersion;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunImage;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.retain.ImageStore;
import io.patchrun.smoke.SmokeRequest;
import io.patchrun.smoke.SmokeResult;
import io.patchrun.smoke.SmokeRunner;
import io.patchrun.source.Checkout;
import io.patchrun.source.RunCheckouts;
import io.patchrun.source.SourceException;

/**
 * One image's turn in a patch run: build it with an immutable version tag from the run's own checkout of the
 * commit the run planned, smoke-test it, push it when the pipeline has {@code pushTo}, and only then record
 * the version and move {@code :latest} to it, so that images built on it, now or in a later run, never start
 * from a version that failed its smoke test or that the registry did not take.
 */
@Component
class BuildStep {

    private final ImageBuilder builder;
    private final SmokeRunner smoke;
    private final ImagePusher pusher;
    private final ImageStore images;
    private final RunHistory runs;
    private final VersionHistory versions;
    private final RunCheckouts checkouts;
    private final java.time.Clock clock;
    private final PinnedBases pins;

    BuildStep(ImageBuilder builder, SmokeRunner smoke, ImagePusher pusher, ImageStore images, RunHistory runs,
              VersionHistory versions, RunCheckouts checkouts, java.time.Clock clock, PinnedBases pins) {
        this.builder = builder;
        this.smoke = smoke;
        this.pusher = pusher;
        this.images = images;
        this.runs = runs;
        this.versions = versions;
        this.checkouts = checkouts;
        this.clock = clock;
        this.pins = pins;
    }

    Outcome build(RunState state, String name) {
        CheckedOutImage source = state.fleet.image(name);
        String refused = source.readable() ? state.refused.get(name) : source.error();
        if (refused != null) {
            record(state, state.images.get(name).with(ImageStatus.FAILED, refused));
            return Outcome.failed(refused);
        }
        Checkout tree;
        try {
            tree = checkouts.checkout(state.id, source.repository(), source.revision());
        } catch (SourceException e) {
            record(state, state.images.get(name).with(ImageStatus.FAILED, e.getMessage()));
            return Outcome.failed(e.getMessage());
        }
        ImageSpec spec = source.spec();
        Instant started = clock.instant();
        VersionTag tag = VersionTag.now(clock, state.shortId());
        String baseDigest = baseDigest(state, source);
        RunImage building = new RunImage(name, ImageStatus.PENDING, tag.toString(), baseDigest, tree.commit(),
                null, List.of(), "building");
        record(state, building);
        BuildResult result;
        PinnedBases.Pinned pinned;
        try {
            pinned = pins.pin(state, source);
            result = builder.build(new BuildRequest(name, tree.dir(), spec.dockerfile(), spec.buildArgs(),
                    !pinned.any() && pullsUpstream(state, source), List.of(spec.ref().withTag(tag.toString()).familiar()),
                    labels(state, source, started, baseDigest), spec.context(), source.bases()));
        } catch (BuildFailedException e) {
            record(state, building.with(ImageStatus.FAILED, e.getMessage()));
            runs.buildLog(state.id, name, String.join("\n", e.log()));
            return Outcome.failed(e.getMessage());
        }
        runs.buildLog(state.id, name, String.join("\n", result.log()));
        String offPin = pins.notBuiltOnPin(pinned, name, result.imageId());
        if (offPin != null) {
            images.untag(spec.ref().withTag(tag.toString()));
            record(state, building.with(ImageStatus.FAILED, offPin));
            return Outcome.failed(offPin);
        }
        RunImage built = new RunImage(name, ImageStatus.BUILT, tag.toString(), baseDigest, tree.commit(),
                result.took().toMillis(), List.of(), null);
        record(state, built);
        state.builtIds.put(name, result.imageId());
        String failedSmoke = smokeTest(state, spec, result.imageId());
        if (failedSmoke != null) {
            // A version that failed its smoke test is no version: it is never rolled out or rolled back to.
            images.untag(spec.ref().withTag(tag.toString()));
            record(state, built.with(ImageStatus.FAILED, failedSmoke));
            return Outcome.failed(failedSmoke);
        }
        String failedPush = source.pushedName() == null ? null : push(state, name, result.imageId(), source.pushedName(), tag.toString());
        if (failedPush != null) {
            // A version the registry did not take is not published: it does not become current either.
            images.untag(spec.ref().withTag(tag.toString()));
            record(state, built.with(ImageStatus.FAILED, failedPush));
            return Outcome.failed(failedPush);
        }
        versions.add(new ImageVersion(name, tag.toString(), result.imageId(), baseDigest, tree.commit(), started,
                state.id, false, false));
        images.tag(result.imageId(), spec.ref().withTag("latest"));
        return Outcome.built();
    }

    /** @return why the smoke test failed, or {@code null} when it passed or the image has none */
    private String smokeTest(RunState state, ImageSpec spec, String imageId) {
        if (spec.smoke().isEmpty()) {
            return null;
        }
        SmokeResult result = smoke.run(new SmokeRequest(spec.name(), imageId, spec.smoke(), Map.of(BuildLabels.RUN, String.valueOf(state.id))));
        return result.passed() ? null : result.message();
    }

    /** @return why the push failed (naming the registry and, for a refused login, what to configure), or {@code null} */
    private String push(RunState state, String name, String imageId, ImageRef pushedName, String tag) {
        try {
            for (String t : List.of(tag, "latest")) {
                ImageRef target = pushedName.withTag(t);
                images.tag(imageId, target);
                Digest digest = pusher.push(target);
                if (t.equals(tag) && digest != null) {
                    state.pushedDigests.put(name + ":" + tag, digest.value());
                }
            }
            return null;
        } catch (PushFailedException e) {
            images.untag(pushedName.withTag(tag));
            return e.getMessage();
        }
    }

    /** {@code --pull} only when nothing it is built on is a fleet image, which may exist only on this engine. */
    private static boolean pullsUpstream(RunState state, CheckedOutImage source) {
        return source.bases().stream().noneMatch(base -> state.fleet.imageNamed(base).isPresent());
    }

    /** The upstream digest an image ends up built on: its own base's, or through fleet parents, theirs. */
    private String baseDigest(RunState state, CheckedOutImage source) {
        ImageRef base = source.finalBase();
        if (base == null) {
            return null;
        }
        if (base.pinned()) {
            return base.digest().value();
        }
        CheckedOutImage parent = state.fleet.imageNamed(base).orElse(null);
        if (parent == null) {
            return state.baseDigests.get(base.familiar());
        }
        RunImage parentInRun = state.images.get(parent.name());
        if (parentInRun != null) {
            return parentInRun.baseDigest();
        }
        return versions.current(parent.name()).map(ImageVersion::baseDigest).orElse(null);
    }

    private static Map<String, String> labels(RunState state, CheckedOutImage source, Instant started, String baseDigest) {
        ImageRef base = source.finalBase() == null ? ImageRef.parse("scratch") : source.finalBase();
        return new BuildLabels(source.repository(), source.revision().commit(), started, base,
                baseDigest == null || !Digest.isDigest(baseDigest) ? null : Digest.of(baseDigest),
                state.pipeline.name(), String.valueOf(state.id)).toMap();
    }

    private void record(RunState state, RunImage image) {
        state.images.put(image.name(), image);
        runs.image(state.id, image);
    }
}
