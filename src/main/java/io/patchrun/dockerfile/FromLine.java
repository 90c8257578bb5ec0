package io.patchrun.dockerfile;

import java.util.List;
import java.util.Locale;

/**
 * A {@code FROM [--platform=<platform>] <base> [AS <name>]} line as written, before ARGs are expanded.
 *
 * @param base     the image or stage, variables not expanded
 * @param platform the {@code --platform} value, variables not expanded, or {@code null}
 * @param alias    the stage name in lower case, or {@code null}
 * @param line     the 1-based line
 */
record FromLine(String base, String platform, String alias, int line) {

    private static final String USAGE = "FROM [--platform=<platform>] <image> [AS <name>]";

    static FromLine parse(Instruction from) {
        BuilderFlags flags = BuilderFlags.extract(from.rest());
        List<String> words = Instruction.fields(flags.rest());
        if (words.isEmpty()) {
            throw new ParseProblem("FROM needs an image or stage name: " + USAGE);
        }
        String alias = null;
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("as")) {
            alias = stageName(words.get(2));
        } else if (words.size() != 1) {
            throw new ParseProblem("FROM takes an image and an optional AS <name>, but has " + words.size()
                    + " words: " + String.join(" ", words) + " (" + USAGE + ")");
        }
        return new FromLine(words.get(0), platform(flags), alias, from.line());
    }

    /** Docker lower-cases stage names and expands no variables in them. */
    private static String stageName(String written) {
        String name = written.toLowerCase(Locale.ROOT);
        boolean valid = !name.isEmpty() && name.charAt(0) >= 'a' && name.charAt(0) <= 'z';
        for (int i = 1; valid && i < name.length(); i++) {
            char c = name.charAt(i);
            valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        }
        if (!valid) {
            throw new ParseProblem("invalid stage name '" + written + "': it must start with a letter and hold only letters, digits, '-', '_' and '.'"
                    + (written.contains("$") ? "; Docker does not expand variables in stage names" : ""));
        }
        return name;
    }

    private static String platform(BuilderFlags flags) {
        String platform = null;
        for (String flag : flags.flags()) {
            int equals = flag.indexOf('=');
            String name = equals < 0 ? flag.substring(2) : flag.substring(2, equals);
            if (!name.equals("platform")) {
                throw new ParseProblem("FROM has an unknown flag --" + name + "; it takes only --platform=<platform>");
            }
            if (equals < 0) {
                throw new ParseProblem("FROM --platform needs a value, e.g. --platform=linux/amd64");
            }
            if (platform != null) {
                throw new ParseProblem("FROM has --platform twice");
            }
            platform = flag.substring(equals + 1);
        }
        return platform == null || platform.isEmpty() ? null : platform;
    }
}
