package io.patchrun.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.patchrun.fleet.CheckedOutImage;
import io.patchrun.fleet.Fleet;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.plan.DependencyGraph;
import io.patchrun.plan.FleetImage;
import io.patchrun.source.Revision;

/**
 * A fleet as read from Git, made in memory: each image with the bases its Dockerfile uses, the last one being
 * what its final stage is built FROM. Names are {@code demo/<name>}.
 */
final class FleetFixture {

    static final String COMMIT = "c".repeat(40);

    private final Map<String, List<String>> images = new LinkedHashMap<>();
    private final Set<String> unreadable = new LinkedHashSet<>();

    /** An image whose Dockerfile uses {@code bases} in order; the last is its final stage's. */
    FleetFixture image(String name, String... bases) {
        images.put("demo/" + name, List.of(bases));
        return this;
    }

    FleetFixture unreadable(String name) {
        images.put("demo/" + name, List.of());
        unreadable.add("demo/" + name);
        return this;
    }

    Fleet fleet() {
        StringBuilder yaml = new StringBuilder("name: demo\nrepositories:\n  - url: https://git.example.com/demo.git\n    images:\n");
        images.keySet().forEach(name -> yaml.append("      - name: ").append(name).append('\n'));
        Pipeline pipeline = Pipeline.parse(Path.of("pipelines/demo.yml"), yaml.toString());
        Map<String, CheckedOutImage> checkedOut = new LinkedHashMap<>();
        List<FleetImage> graph = new ArrayList<>();
        for (ImageSpec spec : pipeline.images()) {
            Revision checkout = new Revision(Path.of("/tmp/demo"), COMMIT, "main");
            if (unreadable.contains(spec.name())) {
                checkedOut.put(spec.name(), new CheckedOutImage(spec, "https://git.example.com/demo.git", null, checkout, List.of(), null,
                        "Dockerfile:1: unknown instruction FRUM"));
                graph.add(FleetImage.unreadable(spec.name(), Set.of(spec.ref()), "Dockerfile:1: unknown instruction FRUM"));
                continue;
            }
            List<ImageRef> bases = images.get(spec.name()).stream().map(ImageRef::parse).toList();
            checkedOut.put(spec.name(), new CheckedOutImage(spec, "https://git.example.com/demo.git", null, checkout, bases,
                    bases.isEmpty() ? null : bases.get(bases.size() - 1), null));
            graph.add(FleetImage.readable(spec.name(), Set.of(spec.ref()), bases));
        }
        return new Fleet(pipeline, checkedOut, DependencyGraph.of(graph));
    }
}
