package io.patchrun.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import io.patchrun.history.RunHistory;

/**
 * The start-up step that marks FAILED the runs a stopped process left queued or running: their threads
 * ended with that process, so nothing else would ever finish them. It runs once every bean exists and
 * before the scheduler and the web server start, so no run of this process can be among them.
 */
@Component
class UnfinishedRuns implements SmartInitializingSingleton {

    static final String WHY = "Patchrun stopped while this run was going; start it again";

    private static final Logger log = LoggerFactory.getLogger(UnfinishedRuns.class);

    private final RunHistory runs;

    UnfinishedRuns(RunHistory runs) {
        this.runs = runs;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int abandoned = runs.abandonActive(WHY);
        if (abandoned > 0) {
            log.warn("{} run(s) left unfinished by the last process were marked FAILED", abandoned);
        }
    }
}
