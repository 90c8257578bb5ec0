package io.patchrun.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/** Checks {@code patchrun.users} and turns it into Spring Security users; errors name the property. */
final class ConfiguredUsers {

    private static final Pattern ENCODED = Pattern.compile("\\{(bcrypt|noop)}.+", Pattern.DOTALL);

    private ConfiguredUsers() {
    }

    static List<UserDetails> from(UsersProperties properties) {
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>(Set.of(AdminPassword.ADMIN));
        for (int i = 0; i < properties.users().size(); i++) {
            UsersProperties.User user = properties.users().get(i);
            String at = "patchrun.users[" + i + "]";
            if (user.name() == null || user.name().isBlank()) {
                throw new IllegalStateException(at + ".name: missing; every user needs a name");
            }
            if (!names.add(user.name())) {
                throw new IllegalStateException(at + ".name: user '" + user.name() + "' is defined twice"
                        + (user.name().equals(AdminPassword.ADMIN) ? " (admin's password comes from PATCHRUN_ADMIN_PASSWORD)" : ""));
            }
            if (user.password() == null || !ENCODED.matcher(user.password()).matches()) {
                throw new IllegalStateException(at + ".password: must be '{bcrypt}<hash>' or '{noop}<password>' (user '" + user.name() + "')");
            }
            Role role = role(user.role(), at, user.name());
            users.add(User.withUsername(user.name()).password(user.password()).roles(role.name()).build());
        }
        return users;
    }

    private static Role role(String value, String at, String name) {
        if (value == null) {
            throw new IllegalStateException(at + ".role: missing for user '" + name + "'; use ADMIN or VIEWER");
        }
        try {
            return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(at + ".role: '" + value + "' for user '" + name + "' is not a role; use ADMIN or VIEWER", e);
        }
    }
}
