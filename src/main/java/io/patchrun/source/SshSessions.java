package io.patchrun.source;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import javax.security.auth.login.LoginException;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.agent.ConnectorFactory;

/**
 * SSH connections as Patchrun's settings say, and nothing else: host keys from {@link KnownHosts}, the key
 * file of the matching login (else the default keys in {@code ~/.ssh}, as {@code git} would use), public-key
 * authentication only, no {@code ~/.ssh/config} and no agent, so a setting there cannot switch off host-key
 * checking or add keys behind Patchrun's back.
 */
final class SshSessions extends SshdSessionFactory {

    private final KnownHosts knownHosts;
    private final List<KeyPair> keys;

    /**
     * @param keys the keys to offer; empty for the default keys in {@code ~/.ssh}
     */
    SshSessions(KnownHosts knownHosts, List<KeyPair> keys) {
        this.knownHosts = knownHosts;
        this.keys = List.copyOf(keys);
    }

    /**
     * Reads the private key of an SSH login, so a missing file or a wrong passphrase is reported as such
     * before any connection, rather than as a refused login.
     *
     * @throws IllegalArgumentException naming the file, the login's URL prefix and what to change
     */
    static List<KeyPair> load(GitCredentials login) {
        String which = "the SSH key " + login.sshKey() + " (patchrun.git.credentials ssh-key for url-prefix "
                + login.urlPrefix() + ")";
        if (!Files.isRegularFile(login.sshKey())) {
            throw new IllegalArgumentException(which + " does not exist or is not a file");
        }
        List<KeyPair> loaded = new ArrayList<>();
        try (InputStream in = Files.newInputStream(login.sshKey())) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(login.sshKey().toString()),
                    in, login.passphrase() == null ? null : FilePasswordProvider.of(login.passphrase()));
            if (pairs != null) {
                pairs.forEach(loaded::add);
            }
        } catch (LoginException e) {
            throw new IllegalArgumentException(which + " is encrypted; give its passphrase", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(which + " cannot be read" + (login.passphrase() == null ? "" : " with the "
                    + "given passphrase (a wrong passphrase reads as damaged data)") + ": " + e.getMessage(), e);
        }
        if (loaded.isEmpty()) {
            throw new IllegalArgumentException(which + " holds no private key (a public key file, .pub, perhaps)");
        }
        return loaded;
    }

    @Override
    protected File getSshConfig(File sshDir) {
        return null;
    }

    @Override
    protected ServerKeyDatabase createServerKeyDatabase(File homeDir, File sshDir) {
        return knownHosts;
    }

    @Override
    protected ConnectorFactory getConnectorFactory() {
        return null;
    }

    @Override
    protected Iterable<KeyPair> getDefaultKeys(File sshDir) {
        return keys.isEmpty() ? super.getDefaultKeys(sshDir) : keys;
    }

    @Override
    protected String getDefaultPreferredAuthentications() {
        return "publickey";
    }
}
