package io.patchrun.dockerfile;

/**
 * Recognises exec form, a JSON array of strings ({@code RUN ["sh", "-c", "..."]}), in which Docker
 * reads no heredocs.
 */
final class JsonStringArray {

    private JsonStringArray() {
    }

    static boolean matches(String text) {
        int i = skipSpace(text, 0);
        if (i >= text.length() || text.charAt(i) != '[') {
            return false;
        }
        i = skipSpace(text, i + 1);
        if (i < text.length() && text.charAt(i) == ']') {
            return skipSpace(text, i + 1) == text.length();
        }
        while (true) {
            i = afterString(text, i);
            if (i < 0) {
                return false;
            }
            i = skipSpace(text, i);
            if (i >= text.length()) {
                return false;
            }
            if (text.charAt(i) == ']') {
                return skipSpace(text, i + 1) == text.length();
            }
            if (text.charAt(i) != ',') {
                return false;
            }
            i = skipSpace(text, i + 1);
        }
    }

    /** The index after the JSON string starting at {@code start}, or -1 when there is none. */
    private static int afterString(String text, int start) {
        if (start >= text.length() || text.charAt(start) != '"') {
            return -1;
        }
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                i++;
                if (i >= text.length()) {
                    return -1;
                }
                char escaped = text.charAt(i);
                if (escaped == 'u') {
                    if (!isHex(text, i + 1, i + 5)) {
                        return -1;
                    }
                    i += 4;
                } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static boolean isHex(String text, int from, int to) {
        if (to > text.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Whitespace.isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
