package io.patchrun.dockerfile;

/**
 * A shell pattern as {@code ${VAR#pattern}}, {@code ${VAR%pattern}} and {@code ${VAR/pattern/text}} take
 * it: {@code *} matches any run, {@code ?} one character, {@code \} makes {@code *}, {@code ?} or
 * {@code \} literal. Matching simulates all positions at once, so no input makes it backtrack.
 */
final class ShellPattern {

    private static final byte LITERAL = 0;
    private static final byte ONE = 1;
    private static final byte ANY = 2;

    private final byte[] kinds;
    private final char[] literals;
    private final int size;

    private ShellPattern(byte[] kinds, char[] literals, int size) {
        this.kinds = kinds;
        this.literals = literals;
        this.size = size;
    }

    static ShellPattern compile(String pattern) {
        byte[] kinds = new byte[pattern.length()];
        char[] literals = new char[pattern.length()];
        int size = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                kinds[size++] = c == '*' ? ANY : ONE;
                continue;
            }
            if (c == '\\') {
                char following = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 0;
                // "\}" and "\/" only keep the substitution syntax from ending early; the \ is no part of the pattern.
                if (following == '}' || following == '/') {
                    continue;
                }
                if (following != '*' && following != '?' && following != '\\') {
                    throw new ParseProblem("invalid escape '\\" + (following == 0 ? "" : following) + "' in pattern '" + pattern + "'");
                }
                c = pattern.charAt(++i);
            }
            kinds[size] = LITERAL;
            literals[size++] = c;
        }
        return new ShellPattern(kinds, literals, size);
    }

    String trimPrefix(String value, boolean longest) {
        boolean[] ends = matchEnds(value, 0);
        if (longest) {
            for (int end = value.length(); end >= 0; end--) {
                if (ends[end]) {
                    return value.substring(end);
                }
            }
        } else {
            for (int end = 0; end <= value.length(); end++) {
                if (ends[end]) {
                    return value.substring(end);
                }
            }
        }
        return value;
    }

    String trimSuffix(String value, boolean longest) {
        for (int i = 0; i <= value.length(); i++) {
            int start = longest ? i : value.length() - i;
            if (matchEnds(value, start)[value.length()]) {
                return value.substring(0, start);
            }
        }
        return value;
    }

    /** Replaces the first (or every) leftmost longest non-empty match. */
    String replace(String value, String replacement, boolean all) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int end = longestMatch(value, i);
            if (end > i) {
                out.append(replacement);
                i = end;
                if (!all) {
                    return out.append(value, i, value.length()).toString();
                }
            } else {
                out.append(value.charAt(i++));
            }
        }
        return out.toString();
    }

    private int longestMatch(String value, int start) {
        boolean[] ends = matchEnds(value, start);
        for (int end = value.length(); end > start; end--) {
            if (ends[end]) {
                return end;
            }
        }
        return -1;
    }

    /** For each end position, whether {@code value[start, end)} matches the whole pattern. */
    private boolean[] matchEnds(String value, int start) {
        boolean[] ends = new boolean[value.length() + 1];
        boolean[] states = new boolean[size + 1];
        states[0] = true;
        closeOverAny(states);
        ends[start] = states[size];
        for (int i = start; i < value.length(); i++) {
            boolean[] following = new boolean[size + 1];
            boolean alive = false;
            for (int t = 0; t < size; t++) {
                if (!states[t]) {
                    continue;
                }
                if (kinds[t] == ANY) {
                    following[t] = true;
                    alive = true;
                } else if (kinds[t] == ONE || literals[t] == value.charAt(i)) {
                    following[t + 1] = true;
                    alive = true;
                }
            }
            if (!alive) {
                break;
            }
            states = following;
            closeOverAny(states);
            ends[i + 1] = states[size];
        }
        return ends;
    }

    /** A {@code *} may match nothing, so reaching it also reaches what follows it. */
    private void closeOverAny(boolean[] states) {
        for (int t = 0; t < size; t++) {
            if (states[t] && kinds[t] == ANY) {
                states[t + 1] = true;
            }
        }
    }
}
