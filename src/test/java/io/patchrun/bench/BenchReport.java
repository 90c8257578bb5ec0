package io.patchrun.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/** The patch-run benchmark's figures, printed as they are added and written to a file at the end. */
final class BenchReport {

    /** One image of the Patchrun run, in seconds from the start request; the rollover fields are {@code null} for images with no container. */
    record ImageTimes(String image, Duration buildAt, Duration build, Duration rollAt, Duration rollover, Duration waited,
                      Duration teardown, Duration start) {
    }

    private final List<String> lines = new ArrayList<>();

    void table(Measured serial, Measured parallel, Measured patchrun, CriticalPath.Chain chain, Duration schedule,
               int builds, int rollouts, Duration stopTimeout) {
        Duration total = patchrun.total();
        line("Patch run of a 30-image fleet (3 platforms, 9 services, 18 apps; one RUN sleep 1 each) with 18 apps running");
        line("busybox httpd as PID 1 (ignores SIGTERM; stop timeout %d s); %d builds and %d rollovers at a time.",
                stopTimeout.toSeconds(), builds, rollouts);
        line("");
        row("", "script, serial", "script, -P", "Patchrun");
        row("total", seconds(serial.total()), seconds(parallel.total()), seconds(total));
        row("  builds (scripts: level by level)", seconds(serial.phases().get("builds")), seconds(parallel.phases().get("builds")), "-");
        row("  rollovers (scripts: after all builds)", seconds(serial.phases().get("rollovers")),
                seconds(parallel.phases().get("rollovers")), "-");
        row("time / serial script's (target <= 0.20)", "1", ratio(parallel.total(), serial.total()), ratio(total, serial.total()));
        row("longest outage of one app (target <= 500 ms)", millis(serial.longestOutage()), millis(parallel.longestOutage()),
                millis(patchrun.longestOutage()));
        row("  the app it was", serial.longestOutageApp(), parallel.longestOutageApp(), patchrun.longestOutageApp());
        row("critical path of engine calls", "", "", seconds(chain.total()));
        row("overhead = total - critical path", "", "", seconds(total.minus(chain.total())));
        row("  as a share of total (target < 10%)", "", "", percent(total.minus(chain.total()), total));
        row("same calls, same limits, no time between", "", "", seconds(schedule));
        row("  total - that, as a share of total", "", "", percent(total.minus(schedule), total));
    }

    void explain(CriticalPath.Chain chain, Duration schedule, Duration total, int builds, int rollouts, Duration stopTimeout) {
        line("How the critical path is worked out, from what the run recorded:");
        line("  each image's build time is its buildMillis (the engine's build of it, up to the built image's inspect);");
        line("  each app's rollover time runs from the rollout record written before its new container is created");
        line("  to the end recorded once the old one is removed: create, stop (the full %d s), two renames, start,", stopTimeout.toSeconds());
        line("  the health gate (the policy's minimum uptime of 1 s) and the removal.");
        line("  critical path = the longest chain of builds through the dependency tree, each starting when its parent's ends,");
        line("  plus the rollover of the image the chain ends in: here %s", String.join(" -> ", chain.images().stream()
                .map(BenchReport::shortName).toList()));
        line("  = builds %s + rollover %s = %s.", seconds(chain.builds()), seconds(chain.rollover()), seconds(chain.total()));
        line("  It ignores the limits: with %d rollovers at a time, 18 rollovers of about %s each take at least three",
                rollouts, seconds(chain.rollover()));
        line("  rounds whatever the orchestrator does. 'Same calls, same limits, no time between' plays the recorded");
        line("  durations through %d build and %d rollout slots, each call starting the moment its inputs and a slot are free,",
                builds, rollouts);
        line("  in Patchrun's own order: %s, so %s of the %s are Patchrun's own (Git, registry, database, waits,",
                seconds(schedule), seconds(total.minus(schedule)), seconds(total));
        line("  scheduling, the engine calls outside the timed spans: listing and inspecting containers, tagging).");
    }

    /** @param steps the run's steps as {@code name -> "start .. end"}, in seconds from the start request */
    void timeline(Duration check, Duration started, List<String> steps, Duration ended, List<ImageTimes> images) {
        line("Where Patchrun's time went (seconds from the start request):");
        line("  base check before the run (not in the total): %s", seconds(check));
        line("  run started %s", at(started));
        steps.forEach(step -> line("  step %s", step));
        line("  run ended %s", at(ended));
        String format = "  %-12s %9s %9s %9s %9s %9s %9s %9s";
        line(format, "image", "build at", "build", "roll at", "rollover", "waited", "teardown", "start");
        for (ImageTimes image : images) {
            line(format, shortName(image.image()), at(image.buildAt()), seconds(image.build()), at(image.rollAt()),
                    seconds(image.rollover()), seconds(image.waited()), seconds(image.teardown()), seconds(image.start()));
        }
        line("  'waited': from the end of an app's build to its rollout record (smoke test none, tagging, a free");
        line("  rollout slot, listing and inspecting its containers). 'teardown': from the old process's death to the");
        line("  engine reporting it stopped; 'start': from there to the new one started (the engine's event times).");
    }

    void replacements(List<Measured> measured) {
        line("The engine's account of the 18 app replacements (its event times; median / longest), and the probes':");
        line("  %-50s" + " %19s".repeat(measured.size()), header(measured));
        phase("SIGTERM to the old process's death (stop timeout)", measured, EngineEvents.Replacement::termToDeath);
        phase("death to the old one stopped (network torn down)", measured, EngineEvents.Replacement::deathToStopped);
        phase("stopped to the new one started", measured, EngineEvents.Replacement::stoppedToStarted);
        phase("death to the new one started", measured, EngineEvents.Replacement::deathToStarted);
        phase("new one started to the old one removed", measured, EngineEvents.Replacement::startedToRemoved);
        List<Object> cells = new ArrayList<>(List.of("no answer on the app's port (probes)"));
        measured.forEach(m -> cells.add(spread(List.copyOf(m.outages().values()))));
        line("  %-50s" + " %19s".repeat(measured.size()), cells.toArray());
        line("  scripts: stopped to started is docker rm, then docker run (create and start); Patchrun: two renames and");
        line("  a start, then the health gate (running for 1 s) before the old one is removed.");
    }

    void machine(String loadBefore, List<Measured> measured, Duration probeEvery) {
        StringBuilder loads = new StringBuilder();
        measured.forEach(m -> loads.append(", after ").append(m.name()).append(' ').append(m.loadAfter()));
        line("machine: %d cores; load average (1, 5, 15 min) before %s%s", Runtime.getRuntime().availableProcessors(), loadBefore, loads);
        StringBuilder probes = new StringBuilder();
        measured.forEach(m -> probes.append(probes.length() == 0 ? "" : ", ").append(m.probes()).append(" during ").append(m.name()));
        line("probes sent: %s; every %d ms per app, each on a fresh connection", probes, probeEvery.toMillis());
    }

    void line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        lines.add(line);
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }

    private void row(String what, String serial, String parallel, String patchrun) {
        line("%-46s %14s %14s %14s", what, serial, parallel, patchrun);
    }

    private void phase(String what, List<Measured> measured, Function<EngineEvents.Replacement, Duration> phase) {
        List<Object> cells = new ArrayList<>(List.of(what));
        measured.forEach(m -> cells.add(spread(m.replacements().stream().map(phase).filter(Objects::nonNull).toList())));
        line("  %-50s" + " %19s".repeat(measured.size()), cells.toArray());
    }

    private static Object[] header(List<Measured> measured) {
        List<Object> cells = new ArrayList<>(List.of(""));
        measured.forEach(m -> cells.add(m.name()));
        return cells.toArray();
    }

    private static String spread(List<Duration> durations) {
        if (durations.isEmpty()) {
            return "-";
        }
        List<Duration> sorted = durations.stream().sorted().toList();
        return sorted.get(sorted.size() / 2).toMillis() + " / " + sorted.get(sorted.size() - 1).toMillis() + " ms";
    }

    private static String shortName(String image) {
        return image.substring(image.indexOf('/') + 1);
    }

    private static String at(Duration sinceStart) {
        return sinceStart == null ? "-" : String.format(Locale.ROOT, "%.2f", sinceStart.toMillis() / 1000.0);
    }

    private static String seconds(Duration duration) {
        return duration == null ? "-" : String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    private static String ratio(Duration part, Duration whole) {
        return String.format(Locale.ROOT, "%.3f", (double) part.toMillis() / whole.toMillis());
    }

    private static String percent(Duration part, Duration whole) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * part.toMillis() / whole.toMillis());
    }
}
