package io.patchrun.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the {@code from=} of a {@code RUN --mount} value, a comma-separated (CSV) list of {@code key=value}. */
final class MountOptions {

    private MountOptions() {
    }

    /** The stage or image the mount reads from, if it names one. */
    static Optional<String> from(String options) {
        String from = null;
        for (String field : fields(options)) {
            int equals = field.indexOf('=');
            if (equals > 0 && field.substring(0, equals).toLowerCase(Locale.ROOT).equals("from")) {
                from = field.substring(equals + 1);
                if (hasVariable(from)) {
                    throw new ParseProblem("RUN --mount from=" + from + ": Docker does not expand variables in from=;"
                            + " name the image in a stage (FROM <image> AS <name>) and mount from=<name>");
                }
            }
        }
        return from == null || from.isEmpty() ? Optional.empty() : Optional.of(from);
    }

    private static boolean hasVariable(String value) {
        int dollar = value.indexOf('$');
        return dollar >= 0 && dollar < value.length() - 1;
    }

    /** Splits one CSV record: fields in double quotes may hold commas, and {@code ""} there is a quote. */
    private static List<String> fields(String options) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        // Where the next quote is, found once rather than per field, so many fields cost no more than one pass.
        int quote = options.indexOf('"');
        while (true) {
            StringBuilder field = new StringBuilder();
            if (quote >= 0 && quote < i) {
                quote = options.indexOf('"', i);
            }
            if (i < options.length() && options.charAt(i) == '"') {
                i = quotedField(options, i + 1, field);
            } else {
                int comma = options.indexOf(',', i);
                int end = comma < 0 ? options.length() : comma;
                if (quote >= 0 && quote < end) {
                    throw new ParseProblem("RUN --mount=" + options + ": a \" may only start a quoted field");
                }
                field.append(options, i, end);
                i = end;
            }
            fields.add(field.toString());
            if (i >= options.length()) {
                return fields;
            }
            i++;
        }
    }

    private static int quotedField(String options, int start, StringBuilder field) {
        int i = start;
        while (true) {
            if (i >= options.length()) {
                throw new ParseProblem("RUN --mount=" + options + ": a quoted field is not closed");
            }
            char c = options.charAt(i++);
            if (c != '"') {
                field.append(c);
            } else if (i < options.length() && options.charAt(i) == '"') {
                field.append('"');
                i++;
            } else if (i < options.length() && options.charAt(i) != ',') {
                throw new ParseProblem("RUN --mount=" + options + ": a closing \" must end its field");
            } else {
                return i;
            }
        }
    }
}
