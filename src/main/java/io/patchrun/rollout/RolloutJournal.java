package io.patchrun.rollout;

/** Where rollovers write down what they replace, before they replace it, and how it ended. */
public interface RolloutJournal {

    /** Called before the container is touched; a rollover does not go on when this throws. */
    void record(RolloutRecord record);

    /** Called once the rollover of the recorded container has ended, whichever way. */
    void finished(RolloutRecord record, RolloverResult result);
}
