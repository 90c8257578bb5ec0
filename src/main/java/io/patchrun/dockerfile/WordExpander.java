package io.patchrun.dockerfile;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Expands one word the way BuildKit's shell lexer does for {@code FROM}, {@code --platform} and
 * {@code ARG} defaults: quotes are removed, the escape character keeps the next character literal
 * ({@code \$}), and {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-word}}, {@code ${VAR-word}},
 * {@code ${VAR:+word}}, {@code ${VAR+word}}, {@code ${VAR:?message}}, {@code ${VAR#pattern}},
 * {@code ${VAR%pattern}} (doubled for the longest match) and {@code ${VAR/pattern/replacement}} are
 * replaced. An unset variable expands to nothing, or stays as written when asked to keep it. Every word
 * is expanded within an {@link ExpansionBudget}: its length, the nesting of {@code ${...}} (the only
 * recursion here) and the work spent are bounded.
 */
final class WordExpander {

    /**
     * @param text  the expanded word
     * @param unset the variables it used that have no value, in order of use
     */
    record Expansion(String text, Set<String> unset) {
    }

    private static final int EOF = -1;
    private static final String SPECIAL_PARAMETERS = "@*#?-$!";

    private final String source;
    private final char escape;
    private final Map<String, String> env;
    private final boolean keepUnset;
    private final ExpansionBudget budget;
    private final Set<String> unset = new LinkedHashSet<>();
    private boolean rawEscapes;
    private int pos;
    private int depth;

    private WordExpander(String source, char escape, Map<String, String> env, boolean keepUnset, ExpansionBudget budget) {
        this.source = source;
        this.escape = escape;
        this.env = env;
        this.keepUnset = keepUnset;
        this.budget = budget;
    }

    /**
     * @throws LimitProblem when the word passes a limit of the budget
     * @throws ParseProblem on a syntax error or a {@code ${VAR?message}} whose variable is unset
     */
    static Expansion expand(String word, char escape, Map<String, String> env, ExpansionBudget budget) {
        return new WordExpander(word, escape, env, false, budget).run();
    }

    /** Like {@link #expand}, but unset variables stay as written ({@code $BUILDPLATFORM}). */
    static Expansion expandKeepingUnset(String word, char escape, Map<String, String> env, ExpansionBudget budget) {
        return new WordExpander(word, escape, env, true, budget).run();
    }

    /**
     * Removes quotes and {@code \} escapes and leaves variables alone, as for a heredoc delimiter. Without
     * values nothing can grow, so the word gets a budget of its own; its nesting is still bounded.
     */
    static String unquote(String word) {
        return new WordExpander(word, '\\', Map.of(), true, new ExpansionBudget()).run().text();
    }

    private Expansion run() {
        String text = until(EOF, false);
        return new Expansion(text, Collections.unmodifiableSet(unset));
    }

    private int peek() {
        return pos < source.length() ? source.charAt(pos) : EOF;
    }

    private int next() {
        return pos < source.length() ? source.charAt(pos++) : EOF;
    }

    /** Expands up to and past {@code stop}; {@code raw} keeps escape characters, as patterns need them. */
    private String until(int stop, boolean raw) {
        boolean outerRaw = rawEscapes;
        rawEscapes = raw;
        try {
            StringBuilder out = new StringBuilder();
            while (peek() != EOF) {
                int c = peek();
                if (c == stop) {
                    pos++;
                    return out.toString();
                }
                switch (c) {
                    case '$' -> append(out, dollar());
                    case '\'' -> append(out, singleQuoted());
                    case '"' -> append(out, doubleQuoted());
                    default -> plain(out);
                }
            }
            if (stop != EOF) {
                throw missing((char) stop);
            }
            return out.toString();
        } finally {
            rawEscapes = outerRaw;
        }
    }

    private void plain(StringBuilder out) {
        char c = source.charAt(pos++);
        if (c == escape) {
            if (rawEscapes) {
                append(out, c);
            }
            if (pos >= source.length()) {
                return;
            }
            c = source.charAt(pos++);
        }
        append(out, c);
    }

    private void append(StringBuilder out, String text) {
        budget.spend(text.length());
        out.append(text);
        ExpansionBudget.checkLength(out.length());
    }

    private void append(StringBuilder out, char c) {
        budget.spend(1);
        out.append(c);
        ExpansionBudget.checkLength(out.length());
    }

    private String singleQuoted() {
        int close = source.indexOf('\'', pos + 1);
        if (close < 0) {
            throw new ParseProblem("no closing single quote in '" + source + "'");
        }
        String text = source.substring(pos + 1, close);
        pos = close + 1;
        return text;
    }

    private String doubleQuoted() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            int c = peek();
            if (c == EOF) {
                throw new ParseProblem("no closing double quote in '" + source + "'");
            }
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c == '$') {
                append(out, dollar());
                continue;
            }
            pos++;
            if (c == escape) {
                if (rawEscapes) {
                    append(out, (char) c);
                }
                int following = peek();
                if (following == EOF) {
                    continue;
                }
                // Inside double quotes the escape character only escapes ", $ and itself.
                if (following == '"' || following == '$' || following == escape) {
                    c = next();
                }
            }
            append(out, (char) c);
        }
    }

    private String dollar() {
        pos++;
        if (peek() != '{') {
            String name = name();
            if (name.isEmpty()) {
                return "$";
            }
            return value(name).orElse(keepUnset ? "$" + name : "");
        }
        pos++;
        ExpansionBudget.checkDepth(++depth);
        try {
            return braced();
        } finally {
            depth--;
        }
    }

    /** The rest of a {@code ${...}}, after its opening brace. */
    private String braced() {
        int first = peek();
        if (first == EOF) {
            throw missing('}');
        }
        if (first == '{' || first == '}' || first == ':') {
            throw new ParseProblem("bad substitution in '" + source + "'");
        }
        String name = name();
        int operator = next();
        return switch (operator) {
            case EOF -> throw missing('}');
            case '}' -> value(name).orElse(keepUnset ? "${" + name + "}" : "");
            case ':' -> modifier(name, next(), true);
            case '+', '-', '?', '#', '%' -> modifier(name, operator, false);
            case '/' -> substitution(name);
            default -> throw new ParseProblem("unsupported modifier (" + (char) operator + ") in ${" + name + "...} in '" + source + "'");
        };
    }

    private String modifier(String name, int operator, boolean colon) {
        if (operator == EOF) {
            throw missing('}');
        }
        String word = until('}', operator == '#' || operator == '%');
        Optional<String> value = value(name);
        if (value.isEmpty() && keepUnset) {
            return "${" + name + (colon ? ":" : "") + (char) operator + word + "}";
        }
        return Modifiers.apply(name, value, colon, (char) operator, word, budget);
    }

    private String substitution(String name) {
        boolean all = peek() == '/';
        if (all) {
            pos++;
        }
        String pattern = until('/', true);
        String replacement = until('}', true);
        Optional<String> value = value(name);
        if (value.isEmpty() && keepUnset) {
            return "${" + name + (all ? "//" : "/") + pattern + "/" + replacement + "}";
        }
        return ShellPattern.compile(pattern).replace(value.orElse(""), replacement, all, budget);
    }

    /** A variable name: letters, digits and {@code _}; or a run of digits; or one special parameter. */
    private String name() {
        int start = pos;
        int c = peek();
        if (c != EOF && Character.isDigit(c)) {
            while (peek() != EOF && Character.isDigit(peek())) {
                pos++;
            }
        } else if (c != EOF && SPECIAL_PARAMETERS.indexOf(c) >= 0) {
            pos++;
        } else {
            while (peek() != EOF && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                pos++;
            }
        }
        return source.substring(start, pos);
    }

    private ParseProblem missing(char expected) {
        return new ParseProblem("missing '" + expected + "' in '" + source + "'");
    }

    private Optional<String> value(String name) {
        String value = env.get(name);
        if (value == null) {
            unset.add(name);
        }
        return Optional.ofNullable(value);
    }
}
