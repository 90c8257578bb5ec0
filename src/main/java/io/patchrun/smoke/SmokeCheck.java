package io.patchrun.smoke;

/** One readiness check against a running smoke container, within what is left of the smoke test's time. */
interface SmokeCheck {

    CheckResult run(SmokeContainer container) throws InterruptedException;
}
