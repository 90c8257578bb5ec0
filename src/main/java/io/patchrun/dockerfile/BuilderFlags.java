package io.patchrun.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --name=value} words at the start of an instruction's arguments, split off as BuildKit does:
 * quotes inside a flag are removed, {@code \} escapes the next character, {@code --} ends the flags.
 *
 * @param flags each flag as written without its quotes, {@code --} included ({@code --from=build})
 * @param rest  the arguments after the flags
 */
record BuilderFlags(List<String> flags, String rest) {

    private static final int SPACES = 0;
    private static final int WORD = 1;
    private static final int QUOTE = 2;

    static BuilderFlags extract(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int phase = SPACES;
        char quote = 0;
        boolean blankOk = false;
        for (int pos = 0; pos <= line.length(); pos++) {
            boolean atEnd = pos == line.length();
            char ch = atEnd ? 0 : line.charAt(pos);
            if (phase == SPACES) {
                if (atEnd) {
                    break;
                }
                if (Whitespace.isSpace(ch)) {
                    continue;
                }
                if (!line.startsWith("--", pos)) {
                    return new BuilderFlags(words, line.substring(pos));
                }
                phase = WORD;
            }
            if (atEnd) {
                if (!"--".contentEquals(word) && (blankOk || word.length() > 0)) {
                    words.add(word.toString());
                }
                break;
            }
            if (phase == WORD && Whitespace.isSpace(ch)) {
                if ("--".contentEquals(word)) {
                    return new BuilderFlags(words, line.substring(pos));
                }
                if (blankOk || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                blankOk = false;
                phase = SPACES;
                continue;
            }
            if (phase == WORD && (ch == '\'' || ch == '"')) {
                quote = ch;
                blankOk = true;
                phase = QUOTE;
                continue;
            }
            if (phase == QUOTE && ch == quote) {
                phase = WORD;
                continue;
            }
            if (ch == '\\') {
                if (pos + 1 == line.length()) {
                    phase = WORD;
                    continue;
                }
                ch = line.charAt(++pos);
            }
            word.append(ch);
        }
        return new BuilderFlags(words, "");
    }

    /** The values of every {@code --name=value} flag with this name, in order. */
    List<String> values(String name) {
        String prefix = "--" + name + "=";
        return flags.stream().filter(flag -> flag.startsWith(prefix)).map(flag -> flag.substring(prefix.length())).toList();
    }
}
