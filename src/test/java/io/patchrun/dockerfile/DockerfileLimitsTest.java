package io.patchrun.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Hostile Dockerfiles: each is refused with the file, the line and the limit it passes, or read correctly,
 * and quickly either way. Without the limits each of these would exhaust memory, the stack or the CPU.
 */
class DockerfileLimitsTest {

    /** Generous on a loaded 2-core machine; without the limits these take minutes or never end. */
    private static final Duration QUICKLY = Duration.ofSeconds(20);

    @Test
    void argDefaultsThatDoubleEachOther_areRefused_atTheFirstArgPastTheLengthLimit() {
        StringBuilder file = new StringBuilder("ARG A0=ab\n");
        for (int i = 1; i <= 30; i++) {
            file.append("ARG A").append(i).append("=${A").append(i - 1).append("}${A").append(i - 1).append("}\n");
        }
        file.append("FROM debian:${A30}\n");

        // A16 would be 2^17 characters long: the first past 65,536. It is on line 17.
        assertThat(refusal(file.toString()))
                .isEqualTo("web/Dockerfile:17: ARG A16 expands to more than 65,536 characters (the limit for one value)");
    }

    @Test
    void argDefaultsThatReuseALongValue_areRefused_whenTheFileHasSpentItsExpansionWork() {
        StringBuilder file = new StringBuilder("ARG A0=ab\n");
        for (int i = 1; i <= 14; i++) {
            file.append("ARG A").append(i).append("=${A").append(i - 1).append("}${A").append(i - 1).append("}\n");
        }
        for (int i = 1; i <= 1_000; i++) {
            file.append("ARG C").append(i).append("=${A14}${A14}\n");
        }
        file.append("FROM debian:12\n");

        // A0 to A14 cost 65,534 steps and each C 65,536: C128 (line 15 + 128) passes 8,388,608.
        assertThat(refusal(file.toString())).startsWith("web/Dockerfile:143: ARG C128 takes more than 8,388,608 steps of variable"
                + " expansion, counted over this and every earlier ARG and FROM of the file (the limit for one Dockerfile)");
    }

    @Test
    void nestedDefaults_tenThousandDeep_areRefused_inFromArgAndHeredoc() {
        String nested = "${a:-".repeat(10_000) + "debian" + "}".repeat(10_000);

        assertThat(refusal("ARG a\nFROM " + nested + "\n"))
                .isEqualTo("web/Dockerfile:2: FROM ${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-... (60,011 characters)"
                        + " nests ${...} more than 32 deep (the limit)");
        assertThat(refusal("ARG B=" + nested + "\nFROM debian\n"))
                .isEqualTo("web/Dockerfile:1: ARG B nests ${...} more than 32 deep (the limit)");
        assertThat(refusal("FROM debian\nRUN cat <<" + nested + "\n"))
                .isEqualTo("web/Dockerfile:2: heredoc delimiter nests ${...} more than 32 deep (the limit)");
    }

    @Test
    void nestedDefaults_thirtyTwoDeep_areRead() {
        String nested = "${a:-".repeat(32) + "debian" + "}".repeat(32);

        assertThat(parse("ARG a\nFROM " + nested + ":12\n").bases()).singleElement()
                .satisfies(base -> assertThat(base.ref()).hasToString("docker.io/library/debian:12"));
        assertThat(refusal("ARG a\nFROM ${a:-" + nested + "}\n")).endsWith("nests ${...} more than 32 deep (the limit)");
    }

    @Test
    void aReplacementThatMultipliesAValue_isRefusedAtTheLengthLimit() {
        String file = "ARG A=" + "x".repeat(300) + "\nARG B=${A//?/${A}}\nFROM debian\n";

        assertThat(refusal(file)).isEqualTo("web/Dockerfile:2: ARG B expands to more than 65,536 characters (the limit for one value)");
    }

    @Test
    void aPatternThatRescansALongValue_isRefusedByTheWorkLimit() {
        StringBuilder file = new StringBuilder("ARG A0=aa\n");
        for (int i = 1; i <= 15; i++) {
            file.append("ARG A").append(i).append("=${A").append(i - 1).append("}${A").append(i - 1).append("}\n");
        }
        file.append("FROM debian:${A15//a*b/x}\n");

        assertThat(refusal(file.toString())).startsWith("web/Dockerfile:17: FROM debian:${A15//a*b/x} takes more than 8,388,608 steps");
    }

    @Test
    void aPatternOverAShortValue_stillWorks() {
        assertThat(parse("ARG V=3.12.4\nFROM python:${V%.*}-${V//./_}\n").bases()).singleElement()
                .satisfies(base -> assertThat(base.ref().tag()).isEqualTo("3.12-3_12_4"));
    }

    @Test
    void aFileLargerThanTheLimit_isRefused_atTheLineTheLimitFallsOn() {
        String line = "RUN echo " + "x".repeat(90) + "\n";
        String file = "FROM debian:12\n" + line.repeat(DockerfileParser.MAX_SIZE / line.length() + 10);

        // 15 characters, then lines of 100: the 1,048,577th character is on line 2 + (1,048,576 - 15) / 100.
        assertThat(refusal(file)).isEqualTo("web/Dockerfile:10487: the Dockerfile is larger than 1 MiB (1,048,576 characters), the most"
                + " Patchrun reads of one; it passes that on this line");
        assertThat(parse("FROM debian:12\n#" + "x".repeat(DockerfileParser.MAX_SIZE - 17) + "\n").bases()).hasSize(1);
    }

    @Test
    void manyHeredocs_areSkippedInOnePass() {
        String body = "RUN <<EOF\necho FROM evil\nEOF\n";
        String file = "FROM debian:12\n" + body.repeat(30_000) + "FROM alpine:3\n";

        assertThat(parse(file).bases()).extracting(base -> base.ref().familiar()).containsExactly("debian:12", "alpine:3");
    }

    @Test
    void manyHeredocsOnOneLine_areSkippedInOnePass_andAnUnclosedOneIsNamed() {
        StringBuilder opened = new StringBuilder("FROM debian:12\nRUN cat");
        StringBuilder bodies = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            opened.append(" <<E").append(i);
            bodies.append("line\nE").append(i).append('\n');
        }
        String closed = opened + "\n" + bodies + "FROM alpine:3\n";

        assertThat(parse(closed).bases()).hasSize(2);
        assertThat(refusal(opened + "\n" + bodies.substring(0, bodies.lastIndexOf("E19999"))))
                .isEqualTo("web/Dockerfile:2: heredoc <<E19999 is never closed: no line 'E19999' follows it");
    }

    @Test
    void aMountWithHalfAMillionFields_isReadInOnePass() {
        String file = "FROM debian:12\nRUN --mount=type=cache" + ",x".repeat(500_000) + ",from=busybox:1 true\n";

        assertThat(parse(file).bases()).extracting(base -> base.ref().familiar()).containsExactly("debian:12", "busybox:1");
    }

    @Test
    void aVeryLongImageName_isRefusedAsDockerRefusesIt() {
        // Matched by Java's regular expressions, a name like this one used to overflow the stack.
        String name = "x/" + "a_".repeat(20_000) + "a";

        assertThat(refusal("FROM " + name + "\n")).isEqualTo("web/Dockerfile:1: FROM " + name.substring(0, 60) + "... (40,003 characters):"
                + " invalid image reference '" + name.substring(0, 60) + "...': repository name must not be more than 255 characters,"
                + " this one has 40003");
    }

    @Test
    void aFromWordLongerThanTheLengthLimit_isRefusedBeforeItIsReadAsAnImage() {
        assertThat(refusal("FROM x/" + "a".repeat(70_000) + "\n")).isEqualTo("web/Dockerfile:1: FROM x/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                + "... (70,007 characters) expands to more than 65,536 characters (the limit for one value)");
    }

    @Test
    void aVeryLongUnknownInstruction_isNamedInAShortMessage() {
        String keyword = "X".repeat(DockerfileParser.MAX_SIZE - 100);

        String message = refusal("FROM debian:12\n" + keyword + " y\n");

        assertThat(message).startsWith("web/Dockerfile:2: unknown instruction 'XXXX").contains(" characters left out ...] ")
                .endsWith("XXX'");
        assertThat(message.length()).isLessThan(DockerfileException.MAX_REASON + 100);
    }

    private static ParsedDockerfile parse(String text) {
        return quickly(() -> DockerfileParser.parse("web/Dockerfile", text, Map.of()));
    }

    private static String refusal(String text) {
        return quickly(() -> {
            try {
                DockerfileParser.parse("web/Dockerfile", text, Map.of());
            } catch (DockerfileException e) {
                return e.getMessage();
            }
            throw new AssertionError("the file was read, but should have been refused");
        });
    }

    private static <T> T quickly(Supplier<T> work) {
        return assertTimeoutPreemptively(QUICKLY, work::get);
    }
}
