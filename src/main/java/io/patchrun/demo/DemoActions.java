package io.patchrun.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a newcomer does to the demo, with the server running or from the CLI: publish a new base digest,
 * and break (or fix) the next version of the web app. Each returns one line saying what it did.
 */
final class DemoActions {

    private final DemoLayout layout;
    private final DemoRepositories repositories;
    private final DemoSources sources;

    DemoActions(DemoLayout layout, DemoRepositories repositories, DemoSources sources) {
        this.layout = layout;
        this.repositories = repositories;
        this.sources = sources;
    }

    /** Makes each demo repository that does not exist yet; returns a line for each, made now or already there. */
    List<String> ensureRepositories() {
        List<String> lines = new ArrayList<>();
        for (DemoSources.App app : DemoSources.App.values()) {
            Path dir = layout.repository(app);
            boolean made = repositories.ensure(dir, sources.files(app), "The demo's " + app.folder() + " repository, as Patchrun ships it");
            lines.add("Git repository " + dir + (made ? " (made now from Patchrun's src/main/resources/demo/" + app.folder() + ")" : " (already there)"));
        }
        return lines;
    }

    /** Pushes the next release of the demo's base; the engine is needed for this action only. */
    DemoBase.Published publishBase(DemoBase base) {
        return base.publishNext(layout.names().base());
    }

    String publishBaseMessage(DemoBase.Published published) {
        return "Published " + published.describe() + ": Patchrun notices the new digest at its next base check of pipeline "
                + DemoLayout.PIPELINE + ", rebuilds " + String.join(", ", layout.names().images()) + " in order, smoke-tests "
                + layout.names().web() + " and rolls " + layout.names().webContainer() + " and " + layout.names().apiContainer() + " over";
    }

    /** Commits a health check that passes the smoke test but fails on the live container. */
    String breakNext() {
        ensureRepositories();
        Optional<String> commit = commitHealthCheck(sources.brokenHealthCheck(),
                "Break the next " + layout.names().web() + " version on purpose: unhealthy where DEMO_ROLE=live (demo break-next)");
        return commit.map(id -> "Committed " + shortId(id) + " to " + webRepository() + ": the next " + layout.names().web()
                        + " version passes its smoke test, fails its health check on " + layout.names().webContainer()
                        + ", and Patchrun rolls it back; publish a new base digest to see it")
                .orElse("The next " + layout.names().web() + " version is already broken; nothing committed");
    }

    /** Commits the working health check again. */
    String fixNext() {
        ensureRepositories();
        Optional<String> commit = commitHealthCheck(sources.healthCheck(),
                "Fix the health check of " + layout.names().web() + " again (demo fix-next)");
        return commit.map(id -> "Committed " + shortId(id) + " to " + webRepository() + ": the next " + layout.names().web()
                        + " version is healthy again")
                .orElse("The next " + layout.names().web() + " version is not broken; nothing committed");
    }

    /** Whether the web repository holds the broken health check, so the next version will be rolled back. */
    boolean nextWebBroken() {
        return repositories.read(webRepository(), DemoSources.HEALTH_CHECK).filter(sources.brokenHealthCheck()::equals).isPresent();
    }

    private Optional<String> commitHealthCheck(String content, String message) {
        return repositories.commit(webRepository(), Map.of(DemoSources.HEALTH_CHECK, content), message);
    }

    private Path webRepository() {
        return layout.repository(DemoSources.App.WEB);
    }

    private static String shortId(String commit) {
        return commit.substring(0, 10);
    }
}
