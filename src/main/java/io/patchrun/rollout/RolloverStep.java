package io.patchrun.rollout;

/**
 * The steps of a rollover as the journal knows them, in the order they are taken. Each is written down before
 * it is taken, so after a crash the last one written says how far the rollover may have got: that step may or
 * may not have happened, every step before it has.
 */
public enum RolloverStep {

    /** Creating the new container under its temporary name; written with the record itself. */
    CREATE_NEW("creating the new container"),
    /** Creating a stopped copy of an old container the engine removes when it stops ({@code --rm}), to put back if need be. */
    CREATE_STAND_IN("creating a stopped copy of the old container, which the engine removes when it stops"),
    /** Sending the old container its stop signal and giving it its stop timeout. */
    STOP_OLD("asking the old container to stop"),
    /** Killing the old container if it still runs: the cutover begins. */
    KILL_OLD("stopping the old container for good"),
    /** Saving the old container's named volumes, now that it has stopped and before the new one starts: they only read. */
    SNAPSHOT_VOLUMES("saving the old container's named volumes"),
    /** Moving the old container aside and giving the new one its name. */
    SWAP_NAMES("moving the old container aside and giving the new one its name"),
    START_NEW("starting the new container"),
    AWAIT_HEALTH("waiting for the new container to pass its health gate"),
    /** The new container passed; the other containers of its image have not all passed yet. */
    PASSED("waiting for the other containers of the image to pass"),
    /** Every container of the image passed: the old ones go. After a crash, the rollover is finished forward. */
    REMOVE_OLD("removing the old container"),
    /** The new container goes and the old one gets its name back and runs again. */
    ROLL_BACK("putting the old container back"),
    /** Giving the old container's named volumes back the content saved before the new container started. */
    RESTORE_VOLUMES("restoring the old container's named volumes from their snapshot");

    private final String doing;

    RolloverStep(String doing) {
        this.doing = doing;
    }

    /** What the step does, in the user's terms: "moving the old container aside and giving the new one its name". */
    public String doing() {
        return doing;
    }
}
