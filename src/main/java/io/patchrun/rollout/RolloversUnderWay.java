package io.patchrun.rollout;

import java.time.Duration;
import java.util.Optional;

/**
 * Which rollovers are under way, and whether Patchrun is stopping. Once {@link #stop()} is called no rollover
 * starts, and those under way finish or undo their cutover at their next step: a rollover whose containers have
 * all passed removes the old ones, any other puts them back. {@link #awaitNone} lets a stopping process wait for
 * that, within a bound of its own.
 */
public final class RolloversUnderWay {

    /** Why a rollover was undone, or not begun, while Patchrun stops. */
    static final String STOPPING = "Patchrun is stopping, so the rollover was undone before its cutover";

    private int count;
    private boolean stopping;

    /** A rollover under way until closed. */
    public final class Ticket implements AutoCloseable {

        private boolean open = true;

        private Ticket() {
        }

        @Override
        public void close() {
            synchronized (RolloversUnderWay.this) {
                if (open) {
                    open = false;
                    count--;
                    RolloversUnderWay.this.notifyAll();
                }
            }
        }
    }

    /**
     * A rollover begins, or a caller that must also record how one ended before Patchrun stops: a graceful stop
     * waits for the ticket to be closed.
     *
     * @return the ticket, empty once Patchrun is stopping
     */
    public synchronized Optional<Ticket> enter() {
        if (stopping) {
            return Optional.empty();
        }
        count++;
        return Optional.of(new Ticket());
    }

    /** From now on no rollover begins, and those under way finish or undo their cutover. */
    public synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    /**
     * Rollovers may begin again: the application context was started again after a stop (Spring may stop and
     * start a context's lifecycle without closing it), so the stop no longer holds.
     */
    public synchronized void resume() {
        stopping = false;
    }

    public synchronized boolean stopping() {
        return stopping;
    }

    public synchronized int count() {
        return count;
    }

    /**
     * Waits until no rollover is under way, at most {@code timeout}.
     *
     * @return whether none is
     */
    public synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long millis = Math.max(1, left / 1_000_000);
            wait(millis);
        }
        return true;
    }
}
