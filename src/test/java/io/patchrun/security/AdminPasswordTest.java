package io.patchrun.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.patchrun.testsupport.Migrations;

@ExtendWith(OutputCaptureExtension.class)
class AdminPasswordTest {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private JdbcClient jdbc;

    @TempDir
    Path dataDir;

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Migrations.migrate(dataSource);
        jdbc = JdbcClient.create(dataSource);
    }

    @Test
    void firstStart_generatesPassword_writesItToAnOwnerOnlyFile_neverToTheLog_andStoresOnlyItsHash(CapturedOutput output)
            throws Exception {
        MockEnvironment environment = new MockEnvironment().withProperty("patchrun.data-dir", dataDir.toString());

        String encoded = AdminPassword.encoded(environment, jdbc, encoder);

        Path file = dataDir.resolve("admin-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String password = Files.readString(file).strip();
        assertThat(password).hasSize(20);
        assertThat(encoded).startsWith("{bcrypt}").doesNotContain(password);
        assertThat(encoder.matches(password, encoded)).isTrue();
        assertThat(jdbc.sql("SELECT SETTING_VALUE FROM PATCHRUN_SETTING").query(String.class).single()).isEqualTo(encoded);
        assertThat(output.getAll()).doesNotContain(password)
                .contains("WARN").contains("Generated the password of user 'admin' and wrote it to").contains(file.toString());

        Files.delete(file);
        String again = AdminPassword.encoded(environment, jdbc, encoder);

        assertThat(again).isEqualTo(encoded);
        assertThat(file).as("written only once").doesNotExist();
        assertThat(output.getAll().split("Generated the password", -1)).as("announced only once").hasSize(2);
    }

    @Test
    void environmentVariable_setsPassword_andNothingIsStored(CapturedOutput output) {
        MockEnvironment environment = new MockEnvironment().withProperty("PATCHRUN_ADMIN_PASSWORD", "chosen-one");

        String encoded = AdminPassword.encoded(environment, jdbc, encoder);

        assertThat(encoder.matches("chosen-one", encoded)).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM PATCHRUN_SETTING").query(Integer.class).single()).isZero();
        assertThat(output.getAll()).doesNotContain("chosen-one");
    }
}
