package io.patchrun.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engines Patchrun drives, by name, in configuration order; exactly one of them builds. With no engines
 * configured there is one, {@code local}, made from {@code patchrun.docker.host}.
 */
public final class Engines {

    /** The name of the one engine made from {@code patchrun.docker.host} when no engines are configured. */
    public static final String DEFAULT_NAME = "local";

    private final Map<String, Engine> byName = new LinkedHashMap<>();
    private final Engine build;

    public Engines(List<Engine> engines) {
        Engine builder = null;
        for (Engine engine : engines) {
            if (byName.putIfAbsent(engine.name(), engine) != null) {
                throw new IllegalArgumentException("engine " + engine.name() + " is given twice");
            }
            if (engine.build()) {
                if (builder != null) {
                    throw new IllegalArgumentException("engines " + builder.name() + " and " + engine.name() + " both build; exactly one may");
                }
                builder = engine;
            }
        }
        if (builder == null) {
            throw new IllegalArgumentException("none of the engines " + byName.keySet() + " builds; exactly one must");
        }
        this.build = builder;
    }

    /** The engine that builds, smoke-tests and pushes. */
    public Engine build() {
        return build;
    }

    public List<Engine> all() {
        return new ArrayList<>(byName.values());
    }

    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    public Optional<Engine> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @throws IllegalArgumentException naming the engines there are, when none is named {@code name} */
    public Engine get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no engine is named " + name + "; the engines are "
                + String.join(", ", byName.keySet()) + " (patchrun.engines)"));
    }

    /**
     * The engines an image deploys to: those its pipeline names ({@code engines:}), or the build engine when it names none.
     *
     * @throws IllegalArgumentException for a name no engine has
     */
    public List<Engine> of(List<String> names) {
        return names.isEmpty() ? List.of(build) : names.stream().map(this::get).toList();
    }
}
