package io.patchrun.batch;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.patchrun.history.RunLeases;

/**
 * The heartbeat of this instance's run leases: every {@link RunLeases#heartbeat()} it renews the leases of the runs going
 * here and, on a database other instances share, takes over what instances whose leases expired left unfinished. A
 * heartbeat that fails is logged and the next one tries again; a lease not renewed for {@link RunLeases#duration()} may
 * be taken over by another instance.
 */
@Component
class LeaseKeeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    /**
     * Started first and stopped last: during a graceful stop the leases stay renewed while rollovers finish or undo their
     * cutover ({@code RolloverShutdown}), so that no other instance takes over a pipeline this one still works on.
     */
    static final int PHASE = Integer.MIN_VALUE + 1024;

    private final RunLeases leases;
    private final ActiveRuns active;
    private final Takeover takeover;
    private volatile ScheduledExecutorService beat;

    LeaseKeeper(RunLeases leases, ActiveRuns active, Takeover takeover) {
        this.leases = leases;
        this.active = active;
        this.takeover = takeover;
    }

    @Override
    public synchronized void start() {
        if (beat != null) {
            return;
        }
        // Two threads: putting a dead instance's rollovers to rest may take a while, and must not hold up the renewals.
        beat = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "run-lease-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = leases.heartbeat().toMillis();
        beat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        if (leases.shared()) {
            beat.scheduleWithFixedDelay(this::takeOver, every, every, TimeUnit.MILLISECONDS);
        }
        log.info("Instance {}: run leases last {}, renewed every {}{}", leases.instance(), leases.duration(), leases.heartbeat(),
                leases.shared() ? "; the database is shared, dead instances are taken over" : "");
    }

    private void renew() {
        try {
            Set<String> held = active.pipelines();
            Set<String> lost = new TreeSet<>(held);
            lost.removeAll(leases.renew(held));
            // A claim being released right now has freed its lease already; only a claim still here counts as lost.
            lost.retainAll(active.pipelines());
            if (!lost.isEmpty()) {
                log.error("Instance {}: the lease of pipeline(s) {} was taken over by another instance while a run went on here (this"
                        + " instance did not renew it within {}); the two runs may overlap", leases.instance(), lost, leases.duration());
            }
        } catch (RuntimeException e) {
            log.error("Instance {}: the run leases could not be renewed; they expire {} after the last renewal", leases.instance(),
                    leases.duration(), e);
        }
    }

    private void takeOver() {
        try {
            takeover.takeOver();
        } catch (RuntimeException e) {
            log.error("Instance {}: what instances whose leases expired left unfinished could not be put to rest; the next heartbeat tries again",
                    leases.instance(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (beat != null) {
            beat.shutdownNow();
            beat = null;
        }
    }

    @Override
    public boolean isRunning() {
        return beat != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
