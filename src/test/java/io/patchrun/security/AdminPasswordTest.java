package io.patchrun.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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

    private static final Pattern PRINTED = Pattern.compile("password of user 'admin': (\\S+)");

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private JdbcClient jdbc;

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Migrations.migrate(dataSource);
        jdbc = JdbcClient.create(dataSource);
    }

    @Test
    void firstStart_generatesPassword_printsItOnce_andStoresOnlyItsHash(CapturedOutput output) {
        String encoded = AdminPassword.encoded(new MockEnvironment(), jdbc, encoder);

        Matcher printed = PRINTED.matcher(output.getAll());
        assertThat(printed.find()).as("the generated password is printed").isTrue();
        String password = printed.group(1);
        assertThat(encoded).startsWith("{bcrypt}").doesNotContain(password);
        assertThat(encoder.matches(password, encoded)).isTrue();
        assertThat(jdbc.sql("SELECT SETTING_VALUE FROM PATCHRUN_SETTING").query(String.class).single()).isEqualTo(encoded);

        String again = AdminPassword.encoded(new MockEnvironment(), jdbc, encoder);

        assertThat(again).isEqualTo(encoded);
        assertThat(PRINTED.matcher(output.getAll()).results().count()).as("printed only once").isEqualTo(1);
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
