package io.patchrun.history;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollbackChoiceTest {

    private static final String WEB = "demo/web";

    /** A version built on day {@code day} of the month; lists of them are newest first, as the history gives them. */
    private static ImageVersion version(String tag, int day, boolean current, boolean pruned) {
        return new ImageVersion(WEB, tag, "sha256:" + tag, "sha256:base", "c0ffee", Instant.parse("2026-11-%02dT03:00:00Z".formatted(day)),
                (long) day, current, pruned);
    }

    private static boolean everyTagOnEngine(String tag) {
        return true;
    }

    @Test
    void withoutTag_goesToTheVersionBeforeTheCurrent() {
        ImageVersion chosen = RollbackChoice.choose(WEB, null, List.of(version("v3", 23, true, false),
                version("v2", 22, false, false), version("v1", 21, false, false)), RollbackChoiceTest::everyTagOnEngine);

        assertThat(chosen.tag()).isEqualTo("v2");
    }

    @Test
    void withoutTag_skipsPrunedVersions_andVersionsNewerThanTheCurrent() {
        // After a rollback to v2, v3 is newer than the current version: going "back" must not land on it.
        ImageVersion chosen = RollbackChoice.choose(WEB, null, List.of(version("v4", 24, false, true), version("v3", 23, false, false),
                version("v2", 22, true, false), version("v1", 21, false, true), version("v0", 20, false, false)),
                RollbackChoiceTest::everyTagOnEngine);

        assertThat(chosen.tag()).isEqualTo("v0");
    }

    @Test
    void withoutTag_andNoPriorVersion_isRefusedNamingTheCurrent() {
        assertThatThrownBy(() -> RollbackChoice.choose(WEB, null, List.of(version("v1", 21, true, false)),
                RollbackChoiceTest::everyTagOnEngine))
                .isInstanceOf(UnavailableVersionException.class)
                .hasMessage("image demo/web has no prior version to roll back to (current: v1)");
    }

    @Test
    void withTag_goesToThatVersion_evenANewerOne() {
        ImageVersion chosen = RollbackChoice.choose(WEB, "v3", List.of(version("v3", 23, false, false), version("v2", 22, true, false)),
                RollbackChoiceTest::everyTagOnEngine);

        assertThat(chosen.tag()).isEqualTo("v3");
    }

    @Test
    void unknownTag_isRefusedNamingTheVersions() {
        assertThatThrownBy(() -> RollbackChoice.choose(WEB, "v9", List.of(version("v2", 22, true, false), version("v1", 21, false, true)),
                RollbackChoiceTest::everyTagOnEngine))
                .isInstanceOf(UnavailableVersionException.class)
                .hasMessage("image demo/web has no version 'v9'; its versions are [v2, v1]");
    }

    @Test
    void prunedVersion_isRefusedNamingTheVersionsStillKept() {
        assertThatThrownBy(() -> RollbackChoice.choose(WEB, "v1", List.of(version("v3", 23, true, false),
                version("v2", 22, false, false), version("v1", 21, false, true)), RollbackChoiceTest::everyTagOnEngine))
                .isInstanceOf(UnavailableVersionException.class)
                .hasMessage("version v1 of demo/web was pruned and its image is gone; roll back to one of [v3, v2]");
    }

    @Test
    void versionWhoseImageTheEngineLost_isRefusedLikeAPrunedOne() {
        Set<String> onEngine = Set.of("v3");

        assertThatThrownBy(() -> RollbackChoice.choose(WEB, null, List.of(version("v3", 23, true, false),
                version("v2", 22, false, false)), onEngine::contains))
                .isInstanceOf(UnavailableVersionException.class)
                .hasMessage("version v2 of demo/web was pruned and its image is gone; roll back to one of [v3, v2]");
    }
}
