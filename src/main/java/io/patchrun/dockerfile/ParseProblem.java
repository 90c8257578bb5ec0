package io.patchrun.dockerfile;

/**
 * A problem found by a helper that does not know the file or line; the caller that does turns it
 * into a {@link DockerfileException}.
 */
class ParseProblem extends RuntimeException {

    ParseProblem(String reason) {
        super(reason);
    }
}
