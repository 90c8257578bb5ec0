package io.patchrun.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * SSH host keys checked against one {@code known_hosts} file, strictly: a key is accepted only when the file
 * lists exactly that key for the host (and does not mark it {@code @revoked}). An unknown or changed key is
 * refused, whatever an SSH config says, and the file is never written. Why a key was refused is kept for
 * the error message, since the SSH library only reports that the key "did not validate".
 *
 * <p>One instance serves one connection attempt.
 */
final class KnownHosts implements ServerKeyDatabase {

    private static final String REVOKED = "revoked";
    private static final int SSH_PORT = 22;

    private final Path file;
    private volatile String refusal;

    KnownHosts(Path file) {
        this.file = file;
    }

    /** Why the last host key was refused, with what to do about it; {@code null} when none was. */
    String refusal() {
        return refusal;
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        List<PublicKey> keys = new ArrayList<>();
        for (Listed listed : listedFor(hosts(connectAddress, remoteAddress))) {
            if (!listed.revoked()) {
                keys.add(listed.key());
            }
        }
        return keys;
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
            Configuration config, CredentialsProvider provider) {
        Set<Host> hosts = hosts(connectAddress, remoteAddress);
        Host host = hosts.iterator().next();
        List<Listed> listed;
        try {
            listed = listedFor(hosts);
        } catch (UncheckedIOException e) {
            refusal = "cannot read the known_hosts file " + file + " to check the host key of " + host + ": "
                    + e.getCause().getMessage();
            return false;
        }
        refusal = refusal(host, serverKey, listed);
        return refusal == null;
    }

    /** Why {@code key} is refused for {@code host}, given what the file lists for it; {@code null} when it is accepted. */
    private String refusal(Host host, PublicKey key, List<Listed> listed) {
        List<Listed> same = listed.stream().filter(entry -> KeyUtils.compareKeys(entry.key(), key)).toList();
        if (same.stream().anyMatch(Listed::revoked)) {
            return "the SSH host key of " + host + " (" + describe(key) + ") is marked @revoked in " + file
                    + "; Patchrun refuses it. Ask the server's owner for its new key";
        }
        if (!same.isEmpty()) {
            return null;
        }
        List<Listed> others = listed.stream().filter(entry -> !entry.revoked()).toList();
        if (!others.isEmpty()) {
            return "the SSH host key of " + host + " has changed: it offered " + describe(key) + ", but " + file
                    + " lists " + describe(others.get(0).key()) + ". Someone may be impersonating the server; Patchrun "
                    + "refuses it. If the server's owner confirms the new key, replace the old entry: ssh-keygen -R '"
                    + host.pattern() + "' -f " + file + " && " + host.keyscan() + " >> " + file;
        }
        String where = Files.exists(file) ? file.toString() : "the known_hosts file " + file + ", which does not exist";
        return "the SSH host key of " + host + " (" + describe(key) + ") is unknown: it is not in " + where
                + "; Patchrun accepts only host keys listed there (patchrun.git.known-hosts). Check the key with the "
                + "server's owner and add it: " + host.keyscan() + " >> " + file;
    }

    private static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    /** The entries of the file for any of {@code hosts}, with their keys; lines of unknown key types are left out. */
    private List<Listed> listedFor(Set<Host> hosts) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<KnownHostEntry> entries;
        try {
            entries = KnownHostEntry.readKnownHostEntries(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Listed> listed = new ArrayList<>();
        for (KnownHostEntry entry : entries) {
            AuthorizedKeyEntry keyEntry = entry.getKeyEntry();
            if (keyEntry == null || hosts.stream().noneMatch(host -> entry.isHostMatch(host.name(), host.port()))) {
                continue;
            }
            try {
                PublicKey key = keyEntry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (key != null) {
                    listed.add(new Listed(key, REVOKED.equals(entry.getMarker())));
                }
            } catch (IOException | GeneralSecurityException e) {
                // A line this library cannot read cannot vouch for a key; the others still count.
            }
        }
        return listed;
    }

    /** The host as the URL named it, then as connected to; both are looked up, as OpenSSH does. */
    private static Set<Host> hosts(String connectAddress, InetSocketAddress remoteAddress) {
        Set<Host> hosts = new LinkedHashSet<>();
        hosts.add(Host.parse(connectAddress));
        hosts.add(new Host(remoteAddress.getHostString(), remoteAddress.getPort()));
        return hosts;
    }

    private record Listed(PublicKey key, boolean revoked) {
    }

    private record Host(String name, int port) {

        /** {@code host} or {@code [host]:port}, as known_hosts writes them. */
        static Host parse(String address) {
            if (address.startsWith("[") && address.contains("]:")) {
                int end = address.indexOf("]:");
                return new Host(address.substring(1, end), Integer.parseInt(address.substring(end + 2)));
            }
            return new Host(address, SSH_PORT);
        }

        String pattern() {
            return port == SSH_PORT ? name : "[" + name + "]:" + port;
        }

        String keyscan() {
            return "ssh-keyscan " + (port == SSH_PORT ? "" : "-p " + port + " ") + name;
        }

        @Override
        public String toString() {
            return port == SSH_PORT ? name : name + " port " + port;
        }
    }
}
