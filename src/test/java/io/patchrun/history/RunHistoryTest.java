package io.patchrun.history;

import io.patchrun.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.patchrun.testsupport.Migrations;

class RunHistoryTest {

    private MutableClock clock;
    private RunHistory runs;
    private VersionHistory versions;

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Migrations.migrate(dataSource);
        clock = new MutableClock(Instant.parse("2026-11-23T03:00:00Z"));
        runs = new RunHistory(JdbcClient.create(dataSource), clock);
        versions = new VersionHistory(JdbcClient.create(dataSource));
    }

    @Test
    void run_isRecordedFromQueueToEnd_withItsImagesInPlanOrder() {
        long id = runs.queue("demo", "api", "admin", List.of("demo/platform", "demo/web"));
        assertThat(runs.active("demo")).contains(id);

        runs.started(id);
        runs.image(id, new RunImage("demo/platform", ImageStatus.DEPLOYED, "20261123-030000-1", "sha256:x", "abc", 1200L, List.of(), null));
        runs.image(id, new RunImage("demo/web", ImageStatus.ROLLED_BACK, "20261123-030000-1", "sha256:x", "def", 900L, List.of("web-1", "web-2"), "unhealthy"));
        runs.buildLog(id, "demo/web", "Step 1/3 : FROM x\n");
        clock.advance(java.time.Duration.ofSeconds(60));
        runs.finished(id, RunStatus.PARTIAL, "1 of 2 images rolled back");

        Run run = runs.find(id).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.requestedBy()).isEqualTo("admin");
        assertThat(run.endedAt()).isEqualTo(Instant.parse("2026-11-23T03:01:00Z"));
        assertThat(run.images()).extracting(RunImage::name).containsExactly("demo/platform", "demo/web");
        assertThat(run.images().get(1).containers()).containsExactly("web-1", "web-2");
        assertThat(run.images().get(1).buildMillis()).isEqualTo(900L);
        assertThat(runs.buildLog(id, "demo/web")).contains("Step 1/3 : FROM x\n");
        assertThat(runs.active("demo")).isEmpty();
    }

    @Test
    void image_keepsTheContainersItLeftAlone_withWhy_andTheLatestRecordOfThemOnly() {
        long id = runs.queue("demo", "api", "admin", List.of("demo/web"));
        runs.image(id, new RunImage("demo/web", ImageStatus.PENDING, "t1", null, null, null, List.of(), null,
                List.of(new SkippedContainer("web-9", "not rolled over: a first guess"))));

        runs.image(id, new RunImage("demo/web", ImageStatus.DEPLOYED, "t1", null, null, 10L, List.of("web-1"), "rolled over 1 container(s)",
                List.of(new SkippedContainer("web-3", "not rolled over: it is labelled io.patchrun.enable=false"),
                        new SkippedContainer("web-2", "x".repeat(9000)))));

        RunImage image = runs.find(id).orElseThrow().images().get(0);
        assertThat(image.containers()).containsExactly("web-1");
        assertThat(image.skipped()).extracting(SkippedContainer::container).containsExactly("web-2", "web-3");
        assertThat(image.skipped().get(1).reason()).isEqualTo("not rolled over: it is labelled io.patchrun.enable=false");
        assertThat(image.skipped().get(0).reason()).hasSize(8000).endsWith("…");
    }

    @Test
    void list_isNewestFirst_filteredAndPaged() {
        for (int i = 0; i < 5; i++) {
            long id = runs.queue(i % 2 == 0 ? "a" : "b", "schedule", null, List.of());
            runs.finished(id, i == 4 ? RunStatus.FAILED : RunStatus.SUCCEEDED, null);
        }

        assertThat(runs.list(null, null, 0, 10)).extracting(Run::id).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(runs.list("a", null, 0, 10)).extracting(Run::id).containsExactly(5L, 3L, 1L);
        assertThat(runs.list(null, RunStatus.FAILED, 0, 10)).extracting(Run::id).containsExactly(5L);
        assertThat(runs.list(null, null, 2, 2)).extracting(Run::id).containsExactly(3L, 2L);
        assertThat(runs.count("a", RunStatus.SUCCEEDED)).isEqualTo(2);
    }

    @Test
    void abandonActive_failsRunsLeftByAStoppedProcess() {
        long id = runs.queue("demo", "api", "admin", List.of());
        runs.started(id);

        assertThat(runs.abandonActive("Patchrun stopped during the run")).isEqualTo(1);

        assertThat(runs.find(id).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void resumedRun_namesTheRunItContinues_andThatRunNamesIt() {
        long failed = runs.queue("demo", "schedule", null, List.of("demo/web"));
        runs.finished(failed, RunStatus.FAILED, "1 failed");

        long resumed = runs.queue("demo", "resume", "admin", List.of("demo/web"), failed);

        assertThat(runs.find(resumed).orElseThrow().resumes()).isEqualTo(failed);
        assertThat(runs.find(failed).orElseThrow().resumes()).isNull();
        assertThat(runs.resumedBy(failed)).contains(resumed);
        assertThat(runs.resumedBy(resumed)).isEmpty();
    }

    @Test
    void checkedBases_areReadWithTheRun_sortedByReference_withTheirProblems() {
        long id = runs.queue("demo", "schedule", null, List.of());

        runs.checkedBases(id, List.of(new RunBase("debian:12", "sha256:" + "d".repeat(64), null),
                new RunBase("alpine:3", null, "registry-1.docker.io answered HTTP 503")));

        assertThat(runs.find(id).orElseThrow().bases()).containsExactly(
                new RunBase("alpine:3", null, "registry-1.docker.io answered HTTP 503"),
                new RunBase("debian:12", "sha256:" + "d".repeat(64), null));
        assertThat(runs.list("demo", null, 0, 1).get(0).bases()).as("a list leaves them out").isEmpty();
    }

    @Test
    void versions_areNewestFirst_withOneCurrent() {
        versions.add(new ImageVersion("demo/web", "t1", "sha256:1", "b1", "c1", Instant.parse("2026-11-21T03:00:00Z"), 1L, false, false));
        versions.add(new ImageVersion("demo/web", "t2", "sha256:2", "b2", "c1", Instant.parse("2026-11-22T03:00:00Z"), 2L, false, false));
        versions.makeCurrent("demo/web", "t1");
        versions.makeCurrent("demo/web", "t2");
        versions.pruned("demo/web", "t1");

        assertThat(versions.versions("demo/web")).extracting(ImageVersion::tag).containsExactly("t2", "t1");
        assertThat(versions.current("demo/web")).map(ImageVersion::tag).contains("t2");
        assertThat(versions.version("demo/web", "t1")).map(ImageVersion::pruned).contains(true);
        assertThat(versions.versions("demo/api")).isEmpty();
    }
}
