package io.patchrun.pipeline;

/** Where a field's value stands in a pipeline file, for problems found after reading it. */
record Located(String field, int line, int column) {
}
