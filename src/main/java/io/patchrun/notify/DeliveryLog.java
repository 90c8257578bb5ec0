package io.patchrun.notify;

/** Where the outcome of each delivery of a run's notice is kept (the run's history). */
@FunctionalInterface
public interface DeliveryLog {

    void record(Delivery delivery);
}
