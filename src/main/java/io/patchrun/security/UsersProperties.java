package io.patchrun.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Users besides {@code admin}, from {@code patchrun.users[i]}.
 *
 * @param users name, password in Spring's {@code {bcrypt}...} or {@code {noop}...} form, role ADMIN or VIEWER
 */
@ConfigurationProperties("patchrun")
record UsersProperties(List<User> users) {

    UsersProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    record User(String name, String password, String role) {
    }
}
