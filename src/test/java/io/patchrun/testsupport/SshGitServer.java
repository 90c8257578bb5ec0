package io.patchrun.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;
import org.opentest4j.TestAbortedException;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd} from Debian's {@code openssh-server}, which
 * {@code config/engine.sh up} installs) on a free 127.0.0.1 port, with a host key of its own and an
 * {@code authorized_keys} file in the test's folder, serving bare Git repositories as
 * {@code ssh://root@127.0.0.1:PORT/<folder>/<name>.git}. Since the scp-like form {@code root@host:path} has
 * no port, the server also listens on port 22 of a loopback address of its own ({@code 127.77.x.y}, so no
 * other server on the machine is in its way). Git over SSH needs {@code git-upload-pack} on the machine, as
 * any Git server does. {@link #close()} stops the server and every connection it still serves.
 *
 * <p>Without sshd, or not as root (sshd logs users in only as root), the test is skipped with the reason,
 * except in CI ({@code CI=true}), where that is a failure.
 */
public final class SshGitServer implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final long START_SECONDS = 30;

    private final Path dir;
    private final int port;
    private final String scpHost;
    private final Path hostKey;
    private final Path log;
    private final Process process;
    /** Copies sshd's output into {@link #log}; it ends once every sshd process has closed that output. */
    private Thread logReader;

    private SshGitServer(Path dir, int port, String scpHost, Path hostKey, Path log, Process process) {
        this.dir = dir;
        this.port = port;
        this.scpHost = scpHost;
        this.hostKey = hostKey;
        this.log = log;
        this.process = process;
    }

    /** Starts sshd with its files under {@code dir}; returns once it listens. */
    public static SshGitServer start(Path dir) throws IOException, InterruptedException {
        requireSshd();
        Files.createDirectories(dir);
        // sshd refuses to start without its privilege separation folder, which Debian makes only at boot.
        Files.createDirectories(Path.of("/run/sshd"));
        Path hostKey = dir.resolve("ssh_host_ed25519_key");
        Commands.run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "patchrun-test-host", "-f", hostKey.toString());
        Files.writeString(dir.resolve("authorized_keys"), "");
        int port = freePort();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String scpHost = "127.77." + random.nextInt(1, 255) + "." + random.nextInt(1, 255);
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress 127.0.0.1:" + port,
                "ListenAddress " + scpHost + ":22",
                "HostKey " + hostKey,
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PidFile " + dir.resolve("sshd.pid"),
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "LogLevel VERBOSE",
                ""));
        Path log = dir.resolve("sshd.log");
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).start();
        SshGitServer server = new SshGitServer(dir, port, scpHost, hostKey, log, process);
        try {
            server.awaitListening();
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static void requireSshd() {
        String problem = !Files.isExecutable(SSHD) ? SSHD + " is not installed (Debian package openssh-server)"
                : !"root".equals(System.getProperty("user.name")) ? "sshd logs users in only when run as root" : null;
        if (problem != null) {
            String message = "no SSH server for Git-over-SSH tests: " + problem + "; run config/engine.sh up as root";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            throw new TestAbortedException(message);
        }
    }

    /** Follows sshd's log into the log file, and returns once it says it listens on both addresses (or fails if it exits first). */
    private void awaitListening() throws IOException, InterruptedException {
        CountDownLatch listening = new CountDownLatch(2);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                    if (line.startsWith("Server listening on 127.0.0.1 port " + port + ".")
                            || line.startsWith("Server listening on " + scpHost + " port 22.")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                while (listening.getCount() > 0) {
                    listening.countDown();
                }
            }
        }, "sshd-log");
        reader.setDaemon(true);
        reader.start();
        logReader = reader;
        if (!listening.await(START_SECONDS, TimeUnit.SECONDS) || !process.isAlive()) {
            throw new AssertionError("sshd did not start listening on 127.0.0.1:" + port + " and " + scpHost + ":22 within " + START_SECONDS
                    + " s; its log:\n" + log());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The server's public host key line, {@code ssh-ed25519 AAAA... comment}. */
    public String hostKey() throws IOException {
        return Files.readString(Path.of(hostKey + ".pub")).strip();
    }

    /** A {@code known_hosts} line vouching for this server's host key on 127.0.0.1:{@link #port()}. */
    public String knownHostsLine() throws IOException {
        return "[127.0.0.1]:" + port + " " + hostKey();
    }

    /** The loopback address this server also listens on, at port 22, for scp-like URLs. */
    public String scpHost() {
        return scpHost;
    }

    /** A {@code known_hosts} line vouching for this server's host key on {@link #scpHost()} port 22. */
    public String scpKnownHostsLine() throws IOException {
        return scpHost + " " + hostKey();
    }

    /** Makes a new key pair in {@code file} (and {@code file.pub}), with a passphrase unless it is empty. */
    public static Path newKey(Path file, String type, String passphrase) {
        Commands.run(file.getParent(), "ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "patchrun-test", "-f", file.toString());
        return file;
    }

    /** Lets the holder of the private key {@code key} log in as root. */
    public void authorize(Path key) throws IOException {
        authorize(key, "");
    }

    /**
     * Lets the holder of {@code key} log in as root with the {@code authorized_keys} options {@code options} before it,
     * e.g. {@code command="..."}, which runs that command whatever the client asks for.
     */
    public void authorize(Path key, String options) throws IOException {
        Files.writeString(dir.resolve("authorized_keys"), (options.isEmpty() ? "" : options + " ")
                + Files.readString(Path.of(key + ".pub")).strip() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** A bare copy of {@code repo} served by this server; returns its {@code ssh://} URL. */
    public String serve(GitRepos repo, String name) {
        Path bare = dir.resolve("repos").resolve(name + ".git");
        try (Git ignored = Git.cloneRepository().setURI(repo.path().toUri().toString()).setDirectory(bare.toFile())
                .setBare(true).setCloneAllBranches(true).call()) {
            return url(name);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot make a bare copy of " + repo.path() + " in " + bare, e);
        }
    }

    /** The URL of a repository {@link #serve served} under {@code name}. */
    public String url(String name) {
        return "ssh://root@127.0.0.1:" + port + dir.resolve("repos").resolve(name + ".git");
    }

    /** The scp-like URL of a repository {@link #serve served} under {@code name}: {@code root@127.77.x.y:/.../name.git}. */
    public String scpUrl(String name) {
        return "root@" + scpHost + ":" + dir.resolve("repos").resolve(name + ".git");
    }

    /** Updates the served copy of {@code name} from {@code repo}: every branch and tag. */
    public void push(GitRepos repo, String name) {
        try (Git git = Git.open(repo.path().toFile())) {
            git.push().setRemote(dir.resolve("repos").resolve(name + ".git").toUri().toString())
                    .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"))
                    .setPushTags().call();
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot push " + repo.path() + " to the served " + name, e);
        }
    }

    /** Ends every session sshd serves (as a dropped network or a restarted machine would), leaving it listening. */
    public void dropSessions() {
        List<ProcessHandle> sessions = process.descendants().toList();
        sessions.forEach(ProcessHandle::destroyForcibly);
        sessions.forEach(session -> session.onExit().join());
    }

    /** What sshd logged so far: why it refused a login, for instance. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops sshd and the sessions it forked; waits until they are gone. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        // The last lines are still being copied; a line written after the folder was deleted would make the log file again.
        if (logReader != null) {
            try {
                logReader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
