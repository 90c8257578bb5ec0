package io.patchrun.dockerfile;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per rule of Docker's Dockerfile frontend, and per trap. Stages read
 * {@code index base [AS alias] [platform] @line}; bases read {@code KIND image @line}.
 */
class DockerfileParserTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    static Stream<Arguments> dockerfiles() {
        return Stream.of(
                row("plain FROM", "FROM debian:12\nRUN apt-get update\n", Map.of(),
                        "0 debian:12 @1", "FROM debian:12 @1"),
                row("lower-case and mixed-case instructions", "from debian:12 as Build\nRun true\nfRoM build\n", Map.of(),
                        "0 debian:12 AS build @1; 1 stage 0 @3", "FROM debian:12 @1"),
                row("tabs around words", "\tFROM\tdebian:12\tAS\tbase\n\tRUN\ttrue\nFROM\tbase\n", Map.of(),
                        "0 debian:12 AS base @1; 1 stage 0 @3", "FROM debian:12 @1"),
                row("CRLF line ends", "ARG TAG=12\r\nFROM debian:${TAG}\r\nRUN echo \\\r\n  FROM evil\r\nFROM alpine:3\r\n", Map.of(),
                        "0 debian:12 @2; 1 alpine:3 @5", "FROM debian:12 @2; FROM alpine:3 @5"),
                row("UTF-8 byte order mark", "\uFEFFFROM debian:12\n", Map.of(),
                        "0 debian:12 @1", "FROM debian:12 @1"),
                row("comments and blank lines", "# base image\n\n  # indented comment\nFROM debian:12\n\n# the end\n", Map.of(),
                        "0 debian:12 @4", "FROM debian:12 @4"),
                row("full-line comment inside a continuation", "FROM debian:12\nRUN apt-get update && \\\n# FROM evil\n    apt-get install -y curl\n"
                        + "COPY --from=busybox:1 /bin/sh /bin/sh\n", Map.of(),
                        "0 debian:12 @1", "FROM debian:12 @1; COPY_FROM busybox:1 @5"),
                row("empty continuation line", "FROM debian:12 \\\n\n   AS base\nFROM base\n", Map.of(),
                        "0 debian:12 AS base @1; 1 stage 0 @4", "FROM debian:12 @1"),
                row("spaces after the continuation character", "FROM debian:12 \\ \t\n  AS base\n", Map.of(),
                        "0 debian:12 AS base @1", "FROM debian:12 @1"),
                row("escaped escape character at the end is text", "FROM debian:12\nRUN echo \\\\\nFROM alpine:3\n", Map.of(),
                        "0 debian:12 @1; 1 alpine:3 @3", "FROM debian:12 @1; FROM alpine:3 @3"),
                row("# escape=` makes backslash plain text", "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
                        + "COPY app c:\\app\\\nRUN dir `\n    c:\\app\nFROM alpine:3\n", Map.of(),
                        "0 mcr.microsoft.com/windows/servercore:ltsc2022 @2; 1 alpine:3 @6",
                        "FROM mcr.microsoft.com/windows/servercore:ltsc2022 @2; FROM alpine:3 @6"),
                row("directive after a comment is only a comment", "# a comment\n# escape=`\nFROM debian:12\nRUN echo \\\n  FROM evil\n", Map.of(),
                        "0 debian:12 @3", "FROM debian:12 @3"),
                row("unknown directive ends the directives", "# foo=bar\n# escape=`\nFROM debian:12\nRUN echo \\\n  FROM evil\n", Map.of(),
                        "0 debian:12 @3", "FROM debian:12 @3"),
                row("global ARG default in FROM", "ARG BASE=debian:12\nFROM ${BASE}\n", Map.of(),
                        "0 debian:12 @2", "FROM debian:12 @2"),
                row("build arg overrides the default", "ARG BASE=debian:12\nFROM ${BASE}\n", Map.of("BASE", "alpine:3.20"),
                        "0 alpine:3.20 @2", "FROM alpine:3.20 @2"),
                row("build arg sets an ARG without default", "ARG TAG\nFROM debian:$TAG\n", Map.of("TAG", "bookworm"),
                        "0 debian:bookworm @2", "FROM debian:bookworm @2"),
                row("build arg for an undeclared name is ignored", "FROM debian:12\n", Map.of("BASE", "alpine"),
                        "0 debian:12 @1", "FROM debian:12 @1"),
                row("${VAR:-default} when unset", "ARG TAG\nFROM debian:${TAG:-11}\n", Map.of(),
                        "0 debian:11 @2", "FROM debian:11 @2"),
                row("${VAR:+alt} when set", "ARG SLIM=yes\nFROM debian:12${SLIM:+-slim}\n", Map.of(),
                        "0 debian:12-slim @2", "FROM debian:12-slim @2"),
                row("${VAR%pattern} trims a suffix", "ARG PYTHON=3.12.4\nFROM python:${PYTHON%.*}-slim\n", Map.of(),
                        "0 python:3.12-slim @2", "FROM python:3.12-slim @2"),
                row("default built from an earlier ARG", "ARG TAG=12\nARG BASE=\"debian:${TAG}\"\nFROM $BASE\n", Map.of(),
                        "0 debian:12 @3", "FROM debian:12 @3"),
                row("several ARGs on one line", "ARG REGISTRY=ghcr.io TAG=1.2\nFROM ${REGISTRY}/org/app:${TAG}\n", Map.of(),
                        "0 ghcr.io/org/app:1.2 @2", "FROM ghcr.io/org/app:1.2 @2"),
                row("trap: ARG redefined after FROM does not reach later FROM lines",
                        "ARG TAG=12\nFROM debian:${TAG} AS one\nARG TAG=11\nFROM debian:${TAG} AS two\n", Map.of(),
                        "0 debian:12 AS one @2; 1 debian:12 AS two @4", "FROM debian:12 @2"),
                row("multi-platform keeps automatic platform ARGs as written",
                        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM --platform=linux/arm64 alpine:3\nCOPY --from=build /app /app\n",
                        Map.of(), "0 golang:1.22 AS build [$BUILDPLATFORM] @1; 1 alpine:3 [linux/arm64] @2",
                        "FROM golang:1.22 @1; FROM alpine:3 @2"),
                row("multi-platform with the platform given as build arg", "FROM --platform=${BUILDPLATFORM} golang:1.22\n",
                        Map.of("BUILDPLATFORM", "linux/amd64"), "0 golang:1.22 [linux/amd64] @1", "FROM golang:1.22 @1"),
                row("platform from a global ARG", "ARG PLATFORM=linux/s390x\nFROM --platform=$PLATFORM debian:12\n", Map.of(),
                        "0 debian:12 [linux/s390x] @2", "FROM debian:12 @2"),
                row("FROM an earlier stage is not an image", "FROM debian:12 AS base\nFROM base AS app\n", Map.of(),
                        "0 debian:12 AS base @1; 1 stage 0 AS app @2", "FROM debian:12 @1"),
                row("a stage shadows an image of the same name", "FROM alpine:3 AS debian\nFROM debian\n", Map.of(),
                        "0 alpine:3 AS debian @1; 1 stage 0 @2", "FROM alpine:3 @1"),
                row("FROM scratch uses no image", "FROM scratch\nCOPY app /app\n", Map.of(),
                        "0 scratch @1", ""),
                row("COPY --from stage index", "FROM golang:1.22\nFROM alpine:3\nCOPY --from=0 /go/bin/app /app\n", Map.of(),
                        "0 golang:1.22 @1; 1 alpine:3 @2", "FROM golang:1.22 @1; FROM alpine:3 @2"),
                row("COPY --from stage name, any case", "FROM golang:1.22 AS Build\nFROM alpine:3\nCOPY --from=BUILD /app /app\n", Map.of(),
                        "0 golang:1.22 AS build @1; 1 alpine:3 @2", "FROM golang:1.22 @1; FROM alpine:3 @2"),
                row("COPY --from image", "FROM alpine:3\nCOPY --chown=1:1 --from=nginx:1.27 /etc/nginx /etc/nginx\n", Map.of(),
                        "0 alpine:3 @1", "FROM alpine:3 @1; COPY_FROM nginx:1.27 @2"),
                row("COPY --from image on a registry with a port", "FROM alpine:3\nCOPY --from=127.0.0.1:5000/tools/busybox:1 /bin /bin\n",
                        Map.of(), "0 alpine:3 @1", "FROM alpine:3 @1; COPY_FROM 127.0.0.1:5000/tools/busybox:1 @2"),
                row("COPY --from=scratch is no image", "FROM alpine:3\nCOPY --from=scratch / /\n", Map.of(),
                        "0 alpine:3 @1", "FROM alpine:3 @1"),
                row("RUN --mount from an image", "FROM alpine:3\n"
                        + "RUN --mount=type=bind,from=golang:1.22,source=/usr/local/go,target=/go --mount=type=cache,target=/root/.cache go version\n",
                        Map.of(), "0 alpine:3 @1", "FROM alpine:3 @1; RUN_MOUNT golang:1.22 @2"),
                row("RUN --mount from a stage", "FROM golang:1.22 AS tools\nFROM alpine:3\nRUN --mount=from=tools,target=/t ls /t\n", Map.of(),
                        "0 golang:1.22 AS tools @1; 1 alpine:3 @2", "FROM golang:1.22 @1; FROM alpine:3 @2"),
                row("heredoc body is not read as instructions", "FROM alpine:3\nRUN <<EOF\nFROM evil\nCOPY --from=evil / /\nEOF\n"
                        + "COPY --from=busybox:1 / /\n", Map.of(), "0 alpine:3 @1", "FROM alpine:3 @1; COPY_FROM busybox:1 @6"),
                row("<<-EOF ends at a tab-indented delimiter", "FROM alpine:3\nRUN <<-EOF\n\tFROM evil\n\tEOF\nFROM debian:12\n", Map.of(),
                        "0 alpine:3 @1; 1 debian:12 @5", "FROM alpine:3 @1; FROM debian:12 @5"),
                row("<<EOF does not end at an indented delimiter", "FROM alpine:3\nRUN <<EOF\n\tEOF\nFROM evil\nEOF\nFROM debian:12\n", Map.of(),
                        "0 alpine:3 @1; 1 debian:12 @6", "FROM alpine:3 @1; FROM debian:12 @6"),
                row("quoted heredoc delimiters", "FROM alpine:3\nRUN <<'EOF'\nFROM evil\nEOF\nRUN python3 <<\"END\"\nFROM evil\nEND\nFROM debian:12\n",
                        Map.of(), "0 alpine:3 @1; 1 debian:12 @8", "FROM alpine:3 @1; FROM debian:12 @8"),
                row("several heredocs on one line", "FROM alpine:3\nRUN <<ONE cat - <<TWO > /out\nFROM evil\nONE\nFROM evil2\nTWO\nFROM debian:12\n",
                        Map.of(), "0 alpine:3 @1; 1 debian:12 @7", "FROM alpine:3 @1; FROM debian:12 @7"),
                row("COPY heredoc", "FROM alpine:3\nCOPY <<EOF /etc/app.conf\nFROM evil\nEOF\n", Map.of(),
                        "0 alpine:3 @1", "FROM alpine:3 @1"),
                row("quoted << is no heredoc", "FROM alpine:3\nRUN echo \"<<EOF\"\nFROM debian:12\n", Map.of(),
                        "0 alpine:3 @1; 1 debian:12 @3", "FROM alpine:3 @1; FROM debian:12 @3"),
                row("exec form takes no heredoc", "FROM alpine:3\nRUN [\"sh\", \"-c\", \"cat <<EOF\"]\nFROM debian:12\n", Map.of(),
                        "0 alpine:3 @1; 1 debian:12 @3", "FROM alpine:3 @1; FROM debian:12 @3"),
                row("digest-pinned FROM", "FROM debian:12@" + DIGEST + "\n", Map.of(),
                        "0 debian:12@" + DIGEST + " @1", "FROM debian:12@" + DIGEST + " @1"),
                row("each base once, at its first use", "FROM debian:12 AS a\nFROM debian:12 AS b\nCOPY --from=docker.io/library/debian:12 / /\n"
                        + "COPY --from=alpine:3 / /\nRUN --mount=from=alpine:3 true\n", Map.of(),
                        "0 debian:12 AS a @1; 1 debian:12 AS b @2", "FROM debian:12 @1; COPY_FROM alpine:3 @4"),
                row("quotes around the image are removed", "FROM \"debian:12\"\n", Map.of(),
                        "0 debian:12 @1", "FROM debian:12 @1"),
                row("ONBUILD instructions are for child images", "FROM alpine:3\nONBUILD COPY --from=evil:1 / /\nONBUILD RUN <<EOF\nFROM evil\nEOF\n",
                        Map.of(), "0 alpine:3 @1", "FROM alpine:3 @1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void parse_findsStagesAndBases(String rule, String dockerfile, Map<String, String> buildArgs, String stages, String bases) {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile", dockerfile, buildArgs);

        assertThat(describeStages(parsed)).isEqualTo(stages);
        assertThat(describeBases(parsed)).isEqualTo(bases);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("unknown instruction, with a suggestion", "FROM debian:12\nFORM alpine:3\n", Map.of(),
                        "Dockerfile:2: unknown instruction 'FORM' (did you mean FROM?)"),
                Arguments.of("unknown instruction, suggested in its own case", "FROM debian:12\ncopi . /app\n", Map.of(),
                        "Dockerfile:2: unknown instruction 'copi' (did you mean copy?)"),
                Arguments.of("unknown instruction, nothing close", "FROM debian:12\nFETCH http://x\n", Map.of(),
                        "Dockerfile:2: unknown instruction 'FETCH'"),
                Arguments.of("FROM without argument", "# syntax=docker/dockerfile:1\nFROM\n", Map.of(),
                        "Dockerfile:2: FROM needs an image or stage name: FROM [--platform=<platform>] <image> [AS <name>]"),
                Arguments.of("FROM with a trailing # is not a comment", "FROM debian:12 # stable\n", Map.of(),
                        "Dockerfile:1: FROM takes an image and an optional AS <name>, but has 3 words: debian:12 # stable"
                                + " (FROM [--platform=<platform>] <image> [AS <name>])"),
                Arguments.of("no FROM at all", "ARG TAG=12\n", Map.of(),
                        "Dockerfile: no FROM instruction: a Dockerfile needs at least one FROM to have anything to build"),
                Arguments.of("nothing but comments", "# syntax=docker/dockerfile:1\n# nothing here\n", Map.of(),
                        "Dockerfile: no instructions: the file is empty or holds only comments"),
                Arguments.of("instruction other than ARG before FROM", "ARG TAG=12\nRUN echo hi\nFROM debian:${TAG}\n", Map.of(),
                        "Dockerfile:2: RUN comes before the first FROM; only ARG may come before FROM"),
                Arguments.of("trap: FROM ${BASE} with no default and no build arg", "ARG BASE\nFROM ${BASE}\n", Map.of(),
                        "Dockerfile:2: FROM ${BASE} names no image: ARG BASE has no default and no build arg BASE was given:"
                                + " give the ARG a default (ARG BASE=<value>) or pass the build arg"),
                Arguments.of("trap: ARG declared only after the first FROM", "FROM debian:12\nARG BASE=alpine:3\nFROM $BASE\n", Map.of(),
                        "Dockerfile:3: FROM $BASE names no image: BASE is not an ARG declared before the first FROM, and only"
                                + " those apply to FROM lines: add ARG BASE=<default> before the first FROM"),
                Arguments.of("unset ARG leaves an invalid reference", "ARG REGISTRY\nFROM ${REGISTRY}/app:1\n", Map.of(),
                        "Dockerfile:2: FROM ${REGISTRY}/app:1 (= /app:1): invalid image reference 'docker.io//app': path component ''"
                                + " must be lowercase letters, digits and separators (. _ __ -); ARG REGISTRY has no default and no build arg"
                                + " REGISTRY was given: give the ARG a default (ARG REGISTRY=<value>) or pass the build arg"),
                Arguments.of("${VAR:?message}", "ARG TAG\nFROM debian:${TAG:?required}\n", Map.of(),
                        "Dockerfile:2: FROM debian:${TAG:?required}: TAG: required"),
                Arguments.of("FROM words are split before expansion, as in Docker", "ARG TAG\nFROM debian:${TAG:?set TAG}\n", Map.of(),
                        "Dockerfile:2: FROM takes an image and an optional AS <name>, but has 2 words: debian:${TAG:?set TAG}"
                                + " (FROM [--platform=<platform>] <image> [AS <name>])"),
                Arguments.of("escaped dollar is not expanded", "ARG TAG=12\nFROM debian:\\$TAG\n", Map.of(),
                        "Dockerfile:2: FROM debian:\\$TAG (= debian:$TAG): invalid image reference 'library/debian:$TAG':"
                                + " tag '$TAG' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"),
                Arguments.of("trap: ARG in an AS alias", "ARG NAME=build\nFROM debian:12 AS ${NAME}\n", Map.of(),
                        "Dockerfile:2: invalid stage name '${NAME}': it must start with a letter and hold only letters, digits,"
                                + " '-', '_' and '.'; Docker does not expand variables in stage names"),
                Arguments.of("invalid image reference", "FROM debian:12\nFROM Debian:12\n", Map.of(),
                        "Dockerfile:2: FROM Debian:12: invalid image reference 'docker.io/library/Debian': path component 'Debian'"
                                + " must be lowercase letters, digits and separators (. _ __ -)"),
                Arguments.of("FROM matches stage names as written", "FROM debian:12 AS Build\nFROM Build\n", Map.of(),
                        "Dockerfile:2: FROM Build: invalid image reference 'docker.io/library/Build': path component 'Build'"
                                + " must be lowercase letters, digits and separators (. _ __ -); stage names are matched as written"
                                + " in lower case: did you mean FROM build?"),
                Arguments.of("unknown FROM flag", "FROM --plattform=linux/amd64 debian:12\n", Map.of(),
                        "Dockerfile:1: FROM has an unknown flag --plattform; it takes only --platform=<platform>"),
                Arguments.of("unterminated heredoc", "FROM alpine:3\nRUN <<EOF\necho hi\n", Map.of(),
                        "Dockerfile:2: heredoc <<EOF is never closed: no line 'EOF' follows it"),
                Arguments.of("invalid escape directive", "# escape=x\nFROM debian:12\n", Map.of(),
                        "Dockerfile:1: # escape=x: the escape character must be \\ or `"),
                Arguments.of("directive given twice", "# escape=\\\n# ESCAPE=`\nFROM debian:12\n", Map.of(),
                        "Dockerfile:2: parser directive 'escape' is given twice; each may appear once, at the top of the file"),
                Arguments.of("COPY --from a later stage", "FROM alpine:3 AS app\nCOPY --from=build /app /app\nFROM golang:1.22 AS build\n", Map.of(),
                        "Dockerfile:2: COPY --from=build: stage 1 (line 3) does not come before this stage; only earlier stages can be used"),
                Arguments.of("COPY --from its own stage index", "FROM alpine:3\nCOPY --from=0 / /\n", Map.of(),
                        "Dockerfile:2: COPY --from=0: stage 0 (line 1) does not come before this stage; only earlier stages can be used"),
                Arguments.of("COPY --from an index past the end", "FROM alpine:3\nCOPY --from=3 / /\n", Map.of(),
                        "Dockerfile:2: COPY --from=3: there is no stage 3; stages count from 0 and this file has 1"),
                Arguments.of("COPY --from a variable", "ARG IMAGE=busybox\nFROM alpine:3\nCOPY --from=${IMAGE} / /\n", Map.of(),
                        "Dockerfile:3: COPY --from=${IMAGE}: invalid image reference 'docker.io/library/${IMAGE}': path component '${IMAGE}'"
                                + " must be lowercase letters, digits and separators (. _ __ -); Docker does not expand"
                                + " variables in --from: name the image in a stage (FROM ${IMAGE} AS <name>) and use --from=<name>"),
                Arguments.of("--platform that expands to nothing", "ARG PLATFORM=\nFROM --platform=$PLATFORM debian:12\n", Map.of(),
                        "Dockerfile:2: FROM --platform=$PLATFORM expands to an empty platform"),
                Arguments.of("malformed --mount options", "FROM alpine:3\nRUN --mount=type=bind,from=a\\\"b,target=/t true\n", Map.of(),
                        "Dockerfile:2: RUN --mount=type=bind,from=a\"b,target=/t: a \" may only start a quoted field"),
                Arguments.of("RUN --mount from a variable", "FROM alpine:3\nRUN --mount=type=bind,from=$TOOLS,target=/t true\n", Map.of(),
                        "Dockerfile:2: RUN --mount from=$TOOLS: Docker does not expand variables in from=; name the image in a stage"
                                + " (FROM <image> AS <name>) and mount from=<name>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void parse_rejectsWithFileLineAndReason(String rule, String dockerfile, Map<String, String> buildArgs, String message) {
        assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", dockerfile, buildArgs))
                .isInstanceOf(DockerfileException.class)
                .hasMessage(message);
    }

    @Test
    void parse_normalisesReferencesLikeDocker() {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile", "FROM debian\nCOPY --from=127.0.0.1:5000/x/base:stable / /\n", Map.of());

        assertThat(parsed.bases()).extracting(base -> base.ref().toString())
                .containsExactly("docker.io/library/debian:latest", "127.0.0.1:5000/x/base:stable");
    }

    @Test
    void anyPinned_isTrue_onlyWhenABaseHasADigest() {
        String pinned = "FROM golang:1.22 AS build\nFROM gcr.io/distroless/static@" + DIGEST + "\n";

        assertThat(DockerfileParser.parse("Dockerfile", pinned, Map.of()).anyPinned()).isTrue();
        assertThat(DockerfileParser.parse("Dockerfile", "FROM debian:12\n", Map.of()).anyPinned()).isFalse();
    }

    @Test
    void finalStage_isTheLastFrom() {
        ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile", "FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /app /\n", Map.of());

        assertThat(parsed.finalStage().index()).isEqualTo(1);
        assertThat(parsed.finalStage().scratch()).isTrue();
    }

    @Test
    void parse_keepsParserDirectivesInOrder() {
        String dockerfile = "# syntax=docker/dockerfile:1.7\n#check=skip=all\n  #  Escape = `\nFROM debian:12\n";

        assertThat(DockerfileParser.parse("Dockerfile", dockerfile, Map.of()).directives())
                .containsExactly(Map.entry("syntax", "docker/dockerfile:1.7"), Map.entry("check", "skip=all"), Map.entry("escape", "`"));
    }

    @Test
    void parse_reportsTheFileNameAndLineItWasGiven() {
        assertThatThrownBy(() -> DockerfileParser.parse("web/Dockerfile", "FROM debian:12\n\nFORM x\n", Map.of()))
                .isInstanceOfSatisfying(DockerfileException.class, e -> {
                    assertThat(e.fileName()).isEqualTo("web/Dockerfile");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.reason()).isEqualTo("unknown instruction 'FORM' (did you mean FROM?)");
                    assertThat(e).hasMessageStartingWith("web/Dockerfile:3: ");
                });
    }

    @Test
    void parse_handlesTwoThousandGeneratedDockerfiles() {
        List<String> finalBases = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile." + i, generated(i), Map.of("TAG", "1." + i));
            finalBases.add(parsed.bases().get(parsed.bases().size() - 1).ref().toString());
        }

        assertThat(finalBases).hasSize(2_000).doesNotHaveDuplicates();
        assertThat(finalBases.get(7)).isEqualTo("127.0.0.1:5000/team7/runtime:1.7");
    }

    /** A small multi-stage Dockerfile using most rules, different for each i. */
    private static String generated(int i) {
        return "# syntax=docker/dockerfile:1\n"
                + "ARG REGISTRY=127.0.0.1:5000\nARG TAG\n"
                + "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
                + "WORKDIR /src\n"
                + "RUN --mount=type=cache,target=/root/.cache \\\n    # build it\n    go build -o /app ./cmd/app" + i + "\n"
                + "RUN <<EOF\nFROM not-an-instruction\necho " + i + "\nEOF\n"
                + "FROM ${REGISTRY}/team" + i + "/runtime:${TAG}\n"
                + "COPY --from=build /app /app\n"
                + "CMD [\"/app\"]\n";
    }

    private static Arguments row(String rule, String dockerfile, Map<String, String> buildArgs, String stages, String bases) {
        return Arguments.of(rule, dockerfile, buildArgs, stages, bases);
    }

    private static String describeStages(ParsedDockerfile parsed) {
        return parsed.stages().stream().map(stage -> stage.index() + " "
                + (stage.image() != null ? stage.image().familiar() : stage.fromStage() != null ? "stage " + stage.fromStage() : "scratch")
                + (stage.alias() != null ? " AS " + stage.alias() : "")
                + (stage.platform() != null ? " [" + stage.platform() + "]" : "")
                + " @" + stage.line()).collect(joining("; "));
    }

    private static String describeBases(ParsedDockerfile parsed) {
        return parsed.bases().stream().map(base -> base.kind() + " " + base.ref().familiar() + " @" + base.line()).collect(joining("; "));
    }
}
