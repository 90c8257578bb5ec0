package io.patchrun.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    /**
     * Lets an attempt of {@code user} from {@code address} go on to the password check, counted as a failure until
     * {@link #succeeded} takes that back; or says why it is refused without a check. Counting before the check
     * means that attempts sent all at once are held to the limits too: at most {@code slowdown-after} of them
     * reach a password check before the first wait.
     */
    Optional<LoginRefusedException> admit(String user, String address) {
        Instant now = clock.instant();
        Optional<FailureCounts.Wait> byUser = users.admit(key(user), now);
        if (byUser.isPresent()) {
            return Optional.of(refused("this user name", byUser.get()));
        }
        if (address != null) {
            Optional<FailureCounts.Wait> byAddress = addresses.admit(key(address), now);
            if (byAddress.isPresent()) {
                users.undo(key(user));
                return Optional.of(refused("address " + address, byAddress.get()));
            }
        }
        return Optional.empty();
    }

    /** A right password clears the count of its user name and takes back its attempt from the address's count. */
    void succeeded(String user, String address) {
        users.clear(key(user));
        if (address != null) {
            addresses.undo(key(address));
        }
    }

    /** The password could not be checked at all (not a wrong one): the attempt is taken back. */
    void notChecked(String user, String address) {
        users.undo(key(user));
        if (address != null) {
            addresses.undo(key(address));
        }
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
