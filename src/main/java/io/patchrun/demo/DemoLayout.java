package io.patchrun.demo;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.RepositorySpec;

/**
 * Where the demo's repositories live, read from the demo pipeline: the repository that builds the
 * platform image gets the platform's sources, and so on. The pipeline file is the one place that says
 * where they are, for the server and the CLI alike.
 *
 * @param names        the demo's names
 * @param repositories the folder of each repository
 */
record DemoLayout(DemoNames names, Map<DemoSources.App, Path> repositories) {

    /** The name a pipeline must have to be the demo. */
    static final String PIPELINE = "demo";

    DemoLayout {
        Objects.requireNonNull(names, "names");
        repositories = Map.copyOf(repositories);
        if (!repositories.keySet().equals(Set.of(DemoSources.App.values()))) {
            throw new IllegalArgumentException("the demo needs a repository for each of " + List.of(DemoSources.App.values())
                    + ", got " + repositories.keySet());
        }
    }

    /**
     * @throws DemoException when the pipeline does not build the demo's images from local folders
     */
    static DemoLayout of(Pipeline pipeline, DemoNames names) {
        Map<String, DemoSources.App> apps = Map.of(names.platform(), DemoSources.App.PLATFORM, names.web(), DemoSources.App.WEB,
                names.api(), DemoSources.App.API);
        Map<DemoSources.App, Path> found = new EnumMap<>(DemoSources.App.class);
        for (RepositorySpec repository : pipeline.repositories()) {
            for (ImageSpec image : repository.images()) {
                DemoSources.App app = apps.get(image.name());
                if (app != null) {
                    found.put(app, folder(pipeline, repository.url()));
                }
            }
        }
        if (found.size() < apps.size()) {
            Set<String> present = new TreeSet<>(pipeline.images().stream().map(ImageSpec::name).toList());
            throw new DemoException("pipeline " + pipeline.name() + " (" + pipeline.file() + ") builds " + present
                    + ", not the demo's images " + names.images()
                    + (names.prefix().isEmpty() ? "" : " (patchrun.demo.prefix=" + names.prefix() + ")")
                    + "; the demo leaves it alone");
        }
        return new DemoLayout(names, found);
    }

    private static Path folder(Pipeline pipeline, String url) {
        String path = url.startsWith("file://") ? url.substring("file://".length()) : url;
        if (path.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new DemoException("pipeline " + pipeline.name() + " takes a demo repository from " + url
                    + "; the demo makes its repositories in local folders only");
        }
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new DemoException("pipeline " + pipeline.name() + " names the demo repository " + url
                    + ", which is no usable folder: " + e.getReason(), e);
        }
    }

    Path repository(DemoSources.App app) {
        return repositories.get(app);
    }

    /** The folders in build order: platform, web, api. */
    List<Path> folders() {
        List<Path> folders = new ArrayList<>();
        for (DemoSources.App app : DemoSources.App.values()) {
            folders.add(repositories.get(app));
        }
        return folders;
    }
}
