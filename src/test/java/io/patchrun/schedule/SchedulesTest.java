package io.patchrun.schedule;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

import io.patchrun.pipeline.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/** The triggers Schedules makes, on a real Quartz scheduler (in memory), with short times. */
class SchedulesTest {

    private final AtomicInteger patchRuns = new AtomicInteger();
    private final AtomicInteger baseChecks = new AtomicInteger();
    private Scheduler scheduler;
    private Schedules schedules;

    @BeforeEach
    void scheduler() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", "schedules-test-" + System.nanoTime());
        properties.setProperty("org.quartz.threadPool.threadCount", "2");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        scheduler = new StdSchedulerFactory(properties).getScheduler();
        scheduler.setJobFactory((bundle, s) -> context -> {
            (bundle.getJobDetail().getKey().getGroup().equals(Schedules.PATCH) ? patchRuns : baseChecks).incrementAndGet();
        });
        schedules = new Schedules(scheduler);
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.shutdown(false);
    }

    @Test
    void watchTrigger_checksBasesEveryWatchInterval() throws Exception {
        schedules.sync(List.of(pipeline("demo", null, "PT0.3S")));
        scheduler.start();

        Thread.sleep(1_200);

        assertThat(baseChecks.get()).isBetween(2, 5);
        assertThat(patchRuns.get()).isZero();
        assertThat(schedules.nextWatchAt("demo")).isPresent();
        assertThat(schedules.nextRunAt("demo")).isEmpty();
    }

    @Test
    void missedNightlyRun_firesOnceAtStart_notOncePerMissedTime() throws Exception {
        // Fires at three seconds in a row, shortly from now; the scheduler is not running across all three.
        ZonedDateTime first = ZonedDateTime.now(ZoneId.systemDefault()).plusSeconds(2);
        ZonedDateTime last = first.plusSeconds(2);
        String cron = first.getSecond() <= last.getSecond()
                ? first.getSecond() + "-" + last.getSecond() + " " + first.getMinute() + " " + first.getHour() + " * * ?"
                : first.getSecond() + " " + first.getMinute() + " " + first.getHour() + " * * ?";
        // Not started until all three have passed: a scheduler started and put on standby at once may already have
        // taken the first fire time, and fires it on time.
        schedules.sync(List.of(pipeline("nightly", cron, null)));

        Thread.sleep(Duration.between(ZonedDateTime.now(), last).toMillis() + 1_500);
        scheduler.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (patchRuns.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1_500);

        assertThat(patchRuns.get()).isEqualTo(1);
    }

    @Test
    void sync_followsChangedAndRemovedPipelines_andLeavesUnchangedTriggersAlone() throws Exception {
        schedules.sync(List.of(pipeline("a", "0 0 3 * * ?", "PT15M"), pipeline("b", "0 0 4 * * ?", null)));
        var firstA = scheduler.getTrigger(org.quartz.TriggerKey.triggerKey("a", Schedules.PATCH));

        schedules.sync(List.of(pipeline("a", "0 0 3 * * ?", "PT15M"), pipeline("b", "0 30 4 * * ?", null)));

        assertThat(scheduler.getTrigger(org.quartz.TriggerKey.triggerKey("a", Schedules.PATCH)).getStartTime()).isEqualTo(firstA.getStartTime());
        assertThat(((org.quartz.CronTrigger) scheduler.getTrigger(org.quartz.TriggerKey.triggerKey("b", Schedules.PATCH))).getCronExpression())
                .isEqualTo("0 30 4 * * ?");

        schedules.sync(List.of(pipeline("b", null, null)));

        assertThat(scheduler.checkExists(JobKey.jobKey("a", Schedules.PATCH))).isFalse();
        assertThat(scheduler.checkExists(JobKey.jobKey("a", Schedules.WATCH))).isFalse();
        assertThat(scheduler.checkExists(JobKey.jobKey("b", Schedules.PATCH))).isFalse();
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
}
