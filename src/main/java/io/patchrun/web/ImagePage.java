package io.patchrun.web;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import io.patchrun.history.ImageVersion;
import io.patchrun.history.VersionHistory;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.reload.PipelineFolder;
import io.patchrun.rollout.VolumeSnapshots;

/**
 * One image: its versions, which version each running container runs, its containers that break the policy, which
 * versions have a volume snapshot and its size, and a rollback per prior version.
 * Asking for a rollback ({@code ?rollback=TAG}) only shows what it would change; the change itself is a POST.
 */
@Controller
class ImagePage {

    private final VersionHistory versions;
    private final PipelineFolder pipelines;
    private final RunningContainers containers;
    private final PolicyFindings policy;
    private final VolumeSnapshots snapshots;

    ImagePage(VersionHistory versions, PipelineFolder pipelines, RunningContainers containers, PolicyFindings policy,
              VolumeSnapshots snapshots) {
        this.versions = versions;
        this.pipelines = pipelines;
        this.containers = containers;
        this.policy = policy;
        this.snapshots = snapshots;
    }

    @GetMapping("/images/{name}")
    String image(@PathVariable String name, @RequestParam(required = false) String rollback, Model model) {
        String image = ImageNames.fromPath(name);
        Pipeline pipeline = pipelines.list().stream().filter(p -> p.images().stream().anyMatch(i -> i.name().equals(image)))
                .findFirst().orElse(null);
        List<ImageVersion> known = versions.versions(image);
        if (pipeline == null && known.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no pipeline has an image '" + image + "', and none was ever built");
        }
        RunningContainers.Found running = containers.of(image, known);
        Map<String, List<String>> containersOn = running.containers().stream().filter(c -> c.version() != null)
                .collect(Collectors.groupingBy(RunningContainers.Container::version,
                        Collectors.mapping(RunningContainers.Container::name, Collectors.toList())));
        model.addAttribute("image", image);
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("versions", known);
        model.addAttribute("running", running);
        model.addAttribute("containersOn", containersOn);
        model.addAttribute("policy", policy.image(image));
        model.addAttribute("snapshotBytes", snapshotSizes(image, known));
        if (rollback != null) {
            ImageVersion confirm = known.stream().filter(v -> v.tag().equals(rollback)).findFirst()
                    .filter(v -> !v.current() && !v.pruned())
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, image + " has no prior version '" + rollback
                            + "' to roll back to; the versions kept are " + known.stream().filter(v -> !v.pruned() && !v.current())
                            .map(ImageVersion::tag).toList()));
            model.addAttribute("confirm", confirm);
            model.addAttribute("restorable", restorable(image, confirm, running.notOn(confirm.tag())));
        }
        return "image";
    }

    /** For each container that would change, the volumes whose data the version's snapshot would overwrite; only those that have one. */
    private Map<String, List<String>> restorable(String image, ImageVersion version, List<RunningContainers.Container> changing) {
        Map<String, List<String>> volumes = new LinkedHashMap<>();
        for (RunningContainers.Container container : changing) {
            snapshots.keptFor(image, version.imageId(), container.name())
                    .ifPresent(tars -> volumes.put(container.name(), List.copyOf(tars.keySet())));
        }
        return volumes;
    }

    /** The size in bytes of each version's volume snapshots, by tag, for the versions that have any. */
    private Map<String, Long> snapshotSizes(String image, List<ImageVersion> known) {
        Map<String, Long> sizes = new HashMap<>();
        for (ImageVersion version : known) {
            if (!version.pruned()) {
                snapshots.sizeOf(image, version.imageId()).ifPresent(size -> sizes.put(version.tag(), size));
            }
        }
        return sizes;
    }
}
