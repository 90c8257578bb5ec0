package io.patchrun.container;

import java.util.List;
import java.util.Objects;

/**
 * A container's place on one network, as it was configured: not the addresses the engine handed out, but
 * the static ones that were asked for.
 *
 * @param network     the network's name
 * @param aliases     the names the container answers to on it
 * @param links       links scoped to this network
 * @param ipv4Address a static IPv4 address, or {@code null}
 * @param ipv6Address a static IPv6 address, or {@code null}
 */
public record NetworkAttachment(String network, List<String> aliases, List<Link> links, String ipv4Address, String ipv6Address) {

    public NetworkAttachment {
        Objects.requireNonNull(network, "network");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        links = links == null ? List.of() : List.copyOf(links);
        ipv4Address = ipv4Address == null || ipv4Address.isBlank() ? null : ipv4Address;
        ipv6Address = ipv6Address == null || ipv6Address.isBlank() ? null : ipv6Address;
    }

    NetworkAttachment withoutAlias(String alias) {
        return new NetworkAttachment(network, aliases.stream().filter(a -> !a.equals(alias)).toList(), links, ipv4Address, ipv6Address);
    }

    NetworkAttachment withLinks(List<Link> newLinks) {
        return new NetworkAttachment(network, aliases, newLinks, ipv4Address, ipv6Address);
    }
}
