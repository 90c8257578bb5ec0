package io.patchrun.security;

import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The password of user {@code admin}: {@code PATCHRUN_ADMIN_PASSWORD} when set; otherwise one generated on
 * first start, stored only as a bcrypt hash in the database and printed once.
 */
final class AdminPassword {

    static final String ADMIN = "admin";
    static final String VARIABLE = "PATCHRUN_ADMIN_PASSWORD";

    private static final Logger log = LoggerFactory.getLogger(AdminPassword.class);
    private static final String SETTING = "admin.password";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private AdminPassword() {
    }

    /** The encoded password, in Spring's {@code {id}hash} form. */
    static String encoded(Environment environment, JdbcClient jdbc, PasswordEncoder encoder) {
        String given = environment.getProperty(VARIABLE);
        if (given != null && !given.isBlank()) {
            return encoder.encode(given);
        }
        return jdbc.sql("SELECT SETTING_VALUE FROM PATCHRUN_SETTING WHERE NAME = ?").param(SETTING)
                .query(String.class).optional()
                .orElseGet(() -> generate(jdbc, encoder));
    }

    private static String generate(JdbcClient jdbc, PasswordEncoder encoder) {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String encoded = encoder.encode(password);
        jdbc.sql("INSERT INTO PATCHRUN_SETTING (NAME, SETTING_VALUE) VALUES (?, ?)").params(SETTING, encoded).update();
        log.warn("""

                ==========================================================================
                  Generated the password of user 'admin': {}
                  It is shown only this once and stored hashed in the database.
                  Set {} to choose your own.
                ==========================================================================""", password, VARIABLE);
        return encoded;
    }
}
