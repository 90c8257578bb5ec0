package io.patchrun.smoke;

/** One readiness check against a running smoke container, with its own timeout. */
interface SmokeCheck {

    CheckResult run(SmokeContainer container) throws InterruptedException;
}
