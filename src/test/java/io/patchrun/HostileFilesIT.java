package io.patchrun;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.testsupport.AppClient;
import io.patchrun.testsupport.HostileFiles;
import io.patchrun.testsupport.PackagedJar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar given files made to stop it: a fleet with hostile Dockerfiles beside good ones, and
 * hostile pipeline files beside a good one. Each hostile file fails alone, with its file and line; the
 * plan of the rest is printed, and the server keeps answering. Runs after {@code package}, in
 * {@code mvn verify}.
 */
class HostileFilesIT {

    private static final String PASSWORD = "hostile-admin";
    private static final Duration START = Duration.ofMinutes(3);

    @Test
    void plan_printsThePlanOfTheGoodImages_andEachHostileOnesFileLineAndLimit(@TempDir Path tmp) throws Exception {
        HostileFiles.fleetRepository(tmp.resolve("fleet/repo"));
        Path file = Files.writeString(tmp.resolve("fleet/hostile.yml"), HostileFiles.pipeline("hostile", "repo"));
        Path folder = Files.createDirectories(tmp.resolve("elsewhere"));
        Path out = tmp.resolve("plan.out");

        Process plan = java(folder, out, "plan", file.toString());

        assertThat(plan.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("plan still running:\n%s", tail(out)).isTrue();
        assertThat(plan.exitValue()).as(tail(out)).isZero();
        String printed = Files.readString(out);
        assertThat(printed).contains("\"from\" : \"hostile/base\",\n    \"to\" : \"hostile/app\"")
                .contains("\"bases\" : [ \"127.0.0.1:5000/hostile/upstream:1\" ]");
        HostileFiles.imageErrors().forEach(error -> assertThat(printed).contains("\"error\" : \"" + error));
    }

    @Test
    void server_keepsAnswering_withHostilePipelineFilesAndDockerfiles(@TempDir Path tmp) throws Exception {
        HostileFiles.fleetRepository(tmp.resolve("repos/fleet"));
        Path pipelines = Files.createDirectories(tmp.resolve("pipelines"));
        Files.writeString(pipelines.resolve("fleet.yml"), HostileFiles.pipeline("fleet", "../repos/fleet"));
        List<Path> hostile = HostileFiles.pipelineFiles(pipelines, "hostile-");
        Path folder = Files.createDirectories(tmp.resolve("server"));
        Path log = tmp.resolve("server.log");
        int port = freePort();

        Process server = java(folder, log, "--patchrun.pipelines-dir=" + pipelines, "--server.port=" + port);
        try {
            AppClient client = new AppClient(port);
            await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() -> !server.isAlive() || answers(client));
            assertThat(server.isAlive()).as("exited:\n%s", tail(log)).isTrue();

            String errors = client.getAs("admin", PASSWORD, "/api/pipelines/errors").body();
            for (int i = 0; i < hostile.size(); i++) {
                assertThat(errors).contains("{\"file\":\"" + hostile.get(i) + "\"," + HostileFiles.pipelineFileErrors().get(i));
            }
            HttpResponse<String> plan = client.getAs("admin", PASSWORD, "/api/pipelines/fleet/plan");
            assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
            assertThat(plan.body()).contains("{\"from\":\"hostile/base\",\"to\":\"hostile/app\"}");
            HostileFiles.imageErrors().forEach(error -> assertThat(plan.body()).contains("\"error\":\"" + error));
            assertThat(client.getAs("admin", PASSWORD, "/api/pipelines").body()).contains("\"name\":\"fleet\"")
                    .doesNotContain("hostile-bomb").doesNotContain("hostile-huge").doesNotContain("hostile-deep");
            assertThat(server.isAlive()).isTrue();
        } finally {
            server.destroy();
            if (!server.waitFor(1, TimeUnit.MINUTES)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    private static Process java(Path folder, Path log, String... args) throws IOException {
        return PackagedJar.start(folder, log, PASSWORD, args);
    }

    private static boolean answers(AppClient client) {
        try {
            return client.get("/login").statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
