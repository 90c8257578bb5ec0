package io.patchrun.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.opentest4j.TestAbortedException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A real PostgreSQL server from Debian's {@code postgresql} package (which {@code config/engine.sh up} installs), made
 * with {@code initdb} in a folder of its own and started with {@code pg_ctl} on a free 127.0.0.1 port, with one database
 * and one user for Patchrun. The server refuses to run as root, so it runs as the {@code postgres} OS user
 * ({@code runuser}). {@link #close()} stops it and removes its folder.
 *
 * <p>Without the package, or not as root (needed to run it as {@code postgres}), the test is skipped with the reason,
 * except in CI ({@code CI=true}), where that is a failure.
 */
public final class Postgres implements AutoCloseable {

    public static final String DATABASE = "patchrun";
    public static final String USER = "patchrun";
    public static final String PASSWORD = "patchrun-test";
    private static final long SECONDS = 60;

    private final Path dir;
    private final Path bin;
    private final int port;

    private Postgres(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    /** Makes a cluster in a new folder under {@code /var/tmp} (owned by {@code postgres}), starts it, and creates the database. */
    public static Postgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "patchrun-pg-");
        Postgres server = new Postgres(dir, bin, freePort());
        try {
            run("chown", "postgres:postgres", dir.toString());
            Path pwfile = dir.resolve("superuser-password");
            Files.writeString(pwfile, "superuser-" + UUID.randomUUID() + "\n", StandardCharsets.UTF_8);
            run("chown", "postgres:postgres", pwfile.toString());
            server.asPostgres(bin.resolve("initdb").toString(), "-D", server.data().toString(), "-U", "postgres", "-A", "scram-sha-256",
                    "--pwfile=" + pwfile, "-E", "UTF8", "--no-sync");
            server.asPostgres(bin.resolve("pg_ctl").toString(), "-D", server.data().toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", Long.toString(SECONDS), "-o", "-c listen_addresses=127.0.0.1 -c port=" + server.port
                            + " -c unix_socket_directories=" + dir + " -c fsync=off", "start");
            server.psql(Files.readString(pwfile).strip(),
                    "CREATE USER " + USER + " PASSWORD '" + PASSWORD + "'", "CREATE DATABASE " + DATABASE + " OWNER " + USER);
            return server;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    public DriverManagerDataSource dataSource() {
        return new DriverManagerDataSource(url(), USER, PASSWORD);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, PASSWORD);
    }

    /** The settings that point a Patchrun process at this database. */
    public List<String> patchrunArgs() {
        return List.of("--spring.datasource.url=" + url(), "--spring.datasource.username=" + USER, "--spring.datasource.password=" + PASSWORD);
    }

    /** The server's own log, for assertion messages. */
    public String log() throws IOException {
        Path log = dir.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void psql(String superuserPassword, String... statements) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("env", "PGPASSWORD=" + superuserPassword, bin.resolve("psql").toString(), "-v",
                "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d", "postgres"));
        for (String statement : statements) {
            command.add("-c");
            command.add(statement);
        }
        asPostgres(command.toArray(String[]::new));
    }

    private void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** Stops the server (fast shutdown) and removes its folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                asPostgres(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop");
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static Path binaries() throws IOException {
        String problem = null;
        Path found = null;
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> each = Files.list(versions)) {
                found = each.map(version -> version.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")))
                        .max(Comparator.comparing(Path::toString)).orElse(null);
            }
        }
        if (found == null) {
            problem = "no /usr/lib/postgresql/*/bin/pg_ctl (Debian package postgresql)";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            problem = "the server is started as the postgres user, which needs root";
        }
        if (problem != null) {
            String message = "no PostgreSQL server for the tests: " + problem + "; run config/engine.sh up as root";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            throw new TestAbortedException(message);
        }
        return found;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
