package io.patchrun.dockerfile;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parser directives ({@code # syntax=}, {@code # escape=}, {@code # check=}). They count only at the top:
 * the first line that is not a known directive (an instruction, a comment, a blank line, an unknown
 * directive) ends them, and later ones are plain comments.
 */
final class Directives {

    private static final Set<String> KNOWN = Set.of("syntax", "escape", "check");

    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean done;
    private char escape = '\\';

    /** Looks at a line with leading white space removed, while directives may still come. */
    void offer(String line) {
        if (done) {
            return;
        }
        Directive directive = parse(line);
        if (directive == null || !KNOWN.contains(directive.name())) {
            done = true;
            return;
        }
        String name = directive.name();
        String value = directive.value();
        if (values.containsKey(name)) {
            throw new ParseProblem("parser directive '" + name + "' is given twice; each may appear once, at the top of the file");
        }
        if (name.equals("escape")) {
            if (!value.equals("\\") && !value.equals("`")) {
                throw new ParseProblem("# escape=" + value + ": the escape character must be \\ or `");
            }
            escape = value.charAt(0);
        }
        values.put(name, value);
    }

    char escape() {
        return escape;
    }

    Map<String, String> values() {
        return values;
    }

    private record Directive(String name, String value) {
    }

    /**
     * Reads {@code #name=value} with optional white space around the name and the {@code =}, the form
     * BuildKit accepts, or returns {@code null}. Hand-written rather than a regular expression so a long
     * first line cannot make it backtrack.
     */
    private static Directive parse(String line) {
        if (!line.startsWith("#")) {
            return null;
        }
        int i = skipSpace(line, 1);
        int nameStart = i;
        if (i < line.length() && isAsciiLetter(line.charAt(i))) {
            i++;
            while (i < line.length() && (isAsciiLetter(line.charAt(i)) || isAsciiDigit(line.charAt(i)))) {
                i++;
            }
        }
        if (i == nameStart) {
            return null;
        }
        String name = line.substring(nameStart, i).toLowerCase(Locale.ROOT);
        i = skipSpace(line, i);
        if (i >= line.length() || line.charAt(i) != '=') {
            return null;
        }
        int valueStart = skipSpace(line, i + 1);
        int valueEnd = line.length();
        while (valueEnd > valueStart && isRegexSpace(line.charAt(valueEnd - 1))) {
            valueEnd--;
        }
        return valueEnd == valueStart ? null : new Directive(name, line.substring(valueStart, valueEnd));
    }

    private static int skipSpace(String line, int from) {
        int i = from;
        while (i < line.length() && isRegexSpace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Go's {@code \s}: what the directive syntax allows around names and values. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
