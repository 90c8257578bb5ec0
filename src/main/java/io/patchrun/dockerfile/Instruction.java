package io.patchrun.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One logical instruction: continuation lines joined, comments and heredoc bodies left out.
 *
 * @param keyword the instruction as written ({@code FROM}, {@code from})
 * @param rest    everything after the keyword, flags included
 * @param line    the 1-based line it starts on
 */
record Instruction(String keyword, String rest, int line) {

    static Instruction of(String logicalLine, int line) {
        String text = Whitespace.trim(logicalLine);
        int end = 0;
        while (end < text.length() && !Whitespace.isSeparator(text.charAt(end))) {
            end++;
        }
        int restStart = end;
        while (restStart < text.length() && Whitespace.isSeparator(text.charAt(restStart))) {
            restStart++;
        }
        return new Instruction(text.substring(0, end), text.substring(restStart), line);
    }

    String name() {
        return keyword.toLowerCase(Locale.ROOT);
    }

    /**
     * Splits arguments on runs of separators the way Go's {@code regexp.Split} does, so a leading or
     * trailing separator gives an empty word, as BuildKit sees it.
     */
    static List<String> fields(String text) {
        List<String> fields = new ArrayList<>();
        if (text.isEmpty()) {
            return fields;
        }
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            if (Whitespace.isSeparator(text.charAt(i))) {
                fields.add(text.substring(start, i));
                while (i < text.length() && Whitespace.isSeparator(text.charAt(i))) {
                    i++;
                }
                start = i;
            } else {
                i++;
            }
        }
        fields.add(text.substring(start));
        return fields;
    }
}
