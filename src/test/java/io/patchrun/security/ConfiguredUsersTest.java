package io.patchrun.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.userdetails.UserDetails;

class ConfiguredUsersTest {

    @Test
    void from_givesEachUserItsRole() {
        List<UserDetails> users = ConfiguredUsers.from(new UsersProperties(List.of(
                new UsersProperties.User("ops", "{noop}pw", "admin"),
                new UsersProperties.User("dev", "{bcrypt}$2a$10$abcdefghijklmnopqrstuv", "VIEWER"))));

        assertThat(users).extracting(UserDetails::getUsername).containsExactly("ops", "dev");
        assertThat(users.get(0).getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ADMIN");
        assertThat(users.get(1).getAuthorities()).extracting(Object::toString).containsExactly("ROLE_VIEWER");
    }

    @Test
    void from_refusesPlainPassword_namingTheProperty() {
        assertThatThrownBy(() -> ConfiguredUsers.from(new UsersProperties(List.of(
                new UsersProperties.User("ops", "{noop}pw", "ADMIN"),
                new UsersProperties.User("dev", "plain", "VIEWER")))))
                .hasMessage("patchrun.users[1].password: must be '{bcrypt}<hash>' or '{noop}<password>' (user 'dev')");
    }

    @Test
    void from_refusesUnknownRole_andSecondAdmin() {
        assertThatThrownBy(() -> ConfiguredUsers.from(new UsersProperties(List.of(new UsersProperties.User("dev", "{noop}x", "root")))))
                .hasMessageContaining("patchrun.users[0].role: 'root'").hasMessageContaining("use ADMIN or VIEWER");
        assertThatThrownBy(() -> ConfiguredUsers.from(new UsersProperties(List.of(new UsersProperties.User("admin", "{noop}x", "ADMIN")))))
                .hasMessageContaining("patchrun.users[0].name: user 'admin' is defined twice");
    }
}
