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
     * @throws DockerfileException  naming the file and line when Docker would reject the file, or when a
     *                              FROM names no valid image (an ARG without a value, an invalid reference)
     * @throws NullPointerException when an argument, or a build arg's name or value, is null
     */
    public static ParsedDockerfile parse(String fileName, String text, Map<String, String> buildArgs) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
        Map<String, String> args = Map.copyOf(Objects.requireNonNull(buildArgs, "buildArgs"));
        InstructionReader reader = new InstructionReader(fileName, text);
        BaseInstructions outline = BaseInstructions.of(fileName, reader.readAll(), reader.escape());
        GlobalArgs globals = GlobalArgs.of(fileName, outline.globalArgs(), args, reader.escape());
        return new StageResolver(fileName, reader.escape(), globals).resolve(outline, reader.directives());
    }
}
