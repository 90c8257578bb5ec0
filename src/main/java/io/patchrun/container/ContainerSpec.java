package io.patchrun.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to create a container again: what the core reasons about, in its own terms, and the
 * rest of the engine's create configuration (host config: ports, binds, restart policy, resources, ...)
 * carried through untouched as {@code engineSettings}. Where both say something, the named fields win.
 *
 * @param image          the image reference the container is created from
 * @param config         the values an image can also set, as the container has them
 * @param hostname       the container's hostname, or {@code null} for the engine's default
 * @param networkMode    {@code bridge}, {@code host}, {@code none}, {@code container:<name or id>} or the
 *                       network the container is created on
 * @param links          legacy links of the default bridge
 * @param networks       every network the container is on, with its aliases and static addresses
 * @param engineSettings the engine adapter's full create configuration, opaque to the core
 * @param autoRemove     whether the engine removes the container as soon as it stops ({@code docker run --rm}), so a
 *                       stopped one cannot be started again
 */
public record ContainerSpec(String image, ImageConfig config, String hostname, String networkMode, List<Link> links,
                            List<NetworkAttachment> networks, String engineSettings, boolean autoRemove) {

    private static final String CONTAINER_MODE = "container:";

    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(engineSettings, "engineSettings");
        hostname = hostname == null || hostname.isBlank() ? null : hostname;
        links = links == null ? List.of() : List.copyOf(links);
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    /** A container the engine keeps when it stops. */
    public ContainerSpec(String image, ImageConfig config, String hostname, String networkMode, List<Link> links,
                         List<NetworkAttachment> networks, String engineSettings) {
        this(image, config, hostname, networkMode, links, networks, engineSettings, false);
    }

    /** The container whose network stack this one shares ({@code network_mode: container:x}), or {@code null}. */
    public String networkContainer() {
        return networkMode != null && networkMode.startsWith(CONTAINER_MODE) ? networkMode.substring(CONTAINER_MODE.length()) : null;
    }

    /** Names or ids of the containers this one is wired to: its links and the container whose network it shares. */
    public List<String> wiredTo() {
        List<String> targets = new ArrayList<>();
        links.forEach(link -> targets.add(link.container()));
        networks.forEach(network -> network.links().forEach(link -> targets.add(link.container())));
        if (networkContainer() != null) {
            targets.add(networkContainer());
        }
        return targets;
    }

    /**
     * The spec for a container of {@code newImage} that replaces the one this spec was inspected from: every
     * value the old image supplied is dropped so the new image's defaults apply, and so are the values the
     * engine derived from the old container's id (its default hostname, its id as a network alias).
     */
    public ContainerSpec forNewImage(String newImage, ImageConfig oldImageDefaults, String oldContainerId) {
        String shortId = oldContainerId.length() > 12 ? oldContainerId.substring(0, 12) : oldContainerId;
        boolean derivedHostname = shortId.equals(hostname) || networkContainer() != null;
        return new ContainerSpec(newImage, config.minus(oldImageDefaults), derivedHostname ? null : hostname, networkMode, links,
                networks.stream().map(network -> network.withoutAlias(shortId)).toList(), engineSettings, autoRemove);
    }

    /** This very configuration, created from {@code reference} instead: the same container again, made anew. */
    public ContainerSpec withImage(String reference) {
        return new ContainerSpec(reference, config, hostname, networkMode, links, networks, engineSettings, autoRemove);
    }

    /**
     * This spec with references to other containers (links, shared network stack) pointed elsewhere, for
     * containers replaced together with this one; {@code replacements} maps old names and ids to new ids.
     */
    public ContainerSpec withReferencesTo(Map<String, String> replacements) {
        String container = networkContainer();
        String mode = container != null && replacements.containsKey(container) ? CONTAINER_MODE + replacements.get(container) : networkMode;
        return new ContainerSpec(image, config, hostname, mode, relink(links, replacements),
                networks.stream().map(network -> network.withLinks(relink(network.links(), replacements))).toList(), engineSettings,
                autoRemove);
    }

    private static List<Link> relink(List<Link> links, Map<String, String> replacements) {
        return links.stream().map(link -> new Link(replacements.getOrDefault(link.container(), link.container()), link.alias())).toList();
    }
}
