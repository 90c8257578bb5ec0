package io.patchrun.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Dockerfile text into instructions by BuildKit's rules: a UTF-8 byte order mark and CRLF line ends
 * are dropped, parser directives are read at the top, {@code #} comment lines are skipped (also inside a
 * continuation), a line ending in the escape character continues on the next, empty continuation lines
 * are skipped, and heredoc bodies are passed over.
 */
final class InstructionReader {

    private final String fileName;
    private final List<String> lines;
    private final Directives directives = new Directives();
    private int next;

    InstructionReader(String fileName, String text) {
        this.fileName = fileName;
        this.lines = physicalLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    List<Instruction> readAll() {
        List<Instruction> instructions = new ArrayList<>();
        while (next < lines.size()) {
            Instruction instruction = readOne();
            if (instruction != null) {
                skipHeredocBodies(instruction);
                instructions.add(instruction);
            }
        }
        return instructions;
    }

    char escape() {
        return directives.escape();
    }

    Map<String, String> directives() {
        return directives.values();
    }

    /** The next instruction, or {@code null} when the line read holds none (blank, comment, directive). */
    private Instruction readOne() {
        int start = next + 1;
        String first = Whitespace.trimLeading(lines.get(next++));
        try {
            directives.offer(first);
        } catch (ParseProblem problem) {
            throw new DockerfileException(fileName, start, problem.getMessage(), problem);
        }
        String content = first.startsWith("#") ? "" : first;
        String continued = withoutContinuation(content);
        if (continued == null && content.isEmpty()) {
            return null;
        }
        StringBuilder logical = new StringBuilder(continued == null ? content : continued);
        while (continued != null && next < lines.size()) {
            String line = lines.get(next++);
            String trimmed = Whitespace.trimLeading(line);
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            continued = withoutContinuation(line);
            logical.append(continued == null ? line : continued);
        }
        return Instruction.of(logical.toString(), start);
    }

    /**
     * The line without its final escape character when it continues on the next line, else {@code null}.
     * Only spaces and tabs may follow that character, and an escaped one ({@code \\}) is text.
     */
    private String withoutContinuation(String line) {
        char escape = directives.escape();
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end == 0 || line.charAt(end - 1) != escape || (end >= 2 && line.charAt(end - 2) == escape)) {
            return null;
        }
        return line.substring(0, end - 1);
    }

    private void skipHeredocBodies(Instruction instruction) {
        List<Heredocs.Heredoc> heredocs;
        try {
            heredocs = Heredocs.opened(instruction);
        } catch (LimitProblem limit) {
            throw new DockerfileException(fileName, instruction.line(), "heredoc delimiter " + limit.getMessage(), limit);
        } catch (ParseProblem problem) {
            throw new DockerfileException(fileName, instruction.line(), "heredoc delimiter: " + problem.getMessage(), problem);
        }
        for (Heredocs.Heredoc heredoc : heredocs) {
            if (!skipTo(heredoc)) {
                throw new DockerfileException(fileName, instruction.line(), "heredoc <<" + heredoc.name()
                        + " is never closed: no line '" + heredoc.name() + "' follows it");
            }
        }
    }

    private boolean skipTo(Heredocs.Heredoc heredoc) {
        while (next < lines.size()) {
            String line = lines.get(next++);
            String candidate = heredoc.chomp() ? withoutLeadingTabs(line) : line;
            if (candidate.equals(heredoc.name())) {
                return true;
            }
        }
        return false;
    }

    private static String withoutLeadingTabs(String line) {
        int start = 0;
        while (start < line.length() && line.charAt(start) == '\t') {
            start++;
        }
        return line.substring(start);
    }

    /** Splits on line feeds and drops the carriage returns before them, as Docker reads CRLF files. */
    private static List<String> physicalLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int lineFeed = text.indexOf('\n', start);
            int end = lineFeed < 0 ? text.length() : lineFeed;
            int contentEnd = end;
            while (contentEnd > start && text.charAt(contentEnd - 1) == '\r') {
                contentEnd--;
            }
            lines.add(text.substring(start, contentEnd));
            start = end + 1;
        }
        return lines;
    }
}
