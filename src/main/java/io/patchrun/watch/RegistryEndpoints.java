package io.patchrun.watch;

import io.patchrun.image.ImageRef;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a registry named in an image reference answers, and how its name is written in logins: the one
 * rule every part of Patchrun that talks to registries follows.
 */
public final class RegistryEndpoints {

    static final String DOCKER_HUB_API = "registry-1.docker.io";
    /** The server address {@code docker login} stores Docker Hub's login under. */
    static final String DOCKER_HUB_LOGIN_SERVER = "https://index.docker.io/v1/";

    private static final Set<String> DOCKER_HUB_ALIASES = Set.of(ImageRef.DOCKER_HUB, "index.docker.io", DOCKER_HUB_API);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private RegistryEndpoints() {
    }

    /**
     * The registry's base URL: Docker Hub ({@code docker.io}) at {@code https://registry-1.docker.io}; a
     * registry on this machine (loopback: {@code localhost}, {@code [::1]}, 127.0.0.0/8) over plain
     * {@code http://}, as the engine allows it without TLS; every other registry over {@code https://}.
     *
     * @param registry host[:port] as in image references
     */
    public static URI base(String registry) {
        String host = ImageRef.DOCKER_HUB.equals(registry) ? DOCKER_HUB_API : registry;
        return URI.create((loopback(hostOf(host)) ? "http" : "https") + "://" + host);
    }

    /**
     * Whether the host is this machine, where plain http cannot be overheard: {@code localhost}, the IPv6
     * loopback {@code ::1} (bracketed or not) or an IPv4 address in 127.0.0.0/8.
     */
    public static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.equals("[::1]") || name.equals("::1")) {
            return true;
        }
        var ipv4 = IPV4.matcher(name);
        if (!ipv4.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(ipv4.group(i)) > 255) {
                return false;
            }
        }
        return ipv4.group(1).equals("127");
    }

    static URI manifest(ImageRef ref) {
        String reference = ref.tag() != null ? ref.tag() : ref.digest().value();
        return base(ref.registry()).resolve("/v2/" + ref.repository() + "/manifests/" + reference);
    }

    static URI blob(ImageRef ref, io.patchrun.image.Digest digest) {
        return base(ref.registry()).resolve("/v2/" + ref.repository() + "/blobs/" + digest.value());
    }

    static URI tagList(ImageRef ref) {
        return base(ref.registry()).resolve("/v2/" + ref.repository() + "/tags/list");
    }

    /**
     * The registry a login is for, written the way image references write it: {@code docker login} keys
     * such as {@code https://index.docker.io/v1/} become {@code docker.io}. Logins match registries by
     * this key exactly, so a login for {@code registry.example.com} is never offered to
     * {@code registry.example.com.evil.net} or {@code registry.example.com:8443}.
     */
    public static String loginKey(String server) {
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

    /**
     * The server address the Docker engine and {@code docker login} use for a registry:
     * {@code https://index.docker.io/v1/} for Docker Hub, the registry's host[:port] otherwise.
     */
    public static String loginServer(String registry) {
        String key = loginKey(registry);
        return key.equals(ImageRef.DOCKER_HUB) ? DOCKER_HUB_LOGIN_SERVER : key;
    }

    private static String hostOf(String registry) {
        if (registry.startsWith("[")) {
            return registry.substring(0, registry.indexOf(']') + 1);
        }
        int colon = registry.indexOf(':');
        return colon >= 0 ? registry.substring(0, colon) : registry;
    }
}
