package io.patchrun.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerOperationException;
import io.patchrun.container.ContainerState;
import io.patchrun.container.Containers;
import io.patchrun.container.Engine;
import io.patchrun.container.Engines;
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
     * @param engine  the engine it is on, when Patchrun drives several; {@code null} with one
     */
    record Container(String name, String shortId, String version, String imageId, String status, String health, String engine) {

        Container(String name, String shortId, String version, String imageId, String status, String health) {
            this(name, shortId, version, imageId, status, health, null);
        }

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

    private final Engines engines;

    RunningContainers(Engines engines) {
        this.engines = engines;
    }

    /**
     * The running containers of any tag of {@code image} on every engine; {@code versions} name the image ids Patchrun
     * built. An engine that does not answer is named in the problem, and the others' containers are still found.
     */
    Found of(String image, List<ImageVersion> versions) {
        boolean several = engines.all().size() > 1;
        List<Container> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Engine engine : engines.all()) {
            Containers containers = engine.containers();
            List<String> names;
            try {
                names = containers.runningOf(ImageRef.parse(image));
            } catch (ContainerOperationException e) {
                problems.add(several ? "engine " + engine.name() + ": " + e.getMessage() : e.getMessage());
                continue;
            }
            for (String name : names) {
                try {
                    found.add(container(containers.inspect(name), versions, several ? engine.name() : null));
                } catch (ContainerOperationException e) {
                    // Removed between listing and inspecting, most often by a rollover going on right now.
                    problems.add(e.getMessage());
                }
            }
        }
        return new Found(found, problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static Container container(ContainerDetails details, List<ImageVersion> versions, String engine) {
        String version = versions.stream().filter(v -> v.imageId().equals(details.imageId())).map(ImageVersion::tag)
                .findFirst().orElse(null);
        ContainerState state = details.state();
        return new Container(details.name(), details.shortId(), version, shortImageId(details.imageId()),
                state.status().name().toLowerCase(), state.health().name().toLowerCase(), engine);
    }

    private static String shortImageId(String id) {
        String hex = id.substring(id.indexOf(':') + 1);
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
