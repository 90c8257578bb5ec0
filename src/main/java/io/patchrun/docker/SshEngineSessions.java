package io.patchrun.docker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The SSH sessions to one {@code ssh://user@host[:port]} engine: logged in with one private key, the host key checked by
 * {@link EngineHostKeys}. A session carries at most {@value #CHANNELS_PER_SESSION} channels at once, below OpenSSH's
 * default {@code MaxSessions} of 10; more concurrent connections get another session. A session that closed (the
 * machine restarted, the network dropped) is replaced on the next connection.
 */
final class SshEngineSessions implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int CHANNELS_PER_SESSION = 8;
    private static final int SSH_PORT = 22;

    private final EngineAddress address;
    private final String user;
    private final String host;
    private final int port;
    private final Path keyFile;
    private final KeyPair key;
    private final EngineHostKeys hostKeys;
    private final SshClient client;
    /** Open sessions and how many channels each carries; guarded by {@code this}. */
    private final Map<ClientSession, Integer> channels = new IdentityHashMap<>();

    private SshEngineSessions(EngineAddress address, String user, String host, int port, Path keyFile, KeyPair key, Path knownHosts) {
        this.address = address;
        this.user = user;
        this.host = host;
        this.port = port;
        this.keyFile = keyFile;
        this.key = key;
        this.hostKeys = new EngineHostKeys(knownHosts, address.setting("known-hosts"), host, port);
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(hostKeys);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        // docker-java keeps idle connections in its pool; the session under them must not time out, but is kept alive.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(30));
        client.start();
    }

    /** Checks the address, the key and the known_hosts file, so that a wrong setting fails at start, naming it. */
    static SshEngineSessions prepare(EngineAddress address) {
        URI uri = URI.create(address.host());
        String setting = address.setting("host");
        if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath()))) {
            throw new IllegalStateException(setting + ": " + address.host() + " is not an SSH engine address; use ssh://USER@HOST[:PORT]");
        }
        String user = uri.getUserInfo() != null ? uri.getUserInfo() : System.getProperty("user.name");
        int port = uri.getPort() > 0 ? uri.getPort() : SSH_PORT;
        Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
        Path keyFile = address.sshKey() != null ? address.sshKey()
                : Files.exists(sshDir.resolve("id_ed25519")) ? sshDir.resolve("id_ed25519") : sshDir.resolve("id_rsa");
        Path knownHosts = address.knownHosts() != null ? address.knownHosts() : sshDir.resolve("known_hosts");
        if (!Files.isRegularFile(knownHosts)) {
            throw new IllegalStateException(address.setting("known-hosts") + ": the known_hosts file " + knownHosts
                    + " does not exist; Patchrun accepts only host keys listed there. Check the key of " + uri.getHost()
                    + " with the machine's owner and add it: ssh-keyscan " + (port == SSH_PORT ? "" : "-p " + port + " ")
                    + uri.getHost() + " >> " + knownHosts);
        }
        return new SshEngineSessions(address, user, uri.getHost(), port, keyFile, loadKey(address.setting("ssh-key"), keyFile), knownHosts);
    }

    private static KeyPair loadKey(String setting, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(setting + ": the private key " + file + " does not exist; name the key that logs in to the engine's machine");
        }
        Iterator<KeyPair> pairs;
        try (InputStream in = Files.newInputStream(file)) {
            pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, null).iterator();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(setting + ": cannot read the private key " + file
                    + " (it must be an OpenSSH or PEM key without passphrase): " + e.getMessage(), e);
        }
        if (!pairs.hasNext()) {
            throw new IllegalStateException(setting + ": " + file + " holds no private key");
        }
        return pairs.next();
    }

    /** {@code ssh://user@host:port}, for messages. */
    String target() {
        return "ssh://" + user + "@" + host + (port == SSH_PORT ? "" : ":" + port);
    }

    /** A logged-in session with room for one more channel; {@link #release} it when the channel closes. */
    synchronized ClientSession reserve() throws LoginException {
        channels.keySet().removeIf(session -> !session.isOpen());
        for (Map.Entry<ClientSession, Integer> entry : channels.entrySet()) {
            if (entry.getValue() < CHANNELS_PER_SESSION) {
                entry.setValue(entry.getValue() + 1);
                return entry.getKey();
            }
        }
        ClientSession session = login();
        channels.put(session, 1);
        return session;
    }

    synchronized void release(ClientSession session) {
        channels.computeIfPresent(session, (open, count) -> count - 1);
    }

    private ClientSession login() throws LoginException {
        ClientSession session;
        try {
            session = client.connect(user, host, port).verify(TIMEOUT).getSession();
        } catch (IOException e) {
            String refusal = hostKeys.refusal();
            throw new LoginException(refusal != null ? refusal
                    : "cannot reach " + target() + " (" + address.setting("host") + "): " + e.getMessage(), e);
        }
        try {
            session.addPublicKeyIdentity(key);
            session.auth().verify(TIMEOUT);
            return session;
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            String refusal = hostKeys.refusal();
            throw new LoginException(refusal != null ? refusal
                    : "SSH login as " + user + " to " + host + " port " + port + " with the key " + keyFile + " ("
                            + address.setting("ssh-key") + ") was refused: " + e.getMessage() + "; the machine must list the key's "
                            + "public half in that user's authorized_keys", e);
        }
    }

    private static void closeQuietly(ClientSession session) {
        try {
            session.close();
        } catch (IOException e) {
            // The session is being discarded; its own failure is what the caller reports.
        }
    }

    @Override
    public synchronized void close() {
        channels.keySet().forEach(SshEngineSessions::closeQuietly);
        channels.clear();
        client.stop();
    }

    /** Logging in to the engine's machine failed; the message says why, in the user's terms. */
    static final class LoginException extends Exception {

        LoginException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
