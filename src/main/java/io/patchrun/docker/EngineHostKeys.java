package io.patchrun.docker;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * The host key of an {@code ssh://} engine checked against one {@code known_hosts} file, strictly: accepted only when
 * the file lists exactly that key for the engine's host and port (not marked {@code @revoked}). An unknown or changed
 * key is refused and the file is never written. Why a key was refused is kept for the error message, since the SSH
 * library only reports that the key "did not validate".
 */
final class EngineHostKeys implements ServerKeyVerifier {

    private static final int SSH_PORT = 22;

    private final Path file;
    private final String setting;
    private final String host;
    private final int port;
    private volatile String refusal;

    EngineHostKeys(Path file, String setting, String host, int port) {
        this.file = file;
        this.setting = setting;
        this.host = host;
        this.port = port;
    }

    /** Why the last host key was refused, with what to do about it; {@code null} when none was. */
    String refusal() {
        return refusal;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        try {
            refusal = refusal(serverKey, listed());
        } catch (IOException e) {
            refusal = "cannot read the known_hosts file " + file + " (" + setting + ") to check the host key of " + where() + ": " + e.getMessage();
        }
        return refusal == null;
    }

    private String refusal(PublicKey key, List<Listed> listed) {
        List<Listed> same = listed.stream().filter(entry -> KeyUtils.compareKeys(entry.key(), key)).toList();
        if (same.stream().anyMatch(Listed::revoked)) {
            return "the SSH host key of " + where() + " (" + describe(key) + ") is marked @revoked in " + file + "; Patchrun refuses it";
        }
        if (!same.isEmpty()) {
            return null;
        }
        List<Listed> others = listed.stream().filter(entry -> !entry.revoked()).toList();
        if (!others.isEmpty()) {
            return "the SSH host key of " + where() + " has changed: it offered " + describe(key) + ", but " + file + " (" + setting
                    + ") lists " + describe(others.get(0).key()) + ". Someone may be impersonating the engine's machine; Patchrun "
                    + "refuses it. If the machine's owner confirms the new key, replace the old entry: ssh-keygen -R '" + pattern()
                    + "' -f " + file + " && " + keyscan() + " >> " + file;
        }
        return "the SSH host key of " + where() + " (" + describe(key) + ") is unknown: it is not in " + file + " (" + setting
                + "); Patchrun accepts only host keys listed there. Check the key with the machine's owner and add it: "
                + keyscan() + " >> " + file;
    }

    private List<Listed> listed() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Listed> listed = new ArrayList<>();
        for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(file)) {
            AuthorizedKeyEntry keyEntry = entry.getKeyEntry();
            if (keyEntry == null || !entry.isHostMatch(host, port)) {
                continue;
            }
            try {
                PublicKey key = keyEntry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (key != null) {
                    listed.add(new Listed(key, "revoked".equals(entry.getMarker())));
                }
            } catch (IOException | GeneralSecurityException e) {
                // A line this library cannot read cannot vouch for a key; the others still count.
            }
        }
        return listed;
    }

    private static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    private String where() {
        return port == SSH_PORT ? host : host + " port " + port;
    }

    private String pattern() {
        return port == SSH_PORT ? host : "[" + host + "]:" + port;
    }

    private String keyscan() {
        return "ssh-keyscan " + (port == SSH_PORT ? "" : "-p " + port + " ") + host;
    }

    private record Listed(PublicKey key, boolean revoked) {
    }
}
