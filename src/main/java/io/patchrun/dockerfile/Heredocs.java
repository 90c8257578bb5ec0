package io.patchrun.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the heredocs an instruction opens ({@code <<EOF}, {@code <<-EOF}, {@code <<'EOF'}, several on one
 * line) so their bodies are skipped rather than read as instructions. Only {@code RUN}, {@code COPY} and
 * {@code ADD} in shell form take heredocs, also behind {@code ONBUILD}.
 */
final class Heredocs {

    /**
     * @param name  the terminator line
     * @param chomp {@code <<-}: leading tabs are ignored when looking for the terminator
     */
    record Heredoc(String name, boolean chomp) {
    }

    private static final Set<String> TAKE_HEREDOCS = Set.of("run", "copy", "add");

    private Heredocs() {
    }

    static List<Heredoc> opened(Instruction instruction) {
        if (!instruction.rest().contains("<<")) {
            return List.of();
        }
        Instruction effective = instruction.name().equals("onbuild")
                ? Instruction.of(instruction.rest(), instruction.line()) : instruction;
        if (!TAKE_HEREDOCS.contains(effective.name()) || JsonStringArray.matches(BuilderFlags.extract(effective.rest()).rest())) {
            return List.of();
        }
        List<Heredoc> heredocs = new ArrayList<>();
        for (String word : rawWords(instruction.rest())) {
            Heredoc heredoc = parse(word);
            if (heredoc != null) {
                heredocs.add(heredoc);
            }
        }
        return heredocs;
    }

    /**
     * Splits the line into shell words with quotes and escapes kept. Like BuildKit's lexer here, the escape
     * character is always {@code \}, and an unterminated quote means the line has no heredocs.
     */
    private static List<String> rawWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int close = closingQuote(line, i);
                if (close < 0) {
                    return List.of();
                }
                word.append(line, i, close + 1);
                i = close;
            } else if (c == '\\') {
                word.append(c);
                if (i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                }
            } else if (Whitespace.isSpace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    private static int closingQuote(String line, int open) {
        char quote = line.charAt(open);
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    /** Reads a word of the form {@code [digits]<<[-]name} where the name has no {@code <}, as Docker does. */
    private static Heredoc parse(String word) {
        int i = 0;
        while (i < word.length() && word.charAt(i) >= '0' && word.charAt(i) <= '9') {
            i++;
        }
        if (!word.startsWith("<<", i)) {
            return null;
        }
        i += 2;
        boolean chomp = i < word.length() && word.charAt(i) == '-';
        String rest = word.substring(chomp ? i + 1 : i);
        if (rest.isEmpty() || rest.indexOf('<') >= 0) {
            return null;
        }
        String name = WordExpander.unquote(rest);
        return name.isEmpty() ? null : new Heredoc(name, chomp);
    }
}
