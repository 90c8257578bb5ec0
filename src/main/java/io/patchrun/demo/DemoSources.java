package io.patchrun.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The files of the demo's Git repositories, shipped under {@code src/main/resources/demo/}: one folder per
 * repository ({@link App}), plus the broken health check that "break next" commits. Git repositories
 * cannot live inside Patchrun's own repository, so these are their seed.
 */
final class DemoSources {

    /** The repositories of the demo fleet, by their folder under {@code demo/}. */
    enum App {
        PLATFORM, WEB, API;

        String folder() {
            return name().toLowerCase();
        }
    }

    static final String HEALTH_CHECK = "health.sh";
    private static final String ROOT = "demo/";
    private static final String BROKEN_HEALTH_CHECK = ROOT + "break-next/" + HEALTH_CHECK;

    private final DemoNames names;
    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(DemoSources.class.getClassLoader());

    DemoSources(DemoNames names) {
        this.names = names;
    }

    /** Every file of {@code app}'s repository, by path in the repository, with names under the prefix. */
    Map<String, String> files(App app) {
        String folder = ROOT + app.folder() + "/";
        Map<String, String> files = new TreeMap<>();
        try {
            for (Resource resource : resolver.getResources("classpath*:" + folder + "**")) {
                String url = resource.getURL().toString();
                if (url.endsWith("/") || !resource.isReadable()) {
                    continue;
                }
                files.put(url.substring(url.lastIndexOf(folder) + folder.length()), read(resource));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the demo sources under classpath:" + folder, e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no demo sources under classpath:" + folder + "; Patchrun's build left them out");
        }
        return files;
    }

    /** The web app's working health check. */
    String healthCheck() {
        return files(App.WEB).get(HEALTH_CHECK);
    }

    /** The web app's health check that fails only where {@code DEMO_ROLE=live}. */
    String brokenHealthCheck() {
        return read(resolver.getResource("classpath:" + BROKEN_HEALTH_CHECK));
    }

    private String read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return names.render(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo source " + resource.getDescription(), e);
        }
    }
}
