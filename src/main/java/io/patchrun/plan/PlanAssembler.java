package io.patchrun.plan;

import io.patchrun.image.ImageRef;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Turns a selection of the graph into a {@link Plan}, walking it once in level order. */
final class PlanAssembler {

    private final Graph graph;
    private final BitSet selected;
    private final Map<String, PlannedImage> images = new HashMap<>();
    private final Map<Integer, SortedSet<String>> blockers = new HashMap<>();
    private final Set<ImageRef> bases = new HashSet<>();
    private final List<Edge> edges = new ArrayList<>();

    private PlanAssembler(Graph graph, BitSet selected) {
        this.graph = graph;
        this.selected = selected;
    }

    /** The plan for exactly the selected images; the selection must include everything downstream of it. */
    static Plan assemble(Graph graph, BitSet selected) {
        return new PlanAssembler(graph, selected).assemble();
    }

    private Plan assemble() {
        List<List<String>> levels = new ArrayList<>();
        for (int[] level : Levels.of(graph, selected)) {
            List<String> names = new ArrayList<>(level.length);
            for (int id : level) {
                add(id);
                names.add(graph.name(id));
            }
            levels.add(names);
        }
        edges.sort(Edge.ORDER);
        List<ImageRef> sortedBases = bases.stream().sorted(Comparator.comparing(ImageRef::familiar)).toList();
        return new Plan(levels, images, sortedBases, edges);
    }

    private void add(int id) {
        FleetImage image = graph.image(id);
        List<String> parents = new ArrayList<>();
        SortedSet<String> blockedBy = new TreeSet<>();
        for (int parent : graph.parents(id)) {
            if (selected.get(parent)) {
                parents.add(graph.name(parent));
                edges.add(new Edge(graph.name(parent), image.name()));
                blockedBy.addAll(blockers.getOrDefault(parent, Collections.emptySortedSet()));
                if (!graph.image(parent).isReadable()) {
                    blockedBy.add(graph.name(parent));
                }
            }
        }
        for (ImageRef base : graph.upstream(id)) {
            bases.add(base);
            edges.add(new Edge(base.familiar(), image.name()));
        }
        if (!blockedBy.isEmpty()) {
            blockers.put(id, blockedBy);
        }
        images.put(image.name(), new PlannedImage(image.name(), image.bases(), parents, List.copyOf(blockedBy), image.error()));
    }
}
