package io.patchrun.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The password of user {@code admin}: {@code PATCHRUN_ADMIN_PASSWORD} when set; otherwise one generated on
 * first start, stored only as a bcrypt hash in the database and written once to {@code <data-dir>/admin-password},
 * readable by its owner only. The log, which is kept, says where the file is, never the password.
 */
final class AdminPassword {

    static final String ADMIN = "admin";
    static final String VARIABLE = "PATCHRUN_ADMIN_PASSWORD";
    static final String FILE = "admin-password";

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
                .orElseGet(() -> generate(Path.of(environment.getProperty("patchrun.data-dir", "data")), jdbc, encoder));
    }

    private static String generate(Path dataDir, JdbcClient jdbc, PasswordEncoder encoder) {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        Path file = write(dataDir.toAbsolutePath().normalize().resolve(FILE), password);
        String encoded = encoder.encode(password);
        jdbc.sql("INSERT INTO PATCHRUN_SETTING (NAME, SETTING_VALUE) VALUES (?, ?)").params(SETTING, encoded).update();
        log.warn("""

                ==========================================================================
                  Generated the password of user 'admin' and wrote it to
                  {} (readable by its owner only).
                  Only its hash is in the database: read the file, then delete it.
                  Set {} to choose your own.
                ==========================================================================""", file, VARIABLE);
        return encoded;
    }

    /** Made readable by its owner only before the password goes in; one left from an earlier start is replaced. */
    private static Path write(Path file, CharSequence password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the folder's own access rules apply.
                Files.createFile(file);
            }
            Files.writeString(file, password + System.lineSeparator(), StandardCharsets.UTF_8);
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("could not write the generated password of user 'admin' to " + file
                    + ": another process made the file meanwhile; delete it and start again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the generated password of user 'admin' to " + file + " (" + e.getMessage()
                    + "); make the data folder writable, or set " + VARIABLE, e);
        }
    }
}
