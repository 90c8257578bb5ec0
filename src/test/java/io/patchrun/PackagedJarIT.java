package io.patchrun;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.testsupport.AppClient;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.PackagedJar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as a user runs it: {@code java -jar patchrun.jar} as a process of its own, started in an
 * empty folder with no configuration file beside it. Runs after {@code package}, in {@code mvn verify}.
 */
class PackagedJarIT {

    private static final String PASSWORD = "jar-admin";
    private static final Duration START = Duration.ofMinutes(3);

    @Test
    void server_startedInAnEmptyFolder_worksOnTheJarsDefaults(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("empty"));
        Path pipelines = Files.createDirectories(tmp.resolve("pipelines"));
        Files.writeString(pipelines.resolve("nightly.yml"), """
                name: nightly
                schedule: "0 0 3 * * ?"
                repositories:
                  - url: ../repos/app
                    images:
                      - name: jar-it/app
                """);
        int port = freePort();

        Process server = java(folder, tmp.resolve("server.log"), "--patchrun.pipelines-dir=" + pipelines, "--server.port=" + port);
        try {
            awaitAnswer(server, port, tmp.resolve("server.log"));
            AppClient client = new AppClient(port);

            assertThat(client.get("/login").headers().allValues("Set-Cookie"))
                    .anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly").contains("SameSite=Lax"));
            HttpResponse<String> login = client.login("admin", PASSWORD);
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
            HttpResponse<String> listed = client.get("/api/pipelines");
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.body()).contains("\"name\":\"nightly\"").contains("\"schedule\":\"0 0 3 * * ?\"");
            Optional<InetAddress> other = nonLoopbackAddress();
            if (other.isPresent()) {
                assertThatThrownBy(() -> connect(other.get(), port)).as("listening on %s", other.get()).isInstanceOf(ConnectException.class);
            }
        } finally {
            stop(server);
        }

        try (Stream<Path> made = Files.list(folder)) {
            assertThat(made).containsExactly(folder.resolve("data"));
        }
        assertThat(folder.resolve("data/patchrun.mv.db")).isRegularFile();
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + folder.resolve("data/patchrun"), "sa", "")) {
            assertThat(rows(db, "SELECT TRIGGER_NAME, TRIGGER_GROUP, TRIGGER_TYPE FROM QRTZ_TRIGGERS"))
                    .as("the schedule is kept by Quartz's JDBC job store").containsExactly("nightly patch CRON");
            assertThat(rows(db, "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\""))
                    .startsWith("1 TRUE", "2 TRUE").allMatch(row -> row.endsWith(" TRUE"));
        }
    }

    @Test
    void server_refusesToStart_whenQuartzWouldKeepSchedulesInMemory(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("empty"));
        Path log = tmp.resolve("server.log");

        Process server = java(folder, log, "--spring.quartz.job-store-type=memory", "--server.port=" + freePort(),
                "--patchrun.pipelines-dir=" + Files.createDirectories(tmp.resolve("pipelines")));

        boolean exited = server.waitFor(START.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            stop(server);
        }
        assertThat(exited).as("still running:\n%s", tail(log)).isTrue();
        assertThat(server.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("keeps its schedules in memory (org.quartz.simpl.RAMJobStore)")
                .contains("spring.quartz.job-store-type=jdbc");
    }

    @Test
    void plan_fromAnotherFolder_printsThePlan(@TempDir Path tmp) throws Exception {
        GitRepos repo = GitRepos.init(tmp.resolve("fleet/repo"))
                .write("base/Dockerfile", "FROM 127.0.0.1:5000/jar-it/upstream:1\n")
                .write("app/Dockerfile", "FROM jar-it/base\n");
        repo.commit("fleet");
        Path file = tmp.resolve("fleet/jar-it.yml");
        Files.writeString(file, """
                name: jar-it
                repositories:
                  - url: repo
                    images:
                      - { name: jar-it/base, dockerfile: base/Dockerfile }
                      - { name: jar-it/app, dockerfile: app/Dockerfile }
                """);
        Path folder = Files.createDirectories(tmp.resolve("elsewhere"));
        Path out = tmp.resolve("plan.out");

        Process plan = java(folder, out, "plan", file.toString());

        assertThat(plan.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("plan still running:\n%s", tail(out)).isTrue();
        assertThat(plan.exitValue()).as(tail(out)).isZero();
        assertThat(Files.readString(out)).contains("\"levels\" : [ [ \"jar-it/base\" ], [ \"jar-it/app\" ] ]");
        assertThat(folder.resolve("data/git")).as("Git workspace under the folder it ran in").isDirectory();
    }

    private static Process java(Path folder, Path log, String... args) throws IOException {
        return PackagedJar.start(folder, log, PASSWORD, args);
    }

    private static void awaitAnswer(Process server, int port, Path log) throws IOException {
        await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() -> !server.isAlive() || answers(port));
        assertThat(server.isAlive()).as("exited with %s:\n%s", server.isAlive() ? "" : server.exitValue(), tail(log)).isTrue();
    }

    private static boolean answers(int port) {
        try {
            return new AppClient(port).get("/login").statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Stops the server the way a service manager does (SIGTERM), and waits for it to exit. */
    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(1, TimeUnit.MINUTES)) {
            server.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
        }
    }

    private static List<String> rows(Connection db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = db.createStatement().executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(String.join(" ", row));
            }
        }
        return rows;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
