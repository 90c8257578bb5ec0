package io.patchrun.plan;

import io.patchrun.image.ImageRef;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a fleet's images depend on upstream bases and on each other, and which of them to rebuild when
 * something changes. Upstream bases feed fleet images; a fleet image whose Dockerfile is FROM a reference
 * another fleet image is published as is built after it. Every plan holds exactly the images asked for
 * and everything built FROM them, directly or further down, and nothing else.
 *
 * <p>Building the graph and each plan takes time linear in images plus dependencies, apart from sorting
 * the names within each level and the edges.
 */
public final class DependencyGraph {

    private final Graph graph;

    private DependencyGraph(Graph graph) {
        this.graph = graph;
    }

    /**
     * @throws DependencyCycleException when images are built FROM each other in a loop, itself included
     * @throws IllegalArgumentException when two images share a name or a published reference
     */
    public static DependencyGraph of(List<FleetImage> fleet) {
        Graph graph = Graph.of(Objects.requireNonNull(fleet, "fleet"));
        CycleFinder.requireAcyclic(graph);
        return new DependencyGraph(graph);
    }

    /** Every image of the fleet, as a nightly run rebuilds them. */
    public Plan planAll() {
        BitSet all = new BitSet();
        all.set(0, graph.size());
        return PlanAssembler.assemble(graph, all);
    }

    /**
     * The images affected by new digests behind the given upstream references, and everything built FROM
     * them. A Dockerfile is affected when it uses the same repository and tag unpinned: FROM debian:12 is
     * affected by debian:12 and not by debian:11, and FROM debian:12@sha256:... by neither. A digest on
     * a changed reference is ignored, since it is the new digest rather than part of the name.
     *
     * <p>When anything changed, images whose Dockerfile could not be read are included too: they may use
     * the changed base, and skipping them would leave them unpatched without anyone being told.
     */
    public Plan planForChangedBases(Set<ImageRef> changed) {
        Set<String> changedTags = new HashSet<>();
        for (ImageRef reference : Objects.requireNonNull(changed, "changed bases")) {
            if (reference.tag() != null) {
                changedTags.add(tagged(reference));
            }
        }
        BitSet affected = new BitSet();
        for (int id = 0; id < graph.size(); id++) {
            boolean unknown = !graph.image(id).isReadable() && !changed.isEmpty();
            if (unknown || graph.upstream(id).stream().anyMatch(base -> !base.pinned() && changedTags.contains(tagged(base)))) {
                affected.set(id);
            }
        }
        return PlanAssembler.assemble(graph, downstreamOf(affected));
    }

    /**
     * The chosen images and everything built FROM them.
     *
     * @throws UnknownImageException when a name is not an image of the fleet
     */
    public Plan planForImages(Set<String> names) {
        Objects.requireNonNull(names, "image names");
        List<String> unknown = names.stream().filter(name -> graph.id(name) < 0).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new UnknownImageException(unknown, graph.names());
        }
        BitSet chosen = new BitSet();
        names.forEach(name -> chosen.set(graph.id(name)));
        return PlanAssembler.assemble(graph, downstreamOf(chosen));
    }

    private static String tagged(ImageRef reference) {
        return reference.name() + ":" + reference.tag();
    }

    private BitSet downstreamOf(BitSet seeds) {
        BitSet reached = (BitSet) seeds.clone();
        Deque<Integer> queue = new ArrayDeque<>();
        seeds.stream().forEach(queue::add);
        while (!queue.isEmpty()) {
            for (int child : graph.children(queue.poll())) {
                if (!reached.get(child)) {
                    reached.set(child);
                    queue.add(child);
                }
            }
        }
        return reached;
    }
}
