package io.patchrun.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.patchrun.batch.RunRequest;
import io.patchrun.history.Run;
import io.patchrun.history.RunStatus;
import io.patchrun.image.Digest;
import io.patchrun.run.PatchRuns;
import io.patchrun.run.RunRefused;

/**
 * Makes what the demo fleet needs and does not have yet, checking each thing before making it: the Git
 * repositories, the base in the registry, and (when a demo container is missing) the images, by a forced
 * patch run, and the containers. What exists is left as it is.
 */
final class DemoFleet {

    /** The patch run trigger of the run that builds the demo's images for the first time. */
    static final String TRIGGER = "demo";
    static final String LIVE_ROLE = "DEMO_ROLE";
    private static final int APP_PORT = 8080;
    private static final String RESTART = "; once it answers, restart Patchrun to make the demo fleet";

    private final DemoEngine engine;
    private final DemoBase base;
    private final PatchRuns runs;
    private final Duration runTimeout;

    DemoFleet(DemoEngine engine, DemoBase base, PatchRuns runs, Duration runTimeout) {
        this.engine = engine;
        this.base = base;
        this.runs = runs;
        this.runTimeout = runTimeout;
    }

    /**
     * @return what the demo consists of, one line per thing, saying whether it was made now or was there
     * @throws DemoException when the engine or registry does not answer, or a step fails; what was made
     *                       before stays
     */
    List<String> prepare(DemoLayout layout, DemoActions actions, DemoProperties properties) throws InterruptedException {
        DemoNames names = layout.names();
        engine.problem().ifPresent(problem -> {
            throw new DemoException(problem + RESTART);
        });
        Optional<Digest> digest;
        try {
            digest = base.current(names.base());
        } catch (DemoException e) {
            throw new DemoException(e.getMessage() + RESTART, e);
        }
        List<String> things = new ArrayList<>(actions.ensureRepositories());
        if (digest.isEmpty()) {
            things.add("base image " + base.publishNext(names.base()).describe() + ", built FROM scratch from this machine's busybox (made now)");
        } else {
            things.add("base image " + names.base().familiar() + " (" + digest.get().value() + ", already there)");
        }
        List<DemoContainer> containers = containers(names, properties);
        List<DemoContainer> missing = containers.stream().filter(container -> !engine.containerExists(container.name())).toList();
        if (!missing.isEmpty()) {
            things.add("images " + String.join(", ", names.images()) + ", built by patch run " + firstRun() + " (made now)");
        }
        for (DemoContainer container : containers) {
            boolean make = missing.contains(container);
            if (make) {
                start(container);
            }
            things.add("container " + container.name() + " running " + container.image() + " on " + container.url()
                    + (make ? " (made now)" : " (already there)"));
        }
        return List.copyOf(things);
    }

    /** The demo's containers: each app on its loopback port, marked live so break-next can tell it from a smoke test. */
    static List<DemoContainer> containers(DemoNames names, DemoProperties properties) {
        Map<String, String> env = Map.of(LIVE_ROLE, "live");
        Map<String, String> labels = Map.of(DemoContainer.LABEL, "true");
        return List.of(
                new DemoContainer(names.webContainer(), names.web() + ":latest", properties.webPort(), APP_PORT, env, labels),
                new DemoContainer(names.apiContainer(), names.api() + ":latest", properties.apiPort(), APP_PORT, env, labels));
    }

    private void start(DemoContainer container) {
        try {
            engine.run(container);
        } catch (DemoException e) {
            throw new DemoException(e.getMessage() + " (the demo's host ports are set by patchrun.demo.web-port and"
                    + " patchrun.demo.api-port)", e);
        }
    }

    /** Builds every demo image with a forced patch run and waits for it; @return the run's id */
    private long firstRun() throws InterruptedException {
        long id;
        try {
            id = runs.start(DemoLayout.PIPELINE, new RunRequest(List.of(), true), TRIGGER, null);
        } catch (RunRefused e) {
            throw new DemoException("the demo's images were not built: " + e.getMessage(), e);
        }
        Run run = runs.await(id, runTimeout);
        if (run.status().active()) {
            throw new DemoException("the demo's images were not built in time: patch run " + id + " is still going after "
                    + runTimeout.toMinutes() + " minutes; the demo's containers are made at the next start");
        }
        if (run.status() != RunStatus.SUCCEEDED) {
            throw new DemoException("the demo's images were not built: patch run " + id + " ended " + run.status()
                    + (run.message() == null ? "" : " (" + run.message() + ")") + "; its images say why: GET /api/runs/" + id);
        }
        return id;
    }
}
