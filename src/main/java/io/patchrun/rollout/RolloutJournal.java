package io.patchrun.rollout;

/**
 * Where rollovers write down what they replace, and each step, before they take it, and how it ended. A rollover
 * does not go on when a write throws: what is not written down is not done. What a journal keeps is read back
 * at the next start ({@link RolloverRecovery}) for the rollovers a stopped process left unfinished.
 */
public interface RolloutJournal {

    /** Called before the container is touched, as the rollover is about to take {@link RolloverStep#CREATE_NEW}. */
    void record(RolloutRecord record);

    /**
     * Called once the new container exists, with its id. A journal that is never read back may ignore it; without
     * it, recovery looks for the new container under its temporary name.
     */
    default void created(RolloutRecord record, String newContainerId) {
    }

    /** Called before each later step is taken. A journal that is never read back may ignore it. */
    default void step(RolloutRecord record, RolloverStep step) {
    }

    /** Called once the rollover of the recorded container has ended, whichever way. */
    void finished(RolloutRecord record, RolloverResult result);
}
