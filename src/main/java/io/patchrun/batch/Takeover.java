package io.patchrun.batch;

/** Puts to rest what instances that died (their leases expired) left unfinished on a shared database: rollovers, then runs. */
@FunctionalInterface
interface Takeover {

    void takeOver();
}
