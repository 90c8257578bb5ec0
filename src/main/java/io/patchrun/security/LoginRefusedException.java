package io.patchrun.security;

import java.time.Duration;

import org.springframework.security.authentication.LockedException;

/**
 * A login refused before its password was checked, because its user name or its client address failed too
 * often. A {@link LockedException}, so that Spring Security neither tries another provider nor counts it as a
 * wrong password.
 */
final class LoginRefusedException extends LockedException {

    private final transient Duration retryAfter;

    LoginRefusedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds until the next attempt may be checked, at least 1, for a {@code Retry-After} header. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
