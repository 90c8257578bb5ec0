package io.patchrun.pipeline;

/**
 * An engine an image of a pipeline file names under {@code engines:}, and where, for checking it against the configured engines.
 *
 * @param engine the name given
 * @param image  the image's name
 */
record EngineUse(String engine, String image, Located where) {
}
