package io.patchrun.schedule;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.pipeline.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The triggers Schedules makes, on the scheduler production runs: Spring Boot's Quartz with the settings of
 * the jar's own application.yml, the JDBC job store on an H2 database made by the Flyway migrations. Jobs only
 * record that they fired.
 */
class SchedulesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private final Fires fires = new Fires();
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void scheduler_keepsTriggersInTheDatabase() throws Exception {
        Scheduler scheduler = start().getBean(Scheduler.class);

        assertThat(JobStoreSupport.class).isAssignableFrom(scheduler.getMetaData().getJobStoreClass());
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
    }

    @Test
    void watchTrigger_checksBasesEveryWatchInterval() throws Exception {
        ConfigurableApplicationContext app = start();
        Schedules schedules = app.getBean(Schedules.class);

        schedules.sync(List.of(pipeline("demo", null, "PT0.5S")));
        Instant first = app.getBean(Scheduler.class).getTrigger(TriggerKey.triggerKey("demo", Schedules.WATCH)).getStartTime().toInstant();

        List<Fire> three = List.of(fires.next(), fires.next(), fires.next());
        assertThat(three).extracting(Fire::job).containsOnly(JobKey.jobKey("demo", Schedules.WATCH));
        assertThat(three).extracting(Fire::scheduled)
                .containsExactly(first, first.plusMillis(500), first.plusMillis(1_000));
        assertThat(schedules.nextWatchAt("demo")).isPresent();
        assertThat(schedules.nextRunAt("demo")).isEmpty();
    }

    @Test
    void missedNightlyRuns_fireOnceAtStart_notOncePerMissedNight() throws Exception {
        // Twelve hours away from now, so no nightly run falls due by itself while the test runs.
        String cron = "0 0 " + ZonedDateTime.now().plusHours(12).getHour() + " * * ?";
        List<Pipeline> pipelines = List.of(pipeline("nightly", cron, null));
        ConfigurableApplicationContext before = start();
        before.getBean(Schedules.class).sync(pipelines);
        before.close();

        // Patchrun ran the night four nights ago, then was down for three. Quartz reads the system clock, which a test
        // cannot move, so the stored trigger is moved back instead, to how it would have been left that night.
        CronExpression nightly = new CronExpression(cron);
        Date lastRun = nightly.getNextValidTimeAfter(Date.from(Instant.now().minus(Duration.ofDays(4))));
        Date firstMissed = nightly.getNextValidTimeAfter(lastRun);
        Date lastMissed = nightly.getNextValidTimeAfter(nightly.getNextValidTimeAfter(firstMissed));
        assertThat(lastMissed).isBefore(new Date());
        moveBack(TriggerKey.triggerKey("nightly", Schedules.PATCH), lastRun, firstMissed);

        ConfigurableApplicationContext after = start();
        Schedules schedules = after.getBean(Schedules.class);
        schedules.sync(pipelines);

        Fire fire = fires.next();
        assertThat(fire.job()).isEqualTo(JobKey.jobKey("nightly", Schedules.PATCH));
        // The next run is the coming night: none of the other missed nights is left to fire.
        assertThat(schedules.nextRunAt("nightly")).contains(nightly.getNextValidTimeAfter(Date.from(fire.fired())).toInstant());
        assertThat(fires.recorded).isEmpty();
    }

    @Test
    void sync_followsChangedAndRemovedPipelines_andLeavesUnchangedTriggersAlone() throws Exception {
        ConfigurableApplicationContext app = start();
        Scheduler scheduler = app.getBean(Scheduler.class);
        Schedules schedules = app.getBean(Schedules.class);
        schedules.sync(List.of(pipeline("a", "0 0 3 * * ?", "PT15M"), pipeline("b", "0 0 4 * * ?", null)));
        var firstA = scheduler.getTrigger(TriggerKey.triggerKey("a", Schedules.PATCH));

        schedules.sync(List.of(pipeline("a", "0 0 3 * * ?", "PT15M"), pipeline("b", "0 30 4 * * ?", null)));

        assertThat(scheduler.getTrigger(TriggerKey.triggerKey("a", Schedules.PATCH)).getStartTime()).isEqualTo(firstA.getStartTime());
        assertThat(((CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey("b", Schedules.PATCH))).getCronExpression())
                .isEqualTo("0 30 4 * * ?");

        schedules.sync(List.of(pipeline("b", null, null)));

        assertThat(scheduler.checkExists(JobKey.jobKey("a", Schedules.PATCH))).isFalse();
        assertThat(scheduler.checkExists(JobKey.jobKey("a", Schedules.WATCH))).isFalse();
        assertThat(scheduler.checkExists(JobKey.jobKey("b", Schedules.PATCH))).isFalse();
    }

    @Test
    void windowTrigger_isSetToTheWindowsNextOpening_firesAtOnceWhenItIsOpen_andGoesInMonitorMode() throws Exception {
        ConfigurableApplicationContext app = start();
        Scheduler scheduler = app.getBean(Scheduler.class);
        Schedules schedules = app.getBean(Schedules.class);
        java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
        String closed = "window: { from: \"" + now.plusHours(2).withSecond(0).withNano(0) + "\", to: \""
                + now.plusHours(3).withSecond(0).withNano(0) + "\", zone: UTC }\n";
        Pipeline waiting = withLines("later", closed);

        schedules.sync(List.of(waiting));

        assertThat(schedules.nextWindowAt("later")).contains(waiting.window().nextOpening(Instant.now()));
        assertThat(scheduler.getTrigger(TriggerKey.triggerKey("later", Schedules.WINDOW)).getJobDataMap().getString(Schedules.WINDOW_DESCRIPTION))
                .isEqualTo(waiting.window().describe());

        schedules.sync(List.of(withLines("later", "window: { from: \"" + now.minusHours(1).withSecond(0).withNano(0) + "\", to: \""
                + now.plusHours(2).withSecond(0).withNano(0) + "\", zone: UTC }\n")));

        assertThat(fires.next().job()).as("the window changed to one open now").isEqualTo(JobKey.jobKey("later", Schedules.WINDOW));

        schedules.sync(List.of(withLines("later", "mode: monitor\n" + closed)));

        assertThat(scheduler.checkExists(JobKey.jobKey("later", Schedules.WINDOW))).as("monitor mode rolls nothing out").isFalse();
    }

    private static Pipeline withLines(String name, String lines) {
        return Pipeline.parse(Path.of("/tmp/" + name + ".yml"), "name: " + name + "\n" + lines
                + "repositories:\n  - url: /srv/" + name + "\n    images:\n      - name: demo/" + name + "\n");
    }

    /** Patchrun's scheduler on this test's database, started as the server starts it. */
    private ConfigurableApplicationContext start() {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(QuartzOnH2.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .initializers(context -> context.getBeanFactory().registerSingleton("fires", fires))
                .properties("spring.datasource.url=" + databaseUrl(), "spring.datasource.username=sa", "spring.datasource.password=")
                .run();
        started.add(app);
        return app;
    }

    private String databaseUrl() {
        return "jdbc:h2:file:" + dataDir.resolve("patchrun").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Makes the stored trigger one that started and last fired at {@code lastFired} and is due at {@code next}. */
    private void moveBack(TriggerKey trigger, Date lastFired, Date next) throws Exception {
        try (Connection db = DriverManager.getConnection(databaseUrl(), "sa", "");
             PreparedStatement update = db.prepareStatement("UPDATE QRTZ_TRIGGERS SET START_TIME = ?, PREV_FIRE_TIME = ?, NEXT_FIRE_TIME = ?"
                     + " WHERE TRIGGER_NAME = ? AND TRIGGER_GROUP = ?")) {
            update.setLong(1, lastFired.getTime());
            update.setLong(2, lastFired.getTime());
            update.setLong(3, next.getTime());
            update.setString(4, trigger.getName());
            update.setString(5, trigger.getGroup());
            assertThat(update.executeUpdate()).as("stored triggers named " + trigger).isEqualTo(1);
        }
    }

    private static Pipeline pipeline(String name, String cron, String watchEvery) {
        StringBuilder yaml = new StringBuilder("name: " + name + "\n");
        if (cron != null) {
            yaml.append("schedule: \"").append(cron).append("\"\n");
        }
        if (watchEvery != null) {
            yaml.append("watchEvery: ").append(watchEvery).append("\n");
        }
        yaml.append("repositories:\n  - url: /srv/").append(name).append("\n    images:\n      - name: demo/").append(name).append("\n");
        return Pipeline.parse(Path.of("/tmp/" + name + ".yml"), yaml.toString());
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            FlywayAutoConfiguration.class, QuartzAutoConfiguration.class})
    static class QuartzOnH2 {

        @Bean
        SchedulerFactoryBeanCustomizer recordingJobs(Fires fires) {
            return factory -> factory.setJobFactory(fires);
        }

        @Bean
        Schedules schedules(Scheduler scheduler) {
            return new Schedules(scheduler, java.time.Clock.systemUTC());
        }
    }

    /** One job run: which job, the time its trigger was due, and when it ran. */
    record Fire(JobKey job, Instant scheduled, Instant fired) {
    }

    /** Makes jobs that only record their run. */
    static final class Fires implements JobFactory {

        final BlockingQueue<Fire> recorded = new LinkedBlockingQueue<>();

        @Override
        public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) {
            return context -> recorded.add(new Fire(context.getJobDetail().getKey(),
                    context.getScheduledFireTime().toInstant(), context.getFireTime().toInstant()));
        }

        Fire next() throws InterruptedException {
            Fire fire = recorded.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(fire).as("a job ran within " + PATIENCE).isNotNull();
            return fire;
        }
    }
}
