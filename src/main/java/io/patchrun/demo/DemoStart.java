package io.patchrun.demo;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Prepares the demo fleet once the server is up, on a thread of its own: making images and containers
 * takes a while, and neither the start nor the UI waits for it.
 */
@Component
@ConditionalOnDemo
class DemoStart implements DisposableBean {

    private final Thread thread;

    DemoStart(Demo demo) {
        this.thread = new Thread(demo::prepare, "demo-fleet");
        this.thread.setDaemon(true);
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        thread.start();
    }

    /** Stops waiting for the first patch run; what was made so far stays. */
    @Override
    public void destroy() {
        thread.interrupt();
    }
}
