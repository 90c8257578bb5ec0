package io.patchrun.docker;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;

/**
 * Carries docker-java's HTTP connections to an {@code ssh://} engine, as the docker CLI does: every connection to a
 * unix socket in a private folder of Patchrun's (only its own user may open it) becomes one SSH exec channel running
 * {@code docker system dial-stdio} on the engine's machine, which joins its standard input and output to the engine's
 * own socket. docker-java is given that local socket as its host and keeps its pool of connections; the SSH sessions
 * under them are {@link SshEngineSessions}'.
 */
final class SshEngineTunnel implements Closeable {

    static final String DIAL_STDIO = "docker system dial-stdio";
    private static final int ERROR_BYTES = 4096;

    private final SshEngineSessions sessions;
    private final Path folder;
    private final Path socket;
    private final ServerSocketChannel listener;
    private final ExecutorService carriers;
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure;

    private SshEngineTunnel(SshEngineSessions sessions, Path folder, Path socket, ServerSocketChannel listener) {
        this.sessions = sessions;
        this.folder = folder;
        this.socket = socket;
        this.listener = listener;
        this.carriers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "ssh-engine " + sessions.target());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens the local socket; the SSH session is made with the first connection, so an engine that is down does not stop Patchrun. */
    static SshEngineTunnel open(EngineAddress address) {
        SshEngineSessions sessions = SshEngineSessions.prepare(address);
        try {
            Path folder = Files.createTempDirectory("patchrun-ssh-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path socket = folder.resolve("engine.sock");
            ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            SshEngineTunnel tunnel = new SshEngineTunnel(sessions, folder, socket, listener);
            tunnel.carriers.execute(tunnel::accept);
            return tunnel;
        } catch (IOException | RuntimeException e) {
            sessions.close();
            throw new IllegalStateException("cannot open the local socket that carries connections to " + address.host() + ": " + e.getMessage(), e);
        }
    }

    /** The address docker-java connects to. */
    String localHost() {
        return "unix://" + socket;
    }

    /** How many connections failed so far; with {@link #lastFailure()}, what a failed request is told. */
    long failures() {
        return failures.get();
    }

    /** Why the last connection through the tunnel failed, in the user's terms; {@code null} if none did. */
    String lastFailure() {
        return lastFailure;
    }

    private void accept() {
        while (listener.isOpen()) {
            try {
                SocketChannel connection = listener.accept();
                carriers.execute(() -> carry(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void carry(SocketChannel connection) {
        ClientSession session;
        try {
            session = sessions.reserve();
        } catch (SshEngineSessions.LoginException e) {
            fail(e.getMessage());
            closeQuietly(connection);
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                sessions.release(session);
            }
        };
        try {
            ChannelExec channel = session.createExecChannel(DIAL_STDIO);
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            channel.setIn(new TunnelStreams.ChannelInput(connection));
            channel.setOut(new TunnelStreams.ChannelOutput(connection));
            channel.setErr(new TunnelStreams.BoundedOutput(errors, ERROR_BYTES));
            channel.addCloseFutureListener(closed -> {
                release.run();
                Integer exit = channel.getExitStatus();
                if (exit != null && exit != 0) {
                    fail(DIAL_STDIO + " on " + sessions.target() + " exited with " + exit + ": "
                            + new String(errors.toByteArray(), StandardCharsets.UTF_8).strip()
                            + " (the SSH user needs the docker CLI on its PATH and access to the engine's socket)");
                }
                closeQuietly(connection);
            });
            channel.open().verify(SshEngineSessions.TIMEOUT);
        } catch (IOException | RuntimeException e) {
            release.run();
            fail("cannot open an SSH channel to " + sessions.target() + " for " + DIAL_STDIO + ": " + e.getMessage());
            closeQuietly(connection);
        }
    }

    private void fail(String why) {
        lastFailure = why;
        failures.incrementAndGet();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Already closed by the other side; nothing is left to release.
        }
    }

    /** Stops accepting, closes every channel and SSH session, and removes the local socket. */
    @Override
    public void close() {
        closeQuietly(listener);
        carriers.shutdownNow();
        sessions.close();
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove the local socket " + socket + " of the SSH tunnel to " + sessions.target(), e);
        }
    }
}
