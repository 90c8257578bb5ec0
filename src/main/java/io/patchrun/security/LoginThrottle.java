package io.patchrun.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import io.patchrun.time.Durations;

/**
 * Slows down, then refuses, logins of a user name or from a client address that failed too often in a row
 * ({@link LoginProperties}). Asked before a password is checked, so a refused attempt costs no bcrypt.
 */
final class LoginThrottle {

    /** Longer names are counted by their hash, so a made-up name of a megabyte is not kept as such. */
    private static final int LONGEST_KEY = 64;

    private final FailureCounts users;
    private final FailureCounts addresses;
    private final Clock clock;

    LoginThrottle(LoginProperties properties, Clock clock) {
        this.users = new FailureCounts(properties.user(), properties);
        this.addresses = new FailureCounts(properties.address(), properties);
        this.clock = clock;
    }

    /** Why an attempt of {@code user} from {@code address} is refused without a password check, if it is. */
    Optional<LoginRefusedException> refusal(String user, String address) {
        Optional<FailureCounts.Wait> byUser = users.wait(key(user), clock.instant());
        if (byUser.isPresent()) {
            return Optional.of(refused("this user name", byUser.get()));
        }
        return address == null ? Optional.empty()
                : addresses.wait(key(address), clock.instant()).map(wait -> refused("address " + address, wait));
    }

    void failed(String user, String address) {
        users.failed(key(user), clock.instant());
        if (address != null) {
            addresses.failed(key(address), clock.instant());
        }
    }

    /** A right password clears the count of its user name; its address's count runs out by itself. */
    void succeeded(String user) {
        users.clear(key(user));
    }

    private static LoginRefusedException refused(String who, FailureCounts.Wait wait) {
        String what = wait.locked() ? "locked for " + Durations.describe(wait.left())
                : "slowed down: try again in " + Durations.describe(wait.left());
        return new LoginRefusedException("Too many failed logins for " + who + " (" + wait.failures() + " in a row); "
                + what + ". The password was not checked.", wait.left());
    }

    private static String key(String value) {
        String key = value == null ? "" : value.toLowerCase(Locale.ROOT);
        if (key.length() <= LONGEST_KEY) {
            return key;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
