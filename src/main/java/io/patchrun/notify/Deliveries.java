package io.patchrun.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.patchrun.time.Pause;

/**
 * Sends a notice to a target, trying again after each pause of {@code retryDelays} while it fails, and records
 * how it ended on the run. A failure is recorded and logged, never thrown: a notification never fails a run.
 */
public final class Deliveries {

    private static final System.Logger LOG = System.getLogger(Deliveries.class.getName());

    private final List<Duration> retryDelays;
    private final Pause pause;
    private final Clock clock;
    private final DeliveryLog log;

    /** @param retryDelays the waits before the second, third, ... attempt; empty for one attempt only */
    public Deliveries(List<Duration> retryDelays, Pause pause, Clock clock, DeliveryLog log) {
        this.retryDelays = List.copyOf(retryDelays);
        this.pause = pause;
        this.clock = clock;
        this.log = log;
    }

    public Delivery deliver(Notice notice, Target target) {
        String why = "";
        int attempt = 0;
        try {
            while (true) {
                attempt++;
                try {
                    target.send(notice);
                    return record(notice, new Delivery(notice.runId(), target.describe(), true, attempt,
                            "delivered" + (attempt > 1 ? " at attempt " + attempt : ""), clock.instant()));
                } catch (DeliveryException e) {
                    why = e.getMessage();
                }
                if (attempt > retryDelays.size()) {
                    break;
                }
                LOG.log(System.Logger.Level.INFO, "Notification of {0} to {1} failed (attempt {2}), trying again in {3}: {4}",
                        subjectOf(notice), target.describe(), attempt, retryDelays.get(attempt - 1), why);
                pause.pause(retryDelays.get(attempt - 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "stopped while waiting to try again (Patchrun is shutting down); last failure: " + why;
        } catch (RuntimeException e) {
            why = "failed unexpectedly: " + e;
        }
        Delivery failed = new Delivery(notice.runId(), target.describe(), false, attempt, why, clock.instant());
        LOG.log(System.Logger.Level.WARNING, "Notification of {0} to {1} gave up after {2} attempt(s): {3}",
                subjectOf(notice), target.describe(), attempt, why);
        return record(notice, failed);
    }

    private Delivery record(Notice notice, Delivery delivery) {
        if (notice.runId() > 0) {
            log.record(delivery);
        }
        return delivery;
    }

    private static String subjectOf(Notice notice) {
        return notice.runId() > 0 ? "run " + notice.runId() : "pipeline " + notice.pipeline();
    }
}
