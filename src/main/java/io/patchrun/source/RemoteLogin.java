package io.patchrun.source;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * How one Git operation gets into one remote: the login whose prefix matches its URL (a password for
 * http(s), a key and the {@code known_hosts} check for SSH) set on a JGit command, and the one rule for
 * what may be said about the remote afterwards: no user info in URLs, no password or passphrase anywhere.
 */
final class RemoteLogin implements AutoCloseable {

    private static final String MASK = "****";
    /** How JGit's SSH transport starts its message when the server took none of the keys offered. */
    private static final String LOGIN_REFUSED = "Cannot log in at ";

    private final RemoteUrl remote;
    private final GitCredentials login;
    private final KnownHosts knownHosts;
    private final SshSessions ssh;

    private RemoteLogin(RemoteUrl remote, GitCredentials login, KnownHosts knownHosts, SshSessions ssh) {
        this.remote = remote;
        this.login = login;
        this.knownHosts = knownHosts;
        this.ssh = ssh;
    }

    /**
     * @throws IllegalArgumentException when the SSH key of the matching login cannot be read; the message
     *                                  names the file and what to change, never the passphrase
     */
    static RemoteLogin open(RemoteUrl remote, GitAccess access) {
        Optional<GitCredentials> login = access.credentialsFor(remote).filter(found -> found.isSsh() == remote.isSsh());
        if (!remote.isSsh()) {
            return new RemoteLogin(remote, login.orElse(null), null, null);
        }
        KnownHosts knownHosts = new KnownHosts(access.knownHosts());
        List<KeyPair> keys = login.map(SshSessions::load).orElse(List.of());
        return new RemoteLogin(remote, login.orElse(null), knownHosts, new SshSessions(knownHosts, keys));
    }

    /** Sets the login on {@code command}: its SSH connections, or its http(s) user name and password. */
    <C extends TransportCommand<C, ?>> C applyTo(C command) {
        if (ssh != null) {
            command.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport sshTransport) {
                    sshTransport.setSshSessionFactory(ssh);
                }
            });
        } else if (login != null) {
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(login.username(), login.password()));
        }
        return command;
    }

    /**
     * Why an operation on the remote failed, fit for messages, logs and pages: a refused host key with what
     * to do about it, else Git's words without the remote's URL (the caller names it) and without secrets.
     */
    String reason(Throwable e) {
        String refusal = knownHosts == null ? null : knownHosts.refusal();
        String reason = refusal != null ? refusal : redact(messages(e)).replace(remote.display() + ": ", "");
        if (refusal == null && remote.isSsh() && reason.contains(LOGIN_REFUSED)) {
            reason += offered();
        }
        return reason;
    }

    /** Whether {@code e} and its causes can be logged as they are: they mention no secret. */
    boolean isClean(Throwable e) {
        String all = messages(e);
        return redact(all).equals(all);
    }

    /** {@code text} with user info taken out of URLs and every password or passphrase masked. */
    String redact(String text) {
        String redacted = RemoteUrl.stripUserInfo(text);
        for (String secret : secrets()) {
            redacted = redacted.replace(secret, MASK);
        }
        return redacted;
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>(remote.passwords());
        if (login != null && login.secret() != null && !login.secret().isEmpty()) {
            secrets.add(login.secret());
        }
        return secrets;
    }

    private String offered() {
        return login != null
                ? " (offered the key " + login.sshKey() + " of url-prefix " + login.urlPrefix() + "; is its public key in "
                        + "the server's authorized_keys for the user in the URL?)"
                : " (no patchrun.git.credentials entry with an ssh-key matches this URL, so only the default keys in "
                        + "~/.ssh were offered)";
    }

    /**
     * The messages of the exception and its causes, each once. The JDK's own exceptions keep their
     * type, since their message alone ("git.example.com") often does not say what went wrong.
     */
    private static String messages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() != null ? cause.getMessage() : "";
            if (cause.getClass().getName().startsWith("java.") || message.isEmpty()) {
                String type = cause.getClass().getSimpleName();
                message = message.isEmpty() ? type : message + " (" + type + ")";
            }
            String candidate = message;
            if (messages.stream().noneMatch(seen -> seen.contains(candidate))) {
                messages.add(candidate);
            }
        }
        return String.join(": ", messages);
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }
}
