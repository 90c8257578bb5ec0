package io.patchrun.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How failed logins are slowed down and then refused, counted per user name and per client address
 * ({@code patchrun.security.login.*}). Once a name or an address has failed {@code slowdownAfter} times in a
 * row, the next attempt must wait {@code delay}, doubled at every further failure; at {@code lockAfter}
 * failures it is refused for {@code lockFor}. An attempt that comes too early is refused before any password
 * is checked.
 *
 * @param user         the limits per user name; a successful login clears its count
 * @param address      the limits per client address, higher, since one address may serve many people
 * @param delay        the first wait once slowed down
 * @param lockFor      how long a name or address is refused once locked; also the longest wait
 * @param forgetAfter  a count with no failure for this long is forgotten
 * @param maxTracked   how many names and how many addresses are counted at most; the least recently seen go first
 */
@ConfigurationProperties("patchrun.security.login")
record LoginProperties(Limits user, Limits address, Duration delay, Duration lockFor, Duration forgetAfter, Integer maxTracked) {

    private static final String PREFIX = "patchrun.security.login.";

    LoginProperties {
        user = Limits.orDefaults(user, 3, 10, PREFIX + "user");
        address = Limits.orDefaults(address, 10, 30, PREFIX + "address");
        delay = positive(delay, Duration.ofSeconds(1), "delay");
        lockFor = positive(lockFor, Duration.ofMinutes(15), "lock-for");
        forgetAfter = positive(forgetAfter, Duration.ofHours(1), "forget-after");
        maxTracked = maxTracked == null ? 10_000 : maxTracked;
        if (maxTracked < 1) {
            throw new IllegalArgumentException(PREFIX + "max-tracked must be at least 1, got " + maxTracked);
        }
    }

    /** With every value at its default. */
    static LoginProperties defaults() {
        return new LoginProperties(null, null, null, null, null, null);
    }

    /**
     * @param slowdownAfter failures in a row after which each attempt must wait
     * @param lockAfter     failures in a row after which attempts are refused for {@code lockFor}
     */
    record Limits(Integer slowdownAfter, Integer lockAfter) {

        static Limits orDefaults(Limits given, int slowdownAfter, int lockAfter, String at) {
            Limits limits = new Limits(given == null || given.slowdownAfter == null ? slowdownAfter : given.slowdownAfter,
                    given == null || given.lockAfter == null ? lockAfter : given.lockAfter);
            limits.check(at);
            return limits;
        }

        private void check(String at) {
            if (slowdownAfter < 1) {
                throw new IllegalArgumentException(at + ".slowdown-after must be at least 1, got " + slowdownAfter);
            }
            if (lockAfter < slowdownAfter) {
                throw new IllegalArgumentException(at + ".lock-after must be at least " + at + ".slowdown-after ("
                        + slowdownAfter + "), got " + lockAfter);
            }
        }
    }

    private static Duration positive(Duration value, Duration otherwise, String name) {
        Duration chosen = value == null ? otherwise : value;
        if (chosen.isNegative() || chosen.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be longer than zero, got " + chosen);
        }
        return chosen;
    }
}
