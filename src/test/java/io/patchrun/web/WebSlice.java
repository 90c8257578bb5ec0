package io.patchrun.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.mockito.Mockito;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.test.context.TestPropertySource;

/**
 * For MVC slice tests of the web package: the real security configuration (form login, Basic, roles,
 * CSRF), users {@code admin} and {@code viewer}, and a clock fixed at {@link #NOW}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import(WebSlice.Configuration.class)
@TestPropertySource(properties = {
        "PATCHRUN_ADMIN_PASSWORD=s3cret-admin",
        "patchrun.users[0].name=viewer",
        "patchrun.users[0].password={noop}look-only",
        "patchrun.users[0].role=VIEWER",
})
@interface WebSlice {

    Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    /** Boot's web slice does not bring Spring Security's configuration along; the app's own is used, as in production. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ComponentScan("io.patchrun.security")
    class Configuration {

        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        /** The admin password comes from the property above, so the settings table is never read. */
        @Bean
        JdbcClient jdbcClient() {
            return Mockito.mock(JdbcClient.class);
        }
    }
}
