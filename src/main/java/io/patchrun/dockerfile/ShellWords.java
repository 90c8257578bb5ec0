package io.patchrun.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code ARG} arguments into words on white space outside quotes, keeping quotes and escape
 * characters for the later expansion, as BuildKit's {@code parseWords} does.
 */
final class ShellWords {

    private ShellWords() {
    }

    static List<String> split(String text, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean blankOk = false;
        for (int pos = 0; pos < text.length(); pos++) {
            char ch = text.charAt(pos);
            if (quote == 0 && Whitespace.isSpace(ch)) {
                if (blankOk || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                blankOk = false;
                continue;
            }
            if (quote == 0 && (ch == '\'' || ch == '"')) {
                quote = ch;
                blankOk = true;
            } else if (quote != 0 && ch == quote) {
                quote = 0;
            }
            // Single quotes escape nothing; elsewhere the escape character keeps the next one literal.
            if (ch == escape && quote != '\'') {
                if (pos + 1 == text.length()) {
                    continue;
                }
                word.append(ch);
                ch = text.charAt(++pos);
            }
            word.append(ch);
        }
        if (blankOk || word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }
}
