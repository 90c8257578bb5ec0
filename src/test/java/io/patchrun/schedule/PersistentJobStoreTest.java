package io.patchrun.schedule;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

import io.patchrun.history.HistoryDatabase;
import io.patchrun.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersistentJobStoreTest {

    @Test
    void inMemoryJobStore_isRefused_namingTheSettingThatFixesIt() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", "in-memory-" + System.nanoTime());
        properties.setProperty("org.quartz.threadPool.threadCount", "1");
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        try {
            assertThatThrownBy(() -> new PersistentJobStore(scheduler, HistoryDatabase.inMemory(new MutableClock()).leases("patchrun-test-1", false)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("keeps its schedules in memory (org.quartz.simpl.RAMJobStore)")
                    .hasMessageContaining("spring.quartz.job-store-type=jdbc");
        } finally {
            scheduler.shutdown(false);
        }
    }

    @Test
    void unclusteredJobStore_onADatabaseOthersMayShare_isRefused_namingTheProfile() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", "unclustered-" + System.nanoTime());
        properties.setProperty("org.quartz.threadPool.threadCount", "1");
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        try {
            assertThatThrownBy(() -> PersistentJobStore.checkClustered(scheduler.getMetaData()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not clustered")
                    .hasMessageContaining("--spring.profiles.active=postgres");
        } finally {
            scheduler.shutdown(false);
        }
    }
}
