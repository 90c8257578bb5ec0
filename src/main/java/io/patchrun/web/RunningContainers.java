package io.patchrun.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerOperationException;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.history.ImageVersion;
import io.patchrun.image.ImageRef;

/** The running containers of an image, as the engine reports them now, each with the version it runs and its health. */
@Component
class RunningContainers {

    /**
     * One running container.
     *
     * @param version the tag of the image version it runs, or {@code null} when it runs an image Patchrun did not build
     * @param imageId the short id of the image it runs
     * @param health  its health check's verdict, lower case; {@code none} without a health check
     */
    record Container(String name, String shortId, String version, String imageId, String status, String health) {

        // Public: the templates call it, and SpEL only calls public methods.
        public boolean healthy() {
            return "running".equals(status) && !"unhealthy".equals(health) && !"starting".equals(health);
        }
    }

    /** The containers found, or why the engine could not say. */
    record Found(List<Container> containers, String problem) {

        // Public: the templates call it, and SpEL only calls public methods.
        public List<Container> on(String tag) {
            return containers.stream().filter(c -> tag.equals(c.version())).toList();
        }

        public List<Container> notOn(String tag) {
            return containers.stream().filter(c -> !tag.equals(c.version())).toList();
        }
    }

    private final Containers containers;

    RunningContainers(Containers containers) {
        this.containers = containers;
    }

    /** The running containers of any tag of {@code image}; {@code versions} name the image ids Patchrun built. */
    Found of(String image, List<ImageVersion> versions) {
        List<String> names;
        try {
            names = containers.runningOf(ImageRef.parse(image));
        } catch (ContainerOperationException e) {
            return new Found(List.of(), e.getMessage());
        }
        List<Container> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            try {
                found.add(container(containers.inspect(name), versions));
            } catch (ContainerOperationException e) {
                // Removed between listing and inspecting, most often by a rollover going on right now.
                problems.add(e.getMessage());
            }
        }
        return new Found(found, problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static Container container(ContainerDetails details, List<ImageVersion> versions) {
        String version = versions.stream().filter(v -> v.imageId().equals(details.imageId())).map(ImageVersion::tag)
                .findFirst().orElse(null);
        ContainerState state = details.state();
        return new Container(details.name(), details.shortId(), version, shortImageId(details.imageId()),
                state.status().name().toLowerCase(), state.health().name().toLowerCase());
    }

    private static String shortImageId(String id) {
        String hex = id.substring(id.indexOf(':') + 1);
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
