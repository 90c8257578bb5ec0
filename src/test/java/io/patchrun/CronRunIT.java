package io.patchrun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.dockerjava.api.command.InspectContainerResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.testsupport.GitRepos;
import io.patchrun.testsupport.PackagedJar;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --once} as cron runs it: the packaged jar as a process of its own, started in a folder of its own with
 * nothing beside it but the data it makes, and given only the pipeline file. After a base got a new digest, with
 * nothing else done first (no base check, no server), the run finds the change itself, builds, and rolls the running
 * container over to the version it built.
 */
@EngineTest
class CronRunIT {

    private static final String PASSWORD = "cron-admin";

    @Test
    void runOnce_afterANewBaseDigest_rebuildsAndRollsTheContainerOverToItsOwnVersion(Engine engine, @TempDir Path tmp) throws Exception {
        ImageRef base = engine.makeBase("cron-base", "stable");
        GitRepos.init(tmp.resolve("repo"))
                .write("Dockerfile", "FROM " + base.familiarName() + ":stable\nRUN cp /etc/patchrun-base-generation /generation\n"
                        + "CMD [\"sleep\", \"3600\"]\n")
                .commit("app");
        String image = engine.token() + "/cron-app";
        Path file = Files.createDirectories(tmp.resolve("pipelines")).resolve("cron.yml");
        Files.writeString(file, """
                name: cron-once
                repositories:
                  - url: %s
                    images:
                      - name: %s
                        rollout: { stopTimeout: PT1S }
                """.formatted(tmp.resolve("repo"), image));
        Path home = Files.createDirectories(tmp.resolve("home"));

        String first = runOnce(home, tmp.resolve("first.log"), file.toString(), "--once", "--force");
        String built = tagOf(first, image, "BUILT");
        String container = engine.token() + "-cron-app";
        String id = engine.docker().createContainerCmd(image + ":latest").withName(container).withLabels(engine.labels()).exec().getId();
        engine.docker().startContainerCmd(id).exec();

        ImageRef republished = engine.republish(base, "2");
        String second = runOnce(home, tmp.resolve("second.log"), file.toString(), "--once");

        assertThat(second).as("the digest the run checked itself").contains("base " + base.familiarName() + ":stable: " + republished.digest());
        String deployed = tagOf(second, image, "DEPLOYED");
        assertThat(deployed).as("a version of its own, not the first run's").isNotEqualTo(built);
        assertThat(second).contains(image + ": DEPLOYED " + deployed + " [" + container + "]");
        InspectContainerResponse now = engine.docker().inspectContainerCmd(container).exec();
        assertThat(now.getId()).as("a new container under the old name").isNotEqualTo(id);
        assertThat(now.getState().getRunning()).isTrue();
        assertThat(now.getConfig().getImage()).isEqualTo(image + ":" + deployed);
        assertThat(now.getImageId()).isEqualTo(engine.docker().inspectImageCmd(image + ":" + deployed).exec().getId());
        assertThat(home.resolve("data/patchrun.mv.db")).as("the database under the folder cron ran it in").isRegularFile();

        String third = runOnce(home, tmp.resolve("third.log"), file.toString(), "--once");

        assertThat(third).contains(image + ": UNCHANGED");
        assertThat(engine.docker().inspectContainerCmd(container).exec().getId()).as("left alone when nothing changed").isEqualTo(now.getId());
    }

    /** Runs the jar's {@code run} command with {@code args} in {@code folder}, waits for it to exit 0, and returns what it printed. */
    private static String runOnce(Path folder, Path log, String... args) throws IOException, InterruptedException {
        Process process = PackagedJar.start(folder, log, PASSWORD, Stream.concat(Stream.of("run"), Stream.of(args)).toArray(String[]::new));
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(exited).as("still running after 5 minutes:\n%s", output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The version the run printed for {@code image} with {@code status}. */
    private static String tagOf(String output, String image, String status) {
        Matcher line = Pattern.compile("(?m)^  " + Pattern.quote(image) + ": " + status + " (\\S+)").matcher(output);
        assertThat(line.find()).as("%s %s in:\n%s", image, status, output).isTrue();
        return line.group(1);
    }
}
