package io.patchrun.pipeline;

import java.util.Locale;

/** What a pipeline's runs do once an image has passed its smoke test ({@code mode:} in the pipeline file). */
public enum PipelineMode {
    /** Roll the image's running containers over to it (the default). */
    ROLLOUT,
    /** Check, build and smoke-test as usual, and never roll a container over. */
    MONITOR;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
