package io.patchrun.dockerfile;

import java.util.Arrays;

/**
 * A shell pattern as {@code ${VAR#pattern}}, {@code ${VAR%pattern}} and {@code ${VAR/pattern/text}} take
 * it: {@code *} matches any run, {@code ?} one character, {@code \} makes {@code *}, {@code ?} or
 * {@code \} literal. Matching simulates all positions at once, so no input makes it backtrack, and what it
 * costs is counted against the {@link ExpansionBudget} of the file.
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

    String trimPrefix(String value, boolean longest, ExpansionBudget budget) {
        int end = matchEnd(value, 0, longest, budget);
        return end < 0 ? value : value.substring(end);
    }

    String trimSuffix(String value, boolean longest, ExpansionBudget budget) {
        for (int i = 0; i <= value.length(); i++) {
            int start = longest ? i : value.length() - i;
            if (matchEnd(value, start, true, budget) == value.length()) {
                return value.substring(0, start);
            }
        }
        return value;
    }

    /** Replaces the first (or every) leftmost longest non-empty match; the result is bounded like any expanded word. */
    String replace(String value, String replacement, boolean all, ExpansionBudget budget) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int end = matchEnd(value, i, true, budget);
            if (end > i) {
                budget.spend(replacement.length());
                out.append(replacement);
                ExpansionBudget.checkLength(out.length());
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

    /**
     * Where the shortest (or longest) match of the whole pattern that starts at {@code start} ends, or -1
     * when none does. Each character read costs the budget a step per pattern position.
     */
    private int matchEnd(String value, int start, boolean longest, ExpansionBudget budget) {
        boolean[] states = new boolean[size + 1];
        boolean[] following = new boolean[size + 1];
        states[0] = true;
        closeOverAny(states);
        int end = states[size] ? start : -1;
        if (end >= 0 && !longest) {
            return end;
        }
        for (int i = start; i < value.length(); i++) {
            budget.spend(size + 1L);
            Arrays.fill(following, false);
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
            boolean[] swap = states;
            states = following;
            following = swap;
            closeOverAny(states);
            if (states[size]) {
                end = i + 1;
                if (!longest) {
                    return end;
                }
            }
        }
        return end;
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
