package io.patchrun.docker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.patchrun.container.Engines;

/**
 * The engines Patchrun drives ({@code patchrun.engines[i]}); none configured means one, {@code local}, at
 * {@code patchrun.docker.host}, which builds.
 */
@ConfigurationProperties("patchrun")
record EnginesProperties(List<Entry> engines) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern HOST = Pattern.compile("(unix|tcp|ssh)://.+");

    EnginesProperties {
        engines = engines == null ? List.of() : List.copyOf(engines);
    }

    /**
     * @param name        unique, {@code [a-z0-9][a-z0-9-]*}
     * @param host        {@code unix://}, {@code tcp://} or {@code ssh://}
     * @param tlsCertPath folder of the TLS client certificate for {@code tcp://}
     * @param sshKey      for {@code ssh://}: the private key; empty means {@code ~/.ssh/id_ed25519}, else {@code ~/.ssh/id_rsa}
     * @param knownHosts  for {@code ssh://}: the {@code known_hosts} file; empty means {@code ~/.ssh/known_hosts}
     * @param build       whether this engine builds; exactly one does
     */
    record Entry(String name, String host, String tlsCertPath, String sshKey, String knownHosts, boolean build) {
    }

    /**
     * The engines' addresses in configuration order, with the name of the one that builds.
     *
     * @param docker {@code patchrun.docker}, the one engine's address when none is configured
     * @throws IllegalStateException naming every property that is wrong and what to do
     */
    Addresses addresses(EngineAddress docker) {
        if (engines.isEmpty()) {
            return new Addresses(List.of(docker), Engines.DEFAULT_NAME);
        }
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<EngineAddress> addresses = new ArrayList<>();
        List<String> builders = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            Entry entry = engines.get(i);
            String at = "patchrun.engines[" + i + "]";
            if (entry.name() == null || entry.name().isBlank()) {
                problems.add(at + ".name is missing: give each engine a name, e.g. edge-1");
            } else if (!NAME.matcher(entry.name()).matches()) {
                problems.add(at + ".name must be lower-case letters, digits and '-' (not first), got '" + entry.name() + "'");
            } else {
                Integer first = seen.putIfAbsent(entry.name(), i);
                if (first != null) {
                    problems.add(at + ".name: " + entry.name() + " is already the name of patchrun.engines[" + first + "]; names must be unique");
                }
            }
            if (entry.host() == null || entry.host().isBlank()) {
                problems.add(at + ".host is missing: give the engine's address, e.g. unix:///var/run/docker.sock, tcp://10.0.0.5:2376"
                        + " or ssh://deploy@edge-1");
            } else if (!HOST.matcher(entry.host()).matches()) {
                problems.add(at + ".host must start with unix://, tcp:// or ssh://, got '" + entry.host() + "'");
            }
            if (entry.build()) {
                builders.add(at + " (" + entry.name() + ")");
            }
            if (entry.tlsCertPath() != null && !entry.tlsCertPath().isBlank() && entry.host() != null && !entry.host().startsWith("tcp://")) {
                problems.add(at + ".tls-cert-path is set, but " + at + ".host is not a tcp:// address; TLS client certificates are for"
                        + " tcp:// engines only");
            }
            if (problems.isEmpty()) {
                addresses.add(new EngineAddress(entry.name(), at, entry.host(), DockerProperties.path(entry.tlsCertPath()),
                        DockerProperties.path(entry.sshKey()), DockerProperties.path(entry.knownHosts())));
            }
        }
        if (builders.isEmpty()) {
            problems.add("patchrun.engines: none has build: true; exactly one engine builds, smoke-tests and pushes");
        } else if (builders.size() > 1) {
            problems.add("patchrun.engines: " + String.join(" and ", builders) + " all have build: true; exactly one engine may build");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the engines configuration is wrong: " + String.join("; ", problems));
        }
        String build = engines.stream().filter(Entry::build).findFirst().orElseThrow().name();
        return new Addresses(addresses, build);
    }

    /** The engines' addresses in configuration order, and which of them builds. */
    record Addresses(List<EngineAddress> all, String build) {
    }
}
