package io.patchrun.dockerfile;

import java.util.Optional;

/** What {@code ${VAR-word}}, {@code ${VAR:+word}}, {@code ${VAR?message}}, {@code ${VAR#pattern}} and kin give. */
final class Modifiers {

    private Modifiers() {
    }

    /**
     * @param value    the variable's value, empty when unset
     * @param colon    {@code ${VAR:-word}} rather than {@code ${VAR-word}}: an empty value counts as unset
     * @param operator one of {@code - + ? # %}
     * @param word     what follows the operator, expanded
     * @param budget   what matching a pattern may cost
     */
    static String apply(String name, Optional<String> value, boolean colon, char operator, String word, ExpansionBudget budget) {
        boolean absent = value.isEmpty() || (colon && value.get().isEmpty());
        return switch (operator) {
            case '-' -> absent ? word : value.get();
            case '+' -> absent ? "" : word;
            case '?' -> required(name, value, colon, word);
            case '#', '%' -> trimmed(value.orElse(""), operator, word, budget);
            default -> throw new ParseProblem("unsupported modifier (" + (colon ? ":" : "") + operator + ") in ${" + name + "...}");
        };
    }

    private static String required(String name, Optional<String> value, boolean colon, String message) {
        if (value.isEmpty()) {
            throw new ParseProblem(name + ": " + (message.isEmpty() ? "is not allowed to be unset" : message));
        }
        if (colon && value.get().isEmpty()) {
            throw new ParseProblem(name + ": " + (message.isEmpty() ? "is not allowed to be empty" : message));
        }
        return value.get();
    }

    /** {@code #} trims a prefix, {@code %} a suffix; doubled ({@code ##}, {@code %%}) the longest match. */
    private static String trimmed(String value, char operator, String word, ExpansionBudget budget) {
        boolean longest = !word.isEmpty() && word.charAt(0) == operator;
        ShellPattern pattern = ShellPattern.compile(longest ? word.substring(1) : word);
        return operator == '%' ? pattern.trimSuffix(value, longest, budget) : pattern.trimPrefix(value, longest, budget);
    }
}
