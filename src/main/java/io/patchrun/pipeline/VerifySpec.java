package io.patchrun.pipeline;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.patchrun.image.ImageRef;

/**
 * Which signatures a pipeline wants on its upstream bases before it builds on a digest ({@code verify:} in
 * the pipeline file).
 *
 * @param key   the key every upstream base must be signed with, or {@code null} when only {@code bases} are checked
 * @param bases base image names ({@code 127.0.0.1:5000/team/base}, no tag) with a key of their own, which wins over {@code key}
 */
public record VerifySpec(SigningKey key, Map<String, SigningKey> bases) {

    /** No signature is checked. */
    public static final VerifySpec NONE = new VerifySpec(null, Map.of());

    public VerifySpec {
        TreeMap<String, SigningKey> byName = new TreeMap<>();
        (bases == null ? Map.<String, SigningKey>of() : bases).forEach((name, signingKey) -> {
            FieldRules.imageName(name).ifPresent(problem -> {
                throw new IllegalArgumentException("verify.bases." + name + " " + problem);
            });
            byName.put(ImageRef.parse(name).name(), signingKey);
        });
        bases = Map.copyOf(byName);
    }

    public boolean enabled() {
        return key != null || !bases.isEmpty();
    }

    /** The key {@code base}'s signatures must be made with; empty when this base needs none. */
    public Optional<SigningKey> keyFor(ImageRef base) {
        return Optional.ofNullable(bases.getOrDefault(base.name(), key));
    }
}
