package io.patchrun.watch;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge, such as
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/debian:pull"}.
 *
 * @param scheme lower case: {@code bearer} or {@code basic}
 * @param params parameter names in lower case, values unquoted
 */
record Challenge(String scheme, Map<String, String> params) {

    static final String BEARER = "bearer";
    static final String BASIC = "basic";

    Challenge {
        Objects.requireNonNull(scheme, "scheme");
        params = Map.copyOf(params);
    }

    /** The challenge to answer among a 401's headers: Bearer when offered, else Basic, else none. */
    static Optional<Challenge> select(List<String> headerValues) {
        Optional<Challenge> basic = Optional.empty();
        for (String value : headerValues) {
            Challenge challenge = parse(value);
            if (challenge.scheme().equals(BEARER)) {
                return Optional.of(challenge);
            }
            if (challenge.scheme().equals(BASIC)) {
                basic = Optional.of(challenge);
            }
        }
        return basic;
    }

    static Challenge parse(String header) {
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        return new Challenge(scheme, space < 0 ? Map.of() : parseParams(trimmed.substring(space + 1)));
    }

    boolean bearer() {
        return scheme.equals(BEARER);
    }

    String param(String name) {
        return params.getOrDefault(name, "");
    }

    /** Reads {@code key=value} pairs separated by commas, where a value may be quoted with backslash escapes. */
    private static Map<String, String> parseParams(String text) {
        Map<String, String> params = new HashMap<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
            int equals = text.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String name = text.substring(i, equals).trim().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            i = readValue(text, equals + 1, value);
            params.put(name, value.toString());
        }
        return params;
    }

    private static int readValue(String text, int start, StringBuilder value) {
        int i = start;
        if (i < text.length() && text.charAt(i) == '"') {
            for (i++; i < text.length() && text.charAt(i) != '"'; i++) {
                if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                    i++;
                }
                value.append(text.charAt(i));
            }
            return i + 1;
        }
        int comma = text.indexOf(',', i);
        int end = comma < 0 ? text.length() : comma;
        value.append(text.substring(i, end).trim());
        return end;
    }
}
