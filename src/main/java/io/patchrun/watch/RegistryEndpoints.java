package io.patchrun.watch;

import io.patchrun.image.ImageRef;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** Where a registry named in an image reference answers, and how its name is written in logins. */
final class RegistryEndpoints {

    static final String DOCKER_HUB_API = "registry-1.docker.io";

    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final Set<String> DOCKER_HUB_ALIASES = Set.of(ImageRef.DOCKER_HUB, "index.docker.io", DOCKER_HUB_API);

    private RegistryEndpoints() {
    }

    /** {@code http://} for a registry on this machine, as Docker allows without TLS; {@code https://} elsewhere. */
    static URI base(String registry) {
        String host = ImageRef.DOCKER_HUB.equals(registry) ? DOCKER_HUB_API : registry;
        return URI.create((loopback(hostOf(host)) ? "http" : "https") + "://" + host);
    }

    /** Whether the host is this machine, where plain http cannot be overheard. */
    static boolean loopback(String host) {
        return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
    }

    static URI manifest(ImageRef ref) {
        String reference = ref.tag() != null ? ref.tag() : ref.digest().value();
        return base(ref.registry()).resolve("/v2/" + ref.repository() + "/manifests/" + reference);
    }

    static URI tagList(ImageRef ref) {
        return base(ref.registry()).resolve("/v2/" + ref.repository() + "/tags/list");
    }

    /**
     * The registry a login is for, written the way image references write it: {@code docker login} keys
     * such as {@code https://index.docker.io/v1/} become {@code docker.io}.
     */
    static String loginKey(String server) {
        String key = server.trim().toLowerCase(Locale.ROOT);
        int scheme = key.indexOf("://");
        if (scheme >= 0) {
            key = key.substring(scheme + 3);
        }
        int slash = key.indexOf('/');
        if (slash >= 0) {
            key = key.substring(0, slash);
        }
        return DOCKER_HUB_ALIASES.contains(key) ? ImageRef.DOCKER_HUB : key;
    }

    private static String hostOf(String registry) {
        if (registry.startsWith("[")) {
            return registry.substring(0, registry.indexOf(']') + 1);
        }
        int colon = registry.indexOf(':');
        return colon >= 0 ? registry.substring(0, colon) : registry;
    }
}
