package io.patchrun.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.patchrun.fleet.CheckedOutImage;
import io.patchrun.history.SignatureHistory;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.SigningKey;
import io.patchrun.pipeline.VerifySpec;
import io.patchrun.watch.CosignSignatures;
import io.patchrun.watch.SignatureCheck;

/**
 * The signature gate of a pipeline with {@code verify:}, between planning and building: every upstream base a
 * planned image uses, and the pipeline has a key for, must carry a cosign signature of the digest the run
 * checked, made with that key. An image with a base that does not is refused (it fails with the reason, what is
 * built on it is skipped, and its current version stays on the old base); a base that passes is recorded so
 * that its builds are pinned to exactly the digest checked. Each base's outcome is kept for the overview.
 */
@Component
class SignedBases {

    private static final Logger log = LoggerFactory.getLogger(SignedBases.class);

    private final CosignSignatures signatures;
    private final SignatureHistory history;

    SignedBases(CosignSignatures signatures, SignatureHistory history) {
        this.signatures = signatures;
        this.history = history;
    }

    void check(RunState state) {
        VerifySpec verify = state.pipeline.verify();
        if (!verify.enabled() || state.plan.isEmpty()) {
            return;
        }
        Map<String, Optional<String>> problems = new LinkedHashMap<>();
        for (String name : state.plan.images().keySet()) {
            CheckedOutImage image = state.fleet.image(name);
            if (!image.readable()) {
                continue;
            }
            for (ImageRef base : image.bases()) {
                Optional<SigningKey> key = verify.keyFor(base);
                if (key.isEmpty() || state.fleet.imageNamed(base).isPresent()) {
                    continue;
                }
                Optional<String> problem = problems.computeIfAbsent(base.familiar(), ref -> check(state, base, key.get()));
                if (problem.isPresent()) {
                    state.refused.putIfAbsent(name, "not built on a base whose signature failed: " + problem.get());
                }
            }
        }
    }

    private Optional<String> check(RunState state, ImageRef base, SigningKey key) {
        String ref = base.familiar();
        String digest = base.pinned() ? base.digest().value() : state.baseDigests.get(ref);
        if (digest == null) {
            return Optional.of("base " + ref + " could not be checked, so neither can its signature (key " + key.name()
                    + "); nothing is built on a digest no one checked");
        }
        SignatureCheck check = signatures.check(base.withDigest(null), Digest.of(digest), key.name(), key.key());
        history.checked(state.pipeline.name(), ref, digest, key.name(), check.problem());
        if (check.signed()) {
            state.verifiedBases.put(ref, digest);
            log.info("Run {}: base {} at {} is signed with key {}", state.id, ref, digest, key.name());
            return Optional.empty();
        }
        log.warn("Run {}: {}", state.id, check.problem());
        return Optional.of(check.problem());
    }
}
