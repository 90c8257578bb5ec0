package io.patchrun.watch;

/** Told about every digest check's outcome, once per reference and round: metrics count them. */
@FunctionalInterface
public interface DigestCheckListener {

    DigestCheckListener NONE = check -> { };

    void checked(DigestCheck check);
}
