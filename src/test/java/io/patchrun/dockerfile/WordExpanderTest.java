package io.patchrun.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordExpanderTest {

    private static final Map<String, String> ENV = Map.of("TAG", "3.12.4", "EMPTY", "", "NAME", "web app", "PATH_", "a/b/a/b");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "debian:$TAG                  | debian:3.12.4",
            "debian:${TAG}-slim           | debian:3.12.4-slim",
            "x${UNSET}y                   | xy",
            "${UNSET:-dflt}               | dflt",
            "${EMPTY:-dflt}               | dflt",
            "${EMPTY-dflt}                | ~~",
            "${UNSET-dflt}                | dflt",
            "${TAG:+set}                  | set",
            "${EMPTY:+set}                | ~~",
            "${EMPTY+set}                 | set",
            "${UNSET:-${TAG}}             | 3.12.4",
            "${TAG%.*}                    | 3.12",
            "${TAG%%.*}                   | 3",
            "${TAG#*.}                    | 12.4",
            "${TAG##*.}                   | 4",
            "${TAG#3.?2}                  | .4",
            "${PATH_/a/x}                 | x/b/a/b",
            "${PATH_//a/x}                | x/b/x/b",
            "~'$TAG'~                     | $TAG",
            "~\"$TAG\"~                   | 3.12.4",
            "~\"a\\\"b\"~                 | a\"b",
            "\\$TAG                       | $TAG",
            "a\\ b                        | a b",
            "$                            | $",
            "$1x                          | x",
    })
    void expand_followsDockerShellRules(String word, String expected) {
        assertThat(WordExpander.expand(word, '\\', ENV, new ExpansionBudget()).text()).isEqualTo(expected);
    }

    @Test
    void expand_usesBacktickAsEscape_whenDirectiveSaysSo() {
        assertThat(WordExpander.expand("`$TAG\\x", '`', ENV, new ExpansionBudget()).text()).isEqualTo("$TAG\\x");
    }

    @Test
    void expand_reportsUnsetVariablesInOrder() {
        assertThat(WordExpander.expand("${B}${A}${TAG}${B}", '\\', ENV, new ExpansionBudget()).unset()).containsExactly("B", "A");
    }

    @Test
    void expandKeepingUnset_leavesUnknownVariablesAsWritten() {
        assertThat(WordExpander.expandKeepingUnset("$BUILDPLATFORM/${TAG}/${X:-y}", '\\', ENV, new ExpansionBudget()).text())
                .isEqualTo("$BUILDPLATFORM/3.12.4/${X:-y}");
    }

    @Test
    void unquote_removesQuotesAndEscapes() {
        assertThat(WordExpander.unquote("'EOF'")).isEqualTo("EOF");
        assertThat(WordExpander.unquote("E\"O\"F")).isEqualTo("EOF");
        assertThat(WordExpander.unquote("\\EOF")).isEqualTo("EOF");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "${UNSET?must be set}  | UNSET: must be set",
            "${EMPTY:?}            | EMPTY: is not allowed to be empty",
            "${TAG                 | missing '}' in '${TAG'",
            "${}                   | bad substitution in '${}'",
            "${TAG.x}              | unsupported modifier (.) in ${TAG...} in '${TAG.x}'",
            "~'open~               | no closing single quote in ''open'",
            "${TAG#\\x}            | invalid escape '\\x' in pattern '\\x'",
    })
    void expand_rejectsWithReason(String word, String message) {
        assertThatThrownBy(() -> WordExpander.expand(word, '\\', ENV, new ExpansionBudget())).isInstanceOf(ParseProblem.class).hasMessage(message);
    }
}
