package io.patchrun.smoke;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.patchrun.container.ContainerState;
import io.patchrun.pipeline.SmokeSpec;
import io.patchrun.time.Pause;
import io.patchrun.time.Polling;

/**
 * Runs a smoke test as a chain of small checks against one throwaway container: the HTTP check, the
 * command, the image's own HEALTHCHECK, then that the container still runs. The spec's timeout covers the
 * checks together, from the moment the container has started. The first failing check ends the test; the
 * container is removed in every case.
 */
public final class ContainerSmokeRunner implements SmokeRunner {

    static final Duration POLL_EVERY = Duration.ofMillis(200);
    /** How long a container with nothing else to check must stay up to pass. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    private final SmokeContainers containers;
    private final Clock clock;
    private final Polling polling;
    private final Duration pollEvery;
    private final Duration settle;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param clock measures the checks against the timeout
     * @param pause waits between two looks at the container: {@link Pause#sleeping()} outside tests
     */
    public ContainerSmokeRunner(SmokeContainers containers, Clock clock, Pause pause) {
        this(containers, clock, pause, POLL_EVERY, SETTLE);
    }

    ContainerSmokeRunner(SmokeContainers containers, Clock clock, Pause pause, Duration pollEvery, Duration settle) {
        this.containers = Objects.requireNonNull(containers, "the smoke runner needs a way to start containers");
        this.clock = Objects.requireNonNull(clock, "the smoke runner needs a clock");
        this.polling = new Polling(clock, pause);
        this.pollEvery = pollEvery;
        this.settle = settle;
    }

    @Override
    public SmokeResult run(SmokeRequest request) {
        Instant start = clock.instant();
        List<CheckResult> results = new ArrayList<>();
        String failure = null;
        boolean interrupted = false;
        try (SmokeContainer container = containers.start(request.imageId(), ports(request.spec()), labels(request))) {
            failure = runChecks(checksFor(request.spec(), container), container, results);
        } catch (SmokeEngineException e) {
            failure = failure == null ? e.getMessage() : failure + "; then " + e.getMessage();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        Duration took = Duration.between(start, clock.instant());
        // An engine call interrupted midway fails with the engine's words, but the interrupt is the cause.
        if (interrupted || Thread.currentThread().isInterrupted()) {
            Thread.currentThread().interrupt();
            return new SmokeResult(false, results, "smoke test of " + request.image() + " was interrupted", took);
        }
        String message = "smoke test of " + request.image() + (failure == null
                ? " passed: " + String.join("; ", results.stream().map(CheckResult::detail).toList())
                : " failed: " + failure);
        return new SmokeResult(failure == null, results, message, took);
    }

    /** The checks in the order they run; they share one {@link CheckLoop}, whose time starts now. */
    private List<SmokeCheck> checksFor(SmokeSpec spec, SmokeContainer container) {
        CheckLoop loop = new CheckLoop(polling, pollEvery, spec.timeout());
        List<SmokeCheck> checks = new ArrayList<>();
        if (spec.http() != null) {
            checks.add(new HttpStatusCheck(spec.http(), http, loop));
        }
        if (!spec.command().isEmpty()) {
            checks.add(new CommandCheck(spec.command(), loop));
        }
        if (container.state().health() != ContainerState.Health.NONE) {
            checks.add(new HealthStatusCheck(loop));
        }
        checks.add(new StillRunningCheck(checks.isEmpty() ? settle : Duration.ZERO, loop));
        return checks;
    }

    /** @return the failing check's detail, or {@code null} when all passed */
    private static String runChecks(List<SmokeCheck> checks, SmokeContainer container, List<CheckResult> results)
            throws InterruptedException {
        for (SmokeCheck check : checks) {
            CheckResult result = check.run(container);
            results.add(result);
            if (!result.passed()) {
                return result.detail();
            }
        }
        return null;
    }

    private static List<Integer> ports(SmokeSpec spec) {
        return spec.http() == null ? List.of() : List.of(spec.http().port());
    }

    private static Map<String, String> labels(SmokeRequest request) {
        Map<String, String> labels = new HashMap<>(request.labels());
        labels.put(LABEL, request.image());
        return labels;
    }
}
