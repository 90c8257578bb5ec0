package io.patchrun.dockerfile;

/**
 * The two notions of white space BuildKit's parser uses: Go's {@code unicode.IsSpace} for trimming and
 * word splitting, and the narrower {@code [\t\v\f\r ]} that separates an instruction's words.
 */
final class Whitespace {

    private Whitespace() {
    }

    static boolean isSpace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u0085', '\u00A0' -> true;
            default -> c > '\u00FF' && Character.isSpaceChar(c);
        };
    }

    static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
    }

    static String trimLeading(String s) {
        int start = 0;
        while (start < s.length() && isSpace(s.charAt(start))) {
            start++;
        }
        return s.substring(start);
    }

    static String trim(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return trimLeading(s.substring(0, end));
    }
}
