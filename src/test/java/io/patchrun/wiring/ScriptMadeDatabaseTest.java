package io.patchrun.wiring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.patchrun.PatchrunApplication;
import io.patchrun.history.Run;
import io.patchrun.history.RunHistory;
import io.patchrun.history.RunStatus;
import io.patchrun.history.RolloutLog;
import io.patchrun.testsupport.AppClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database made by the start scripts of the versions before schema migrations
 * ({@code src/test/resources/db/made-by-start-scripts.sql}), started with today's Patchrun: it is migrated
 * at start and keeps its history, and its stored Quartz jobs still run.
 */
class ScriptMadeDatabaseTest {

    private static final String PASSWORD = "upgrade-admin";

    @Test
    void databaseMadeByStartScripts_isMigratedAtStart_withHistoryAndStoredJobsIntact(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        try (Connection connection = DriverManager.getConnection(DataDirDatabase.urlFor(data), "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("RUNSCRIPT FROM 'classpath:db/made-by-start-scripts.sql'");
        }
        Path pipelines = Files.createDirectories(tmp.resolve("pipelines"));
        // As when the database was made: same schedules, so the stored triggers are left as they are.
        Files.writeString(pipelines.resolve("legacy.yml"), """
                name: legacy
                schedule: "0 0 3 * * ?"
                watchEvery: PT1H
                repositories:
                  - url: ../repos/app
                    images:
                      - name: jar-fixture/app
                """);

        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PatchrunApplication.class).run(
                "--patchrun.data-dir=" + data, "--patchrun.pipelines-dir=" + pipelines, "--server.port=0",
                "--PATCHRUN_ADMIN_PASSWORD=" + PASSWORD)) {
            JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));

            List<Map<String, Object>> migrations = jdbc.sql("""
                    SELECT "version", "type", "success" FROM "flyway_schema_history" WHERE "version" IS NOT NULL
                    ORDER BY "installed_rank"
                    """).query().listOfRows();
            assertThat(migrations).extracting(m -> m.get("version") + " " + m.get("type") + " " + m.get("success"))
                    .startsWith("0 BASELINE true", "1 SQL true", "2 SQL true").allMatch(row -> row.endsWith(" true"));

            AppClient client = new AppClient(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
            assertThat(client.getAs("admin", PASSWORD, "/api/runs?pipeline=legacy").body())
                    .contains("\"id\":2,\"pipeline\":\"legacy\",\"trigger\":\"api\",\"requestedBy\":\"admin\",\"status\":\"SUCCEEDED\"")
                    .contains("\"id\":1,\"pipeline\":\"legacy\"");
            assertThat(client.getAs("admin", PASSWORD, "/api/runs/2").body())
                    .contains("\"status\":\"DEPLOYED\",\"tag\":\"20261201-035923-2\"")
                    .contains("\"containers\":[\"jar-fixture-app\"]");
            assertThat(client.getAs("admin", PASSWORD, "/api/images/jar-fixture--app/versions").body())
                    .contains("\"tag\":\"20261201-035923-2\"").contains("\"tag\":\"20261201-035914-1\"")
                    .contains("\"current\":true");
            assertThat(client.getAs("admin", PASSWORD, "/api/bases").body())
                    .contains("\"ref\":\"127.0.0.1:5000/jar-fixture/base:stable\"")
                    .contains("sha256:fef045d481739445ad7ad45822a4eb6c82f0f2bf0ba86df7e85f2b823e5ee35e");
            assertThat(app.getBean(RolloutLog.class).of("jar-fixture-app")).singleElement()
                    .satisfies(rollout -> assertThat(rollout.result()).isEqualTo("DEPLOYED"))
                    .satisfies(rollout -> assertThat(rollout.endedAt()).isNotNull());

            // The stored jobs load under their new class names, with their triggers as they were stored.
            Scheduler scheduler = app.getBean(Scheduler.class);
            assertThat(scheduler.getJobDetail(JobKey.jobKey("legacy", "patch")).getJobClass().getName())
                    .isEqualTo("io.patchrun.schedule.PatchRunQuartzJob");
            assertThat(scheduler.getJobDetail(JobKey.jobKey("legacy", "watch")).getJobClass().getName())
                    .isEqualTo("io.patchrun.schedule.BaseCheckQuartzJob");
            assertThat(scheduler.getTrigger(TriggerKey.triggerKey("legacy", "patch")).getStartTime().toInstant())
                    .isEqualTo(Instant.ofEpochMilli(1796097544000L));
            assertThat(scheduler.getTrigger(TriggerKey.triggerKey("legacy", "watch")).getStartTime().toInstant())
                    .isEqualTo(Instant.ofEpochMilli(1796101144311L));

            scheduler.triggerJob(JobKey.jobKey("legacy", "patch"));

            RunHistory runs = app.getBean(RunHistory.class);
            await().atMost(Duration.ofMinutes(1)).until(() -> runs.list("legacy", null, 0, 10).stream()
                    .anyMatch(run -> run.trigger().equals("schedule") && !run.status().active()));
            Run scheduled = runs.list("legacy", null, 0, 10).get(0);
            assertThat(scheduled.id()).isGreaterThan(2);
            assertThat(scheduled.trigger()).isEqualTo("schedule");
            assertThat(scheduled.status()).as(scheduled.toString()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(scheduled.message()).isEqualTo("nothing to rebuild: every image is built on the digests its bases have now");
        }
    }
}
