package io.patchrun.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.GitRepos;

/**
 * The fleet of the patch-run benchmark, as ENGINE-NOTES measured it with the docker CLI: one upstream base,
 * three platform images FROM it, three service images FROM each platform, two app images FROM each service,
 * each build one {@code RUN sleep 1} step. The apps serve {@code /www} with busybox httpd as PID 1, which
 * ignores SIGTERM, so every stop waits its full timeout. One Git repository per level, one folder per image.
 */
final class BenchFleet {

    static final int PLATFORMS = 3;
    static final int SERVICES_PER_PLATFORM = 3;
    static final int APPS_PER_SERVICE = 2;

    /** One image of the fleet: its name, the fleet image it is built FROM ({@code null}: the upstream base), its repository and folder. */
    record Image(String name, String parent, String repository, String folder) {
    }

    private final String prefix;
    private final ImageRef base;
    private final Path reposDir;
    private final List<Image> images = new ArrayList<>();

    /** Writes and commits the Dockerfiles of every image under {@code reposDir}. */
    BenchFleet(String prefix, ImageRef base, Path reposDir) {
        this.prefix = prefix;
        this.base = base;
        this.reposDir = reposDir;
        for (int p = 1; p <= PLATFORMS; p++) {
            images.add(new Image(name("platform", p), null, "platforms", "platform-" + p));
        }
        for (int s = 1; s <= PLATFORMS * SERVICES_PER_PLATFORM; s++) {
            images.add(new Image(name("service", s), name("platform", (s - 1) / SERVICES_PER_PLATFORM + 1), "services", "service-" + s));
        }
        for (int a = 1; a <= PLATFORMS * SERVICES_PER_PLATFORM * APPS_PER_SERVICE; a++) {
            images.add(new Image(name("app", a), name("service", (a - 1) / APPS_PER_SERVICE + 1), "apps", "app-" + a));
        }
        for (String repository : List.of("platforms", "services", "apps")) {
            GitRepos repo = GitRepos.init(reposDir.resolve(repository));
            images.stream().filter(image -> image.repository().equals(repository))
                    .forEach(image -> repo.write(image.folder() + "/Dockerfile", dockerfile(image)));
            repo.commit(repository);
        }
    }

    private String name(String kind, int number) {
        return prefix + "/" + kind + "-" + number;
    }

    private String dockerfile(Image image) {
        String from = image.parent() == null ? base.familiarName() + ":" + base.tag() : image.parent();
        String run = image.parent() == null
                ? "RUN sleep 1 && mkdir -p /www && echo " + image.folder() + " > /www/index.html\n"
                : "RUN sleep 1 && echo " + image.folder() + " >> /www/index.html\n";
        String cmd = isApp(image) ? "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n" : "";
        return "FROM " + from + "\n" + run + cmd;
    }

    /** Every image, platforms first, then services, then apps. */
    List<Image> images() {
        return images;
    }

    List<Image> apps() {
        return images.stream().filter(BenchFleet::isApp).toList();
    }

    private static boolean isApp(Image image) {
        return image.folder().startsWith("app-");
    }

    /** Image name -> the fleet images it is built on. */
    Map<String, Set<String>> parents() {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        images.forEach(image -> parents.put(image.name(), image.parent() == null ? Set.of() : Set.of(image.parent())));
        return parents;
    }

    /** The pipeline file: every image with the given stop and health timeouts, {@code builds} and {@code rollouts} at a time. */
    String pipelineYaml(String name, int builds, int rollouts, Duration stopTimeout, Duration healthTimeout) {
        StringBuilder yaml = new StringBuilder()
                .append("name: ").append(name).append('\n')
                .append("parallel: { builds: ").append(builds).append(", rollouts: ").append(rollouts).append(" }\n")
                .append("repositories:\n");
        for (String repository : List.of("platforms", "services", "apps")) {
            yaml.append("  - url: ").append(reposDir.resolve(repository)).append('\n').append("    images:\n");
            images.stream().filter(image -> image.repository().equals(repository)).forEach(image -> yaml
                    .append("      - name: ").append(image.name()).append('\n')
                    .append("        dockerfile: ").append(image.folder()).append("/Dockerfile\n")
                    .append("        rollout: { stopTimeout: ").append(stopTimeout).append(", healthTimeout: ").append(healthTimeout).append(" }\n"));
        }
        return yaml.toString();
    }

    /**
     * The shell scripts' build lines: every image in dependency order, {@code --pull} for those FROM the upstream
     * base, with its level (1 for platforms, 2 for services, 3 for apps).
     */
    List<String> buildSteps() {
        return images.stream().map(image -> "build " + image.name() + ":latest " + reposDir.resolve(image.repository()).resolve(image.folder())
                + (image.parent() == null ? " pull" : " local") + " " + level(image)).toList();
    }

    private int level(Image image) {
        int level = 1;
        for (String parent = image.parent(); parent != null; level++) {
            String name = parent;
            parent = images.stream().filter(candidate -> candidate.name().equals(name)).findFirst().orElseThrow().parent();
        }
        return level;
    }
}
