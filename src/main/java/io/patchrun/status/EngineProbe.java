package io.patchrun.status;

/** Asks the engine whether it answers; implemented next to the engine's client. */
public interface EngineProbe {

    EngineStatus probe();
}
