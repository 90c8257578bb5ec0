package io.patchrun.dockerfile;

import java.util.Map;
import java.util.Objects;

/**
 * Reads a Dockerfile to learn which images it is built from, following the rules of Docker's BuildKit
 * frontend: parser directives, comments, continuations, heredocs, global ARGs with build-arg overrides,
 * variable expansion in FROM lines, stage names, {@code scratch}, {@code COPY --from} and
 * {@code RUN --mount from}. Pure: no I/O, no registry look-ups.
 */
public final class DockerfileParser {

    /**
     * The most of a Dockerfile Patchrun reads: 1 MiB, in bytes when it reads the file and in characters
     * here. Real Dockerfiles are a few kilobytes; a larger one is refused rather than read.
     */
    public static final int MAX_SIZE = 1 << 20;

    private DockerfileParser() {
    }

    /**
     * Parses one Dockerfile.
     *
     * @param fileName  the name errors are reported under ({@code Dockerfile}, {@code web/Dockerfile})
     * @param text      the file's content
     * @param buildArgs the build args the image is built with; they set ARGs declared before the first FROM,
     *                  and the automatic platform ARGs ({@code BUILDPLATFORM}, {@code TARGETARCH}, ...) when given
     * @return the stages and the external images they use
     * @throws DockerfileException  naming the file and line when Docker would reject the file, when a FROM
     *                              names no valid image (an ARG without a value, an invalid reference), or
     *                              when the file passes a limit: {@link #MAX_SIZE} characters, or an
     *                              expansion too long, too deeply nested or too costly ({@code ExpansionBudget})
     * @throws NullPointerException when an argument, or a build arg's name or value, is null
     */
    public static ParsedDockerfile parse(String fileName, String text, Map<String, String> buildArgs) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
        Map<String, String> args = Map.copyOf(Objects.requireNonNull(buildArgs, "buildArgs"));
        if (text.length() > MAX_SIZE) {
            throw tooLarge(fileName, lineAt(text, MAX_SIZE), ExpansionBudget.number(MAX_SIZE) + " characters");
        }
        InstructionReader reader = new InstructionReader(fileName, text);
        BaseInstructions outline = BaseInstructions.of(fileName, reader.readAll(), reader.escape());
        ExpansionBudget budget = new ExpansionBudget();
        GlobalArgs globals = GlobalArgs.of(fileName, outline.globalArgs(), args, reader.escape(), budget);
        return new StageResolver(fileName, reader.escape(), globals, budget).resolve(outline, reader.directives());
    }

    /**
     * The error for a Dockerfile larger than {@link #MAX_SIZE}, for a reader that stopped reading it there.
     *
     * @param line the line the limit falls on
     * @param size the limit as the reader counts it ({@code 1,048,576 bytes})
     */
    public static DockerfileException tooLarge(String fileName, int line, String size) {
        return new DockerfileException(fileName, line, "the Dockerfile is larger than 1 MiB (" + size + "), the most Patchrun"
                + " reads of one; it passes that on this line");
    }

    private static int lineAt(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
