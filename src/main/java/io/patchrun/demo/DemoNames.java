package io.patchrun.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.patchrun.image.ImageRef;

/**
 * The names of everything the demo fleet consists of. They all start from one prefix, empty by default,
 * so that tests (and a second Patchrun on the same engine) make a demo that never touches the real
 * {@code demo-web}: with prefix {@code t1-} the base is {@code 127.0.0.1:5000/t1-demo/base:stable}, the
 * images {@code t1-demo/web} and so on, the containers {@code t1-demo-web} and {@code t1-demo-api}.
 *
 * @param prefix lowercase letters, digits and dashes, ending in a dash, or empty
 */
record DemoNames(String prefix) {

    static final String REGISTRY = "127.0.0.1:5000";
    static final String BASE_TAG = "stable";
    /** What the engine pushes the base as; asked for by this type, the registry answers with the pushed digest. */
    private static final String MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
    private static final Pattern PREFIX = Pattern.compile("([a-z0-9][a-z0-9-]*-)?");
    /** {@code demo/} where it starts an image name: after a space, quote, backtick or tag, not inside a path. */
    private static final Pattern IMAGE_NAMESPACE = Pattern.compile("(?<![\\w/.:-])demo/");
    static final DemoNames DEFAULT = new DemoNames("");

    DemoNames {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("patchrun.demo.prefix must be empty or lowercase letters, digits and dashes"
                    + " ending in a dash (t1-), got '" + prefix + "'");
        }
    }

    /** The upstream base, in the local registry. */
    ImageRef base() {
        return ImageRef.parse(REGISTRY + "/" + prefix + "demo/base:" + BASE_TAG);
    }

    String platform() {
        return prefix + "demo/platform";
    }

    String web() {
        return prefix + "demo/web";
    }

    String api() {
        return prefix + "demo/api";
    }

    /** The fleet's images in build order. */
    List<String> images() {
        return List.of(platform(), web(), api());
    }

    String webContainer() {
        return prefix + "demo-web";
    }

    String apiContainer() {
        return prefix + "demo-api";
    }

    /**
     * A file of the demo's sources with its image names moved under the prefix; the sources name the
     * default images ({@code FROM demo/platform}, {@code 127.0.0.1:5000/demo/base:stable}).
     */
    String render(String text) {
        if (prefix.isEmpty()) {
            return text;
        }
        String registryMoved = text.replace(REGISTRY + "/demo/", REGISTRY + "/" + prefix + "demo/");
        return IMAGE_NAMESPACE.matcher(registryMoved).replaceAll(Matcher.quoteReplacement(prefix + "demo/"));
    }

    /**
     * The shell commands that remove the whole demo: containers first (the images are in use); then every
     * tag of its images, in any order, since removing the last tag of an image deletes it once nothing is
     * built on it, and with it the untagged images it is built on; then the earlier base releases, which
     * later ones left with no tag but their registry digest and nothing built on them any more; then the
     * base's manifest in the registry, looked up when the command runs, since a release published later
     * (from the CLI, say) has another digest; and the Git repositories.
     */
    List<String> removeCommands(List<Path> repositories) {
        List<String> commands = new ArrayList<>();
        commands.add("docker rm -f " + webContainer() + " " + apiContainer());
        String registryImages = "reference='" + REGISTRY + "/" + prefix + "demo/*'";
        commands.add("docker images --format '{{.Repository}}:{{.Tag}}' --filter reference='" + prefix + "demo/*' --filter "
                + registryImages + " | grep -v ':<none>$' | xargs -r docker rmi");
        commands.add("docker images -q --filter " + registryImages + " | xargs -r docker rmi -f");
        String manifests = "http://" + REGISTRY + "/v2/" + base().repository() + "/manifests/";
        commands.add("curl -s -X DELETE \"" + manifests + "$(curl -sI -H 'Accept: " + MANIFEST_TYPE + "' " + manifests + BASE_TAG
                + " | tr -d '\\r' | awk 'tolower($1) == \"docker-content-digest:\" { print $2 }')\"");
        if (!repositories.isEmpty()) {
            commands.add("rm -rf " + String.join(" ", repositories.stream().map(path -> path.toAbsolutePath().normalize().toString())
                    .distinct().map(DemoNames::shellQuoted).toList()));
        }
        return List.copyOf(commands);
    }

    private static String shellQuoted(String word) {
        return word.matches("[A-Za-z0-9_./:-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
