package io.patchrun.wiring;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.patchrun.rollout.RolloversUnderWay;
import io.patchrun.time.Durations;

/**
 * A graceful stop lets the rollovers under way finish or undo their cutover before the process goes on to close
 * the engine client and the database: no rollover begins any more, and the stop waits for those going, within
 * {@code patchrun.rollout.shutdown-grace}. It stops after the scheduler (no new scheduled runs) and before the web
 * server, and says in the log how long it waits. A second SIGTERM (or Ctrl-C) during that wait, or the bound
 * running out, ends the process with the rollovers as they are, and the next start's recovery puts them to rest.
 */
final class RolloverShutdown implements SmartLifecycle {

    /** After the scheduler ({@link SmartLifecycle#DEFAULT_PHASE}), before the web server's graceful shutdown. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger log = LoggerFactory.getLogger(RolloverShutdown.class);

    private final RolloversUnderWay underWay;
    private final Duration grace;
    private volatile boolean running;

    RolloverShutdown(RolloversUnderWay underWay, Duration grace) {
        this.underWay = underWay;
        this.grace = grace;
    }

    @Override
    public void start() {
        underWay.resume();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        underWay.stop();
        if (underWay.count() == 0) {
            return;
        }
        StopAtOnce.onSecondSignal();
        log.warn("Stopping: the rollovers under way finish or undo their cutover first; waiting at most {} (patchrun.rollout.shutdown-grace)."
                + " A second SIGTERM stops at once and leaves them to the recovery at the next start.", Durations.describe(grace));
        try {
            if (underWay.awaitNone(grace)) {
                log.info("Every rollover under way has ended; stopping");
            } else {
                log.warn("Rollovers still under way after {}: stopping without them; the next start puts them to rest", Durations.describe(grace));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while waiting for the rollovers under way to end; the next start puts them to rest");
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Makes the next SIGTERM or SIGINT end the process at once, as the first one is being handled by a graceful stop. */
    static final class StopAtOnce {

        private StopAtOnce() {
        }

        static void onSecondSignal() {
            for (String name : new String[] {"TERM", "INT"}) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                        log.warn("SIG{} during a graceful stop: stopping at once; the next start puts the rollovers under way to rest", name);
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    });
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    log.debug("SIG{} cannot be handled here: {}", name, e.getMessage());
                }
            }
        }
    }
}
