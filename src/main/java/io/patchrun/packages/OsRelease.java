package io.patchrun.packages;

import java.util.HashMap;
import java.util.Map;

/** The OS an {@code os-release} file names: {@code PRETTY_NAME}, else {@code ID VERSION_ID}. */
public final class OsRelease {

    /** What an image without an {@code os-release} file, or with one naming nothing, is shown as. */
    public static final String UNKNOWN = "unknown";

    private OsRelease() {
    }

    public static String name(String text) {
        Map<String, String> fields = fields(text);
        String pretty = fields.get("PRETTY_NAME");
        if (pretty != null && !pretty.isBlank()) {
            return pretty;
        }
        String id = fields.getOrDefault("ID", "");
        String version = fields.getOrDefault("VERSION_ID", "");
        String both = (id + " " + version).strip();
        return both.isEmpty() ? UNKNOWN : both;
    }

    /** Shell-style {@code KEY=value} lines; values may be in double or single quotes, with backslash escapes in double quotes. */
    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.startsWith("#") || equals < 1) {
                continue;
            }
            fields.put(trimmed.substring(0, equals), unquote(trimmed.substring(equals + 1)));
        }
        return fields;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\([\"\\\\$`])", "$1");
        }
        return value;
    }
}
