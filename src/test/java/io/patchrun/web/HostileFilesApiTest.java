package io.patchrun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.reload.PipelineFolder;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.HostileFiles;

/** The server keeps answering with hostile pipeline files in its folder and hostile Dockerfiles in a fleet. */
class HostileFilesApiTest extends AppTestBase {

    @Autowired
    PipelineFolder pipelines;

    @TempDir
    Path tmp;

    @AfterEach
    void removePipelines() throws Exception {
        try (var files = Files.list(pipelinesDir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("hostile-")).toList()) {
                Files.delete(file);
            }
        }
        pipelines.reload();
    }

    @Test
    void plan_ofAFleetWithHostileDockerfiles_failsThoseImagesWithTheirLines_andPlansTheOthers() throws Exception {
        Path repo = HostileFiles.fleetRepository(tmp.resolve("fleet")).path();
        Files.createDirectories(pipelinesDir());
        Files.writeString(pipelinesDir().resolve("hostile-fleet.yml"), HostileFiles.pipeline("hostile-fleet", repo.toString()));
        pipelines.reload();

        HttpResponse<String> plan = client.getAs("viewer", VIEWER_PASSWORD, "/api/pipelines/hostile-fleet/plan");

        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        assertThat(plan.body()).contains("{\"from\":\"hostile/base\",\"to\":\"hostile/app\"}")
                .contains("\"bases\":[\"127.0.0.1:5000/hostile/upstream:1\"]");
        HostileFiles.imageErrors().forEach(error -> assertThat(plan.body()).contains("\"error\":\"" + error));
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/pipelines").statusCode()).isEqualTo(200);
    }

    @Test
    void hostilePipelineFiles_areListedWithTheirLines_whileTheOthersLoad() throws Exception {
        Files.createDirectories(pipelinesDir());
        List<Path> hostile = HostileFiles.pipelineFiles(pipelinesDir(), "hostile-");
        Files.writeString(pipelinesDir().resolve("hostile-fine.yml"), "name: hostile-fine\nrepositories:\n  - url: /nowhere\n"
                + "    images: [{ name: hostile/fine }]\n");
        pipelines.reload();

        String errors = client.getAs("viewer", VIEWER_PASSWORD, "/api/pipelines/errors").body();

        for (int i = 0; i < hostile.size(); i++) {
            assertThat(errors).contains("{\"file\":\"" + hostile.get(i) + "\"," + HostileFiles.pipelineFileErrors().get(i));
        }
        assertThat(client.getAs("viewer", VIEWER_PASSWORD, "/api/pipelines").body()).contains("\"name\":\"hostile-fine\"")
                .doesNotContain("hostile-bomb").doesNotContain("hostile-huge").doesNotContain("hostile-deep");
    }
}
