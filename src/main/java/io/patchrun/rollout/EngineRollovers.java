package io.patchrun.rollout;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.patchrun.container.Engine;
import io.patchrun.container.Engines;
import io.patchrun.time.Pause;

/**
 * The rollovers of every engine, made once, so each engine takes its cutovers one at a time across all runs while
 * different engines take theirs at the same time. They share what is under way, so a stop waits for all of them.
 */
public final class EngineRollovers {

    private final Engines engines;
    private final Map<String, Rollover> byEngine = new LinkedHashMap<>();
    private final Map<String, VolumeSnapshots> snapshotsOf = new LinkedHashMap<>();

    /**
     * @param onBuildEngine the rollovers of the build engine's containers
     * @param buildSnapshots where the build engine's rollovers save its containers' volumes
     * @param snapshots     where another engine's rollovers save its containers' volumes
     */
    public EngineRollovers(Engines engines, Rollover onBuildEngine, VolumeSnapshots buildSnapshots, Function<Engine, VolumeSnapshots> snapshots) {
        this.engines = engines;
        for (Engine engine : engines.all()) {
            VolumeSnapshots saved = engine.build() ? buildSnapshots : snapshots.apply(engine);
            snapshotsOf.put(engine.name(), saved);
            byEngine.put(engine.name(), engine.build() ? onBuildEngine : onBuildEngine.on(engine.containers(), saved));
        }
    }

    /**
     * What puts the rollovers a stopped process left unfinished on engine {@code name} to rest, with the volume snapshots
     * its rollovers saved; empty when no engine has that name (any more).
     *
     * @param name the engine a journal entry names; {@code null} (an entry older than engines' names) is the build engine
     */
    public Optional<RolloverRecovery> recovery(String name, Clock clock, Pause pause) {
        Engine engine = name == null ? engines.build() : engines.find(name).orElse(null);
        return Optional.ofNullable(engine).map(found -> new RolloverRecovery(found.containers(), clock, pause).withSnapshots(snapshotsOf.get(found.name())));
    }

    public Engines engines() {
        return engines;
    }

    /** The rollovers of engine {@code name}. @throws IllegalArgumentException naming the engines there are */
    public Rollover of(String name) {
        engines.get(name);
        return byEngine.get(name);
    }

    /**
     * One side per engine of {@code names}, each engine's rollovers changed by {@code each} (journaled as one run's, say)
     * and told their engine.
     */
    public List<ContainerRollouts.Side> sides(List<String> names, Function<String, UnaryOperator<Rollover>> each) {
        return names.stream().map(name -> new ContainerRollouts.Side(name, engines.get(name).containers(), each.apply(name).apply(of(name))))
                .toList();
    }
}
