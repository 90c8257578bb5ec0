package io.patchrun.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchrun.image.ImageRef;
import io.patchrun.rollout.ContainerRollouts;
import io.patchrun.rollout.RolloutJournal;
import io.patchrun.rollout.RolloutPolicy;
import io.patchrun.rollout.RolloutRecord;
import io.patchrun.rollout.RolloutTarget;
import io.patchrun.rollout.Rollover;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.rollout.RolloverResult.Status;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;
import io.patchrun.time.Pause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A container made with the docker CLI, using most of what {@code docker run} offers, is the same container after a
 * rollover: {@code docker inspect} before and after are equal field by field, but for {@link #NOT_COMPARED} and what
 * comes from the image. A container with a setting Patchrun does not carry over is not rolled over and stays as it is, nor
 * are the other containers of its image.
 */
@EngineTest
class DockerFaithfulCopyTest {

    /**
     * What may differ after a rollover, each for its reason: the container's identity and runtime state, the engine's
     * own files and layers for it, and what the engine assigns each endpoint (on a network without a static address, the
     * address too). What comes from the image ({@code Config.Image}, its ENV and LABEL values) is compared against the
     * new image's instead.
     */
    private static final List<Pattern> NOT_COMPARED = List.of(
            Pattern.compile("Id|Created|Image|RestartCount|ResolvConfPath|HostnamePath|HostsPath|LogPath"),
            Pattern.compile("State\\..*"),
            Pattern.compile("GraphDriver\\..*"),
            Pattern.compile("NetworkSettings\\.(SandboxID|SandboxKey)"),
            Pattern.compile("NetworkSettings\\.Networks\\.[^.]+\\.EndpointID"),
            Pattern.compile("NetworkSettings\\.Networks\\.[^.]+-dynamic\\.(IPAddress|MacAddress)"));
    private static final String SERVE = "trap 'exit 0' USR1 TERM INT; httpd -f -p 8080 -h /www & wait";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RolloutImages images;
    private static String v1;
    private static String v2;
    private static String network;
    private static String dynamicNetwork;
    private static String subnetPrefix;

    @BeforeAll
    static void buildImagesAndNetworks(Engine engine, @TempDir Path work) {
        images = new RolloutImages(engine, work);
        v1 = images.web("faithful", "v1", "v1", "ENV GREETING=v1\nLABEL app.version=1\nCMD [\"sh\", \"-c\", \"" + SERVE + "\"]");
        v2 = images.web("faithful", "v2", "v2", "ENV GREETING=v2\nLABEL app.version=2\nCMD [\"sh\", \"-c\", \"" + SERVE + "\"]");
        subnetPrefix = "10.214." + ThreadLocalRandom.current().nextInt(1, 250);
        network = engine.token() + "-static";
        dynamicNetwork = engine.token() + "-dynamic";
        docker("network", "create", "--subnet", subnetPrefix + ".0/24", "--label", Engine.TEST_LABEL + "=" + engine.token(), network);
        docker("network", "create", "--label", Engine.TEST_LABEL + "=" + engine.token(), dynamicNetwork);
    }

    @AfterEach
    void removeContainers(Engine engine) {
        engine.removeContainersAndTheirVolumes();
    }

    @AfterAll
    static void removeNetworks() {
        docker("network", "rm", network, dynamicNetwork);
    }

    @Test
    void rollOver_ofAContainerUsingMostOfDockerRun_givesTheSameContainerOnTheNewImage(Engine engine, @TempDir Path bound) {
        String name = engine.token() + "-rich";
        docker(richRun(engine, name, bound, v1));
        docker("network", "connect", "--alias", "b", "--driver-opt", "com.example.opt=1", dynamicNetwork, name);
        Map<String, Object> before = inspect(name);
        assertThat(flat(before)).containsEntry("HostConfig.ReadonlyRootfs", true).containsEntry("HostConfig.MaskedPaths", List.of())
                .containsEntry("HostConfig.Init", true).containsEntry("NetworkSettings.Networks." + dynamicNetwork + ".DriverOpts.com.example.opt", "1")
                .containsEntry("Mounts./labelled.Name", engine.token() + "-labelled").hasSizeGreaterThan(150);

        RolloverResult result = rollover(engine).rollOver(name, v2, RolloutPolicy.defaults());

        System.out.println("rollover of a container made with most of docker run: " + result);
        assertThat(result.status()).as(result.message()).isEqualTo(Status.DEPLOYED);
        Map<String, Object> after = inspect(name);
        assertThat(after.get("Id")).isNotEqualTo(before.get("Id"));
        Map<String, Object> expected = flat(before);
        expected.put("Config.Image", v2);
        expected.put("Config.Labels.app.version", "2");
        expected.put("Config.Env", sorted(((List<?>) expected.get("Config.Env")).stream().map(String::valueOf)
                .map(entry -> entry.equals("GREETING=v1") ? "GREETING=v2" : entry).toList()));
        String chosenPort = String.valueOf(expected.get("NetworkSettings.Ports.8080/tcp.0.HostPort"));
        expected.put("HostConfig.PortBindings.8080/tcp.0.HostPort", chosenPort);
        assertThat(differences(expected, flat(after))).as("fields of docker inspect that changed in the rollover").isEmpty();
    }

    @Test
    void rollOver_ofAContainerWithACidFile_leavesItRunningUntouched_andNamesTheSetting(Engine engine, @TempDir Path work) throws IOException {
        String name = engine.token() + "-cid";
        Path cidFile = work.resolve("web.cid");
        docker("run", "-d", "--name", name, "--label", Engine.TEST_LABEL + "=" + engine.token(), "--cidfile", cidFile.toString(),
                "--stop-signal", "SIGUSR1", v1);
        Map<String, Object> before = inspect(name);

        RolloverResult result = rollover(engine).rollOver(name, v2, RolloutPolicy.defaults());

        System.out.println("rollover of a container made with --cidfile: " + result);
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).startsWith("container " + name + " is not rolled over to " + v2 + " and is left as it is: "
                + "HostConfig.ContainerIDFile is set and Patchrun cannot carry it over: the docker CLI wrote the old container's id");
        Map<String, Object> now = inspect(name);
        assertThat(now.get("Id")).isEqualTo(before.get("Id"));
        assertThat(now.get("Image")).isEqualTo(before.get("Image"));
        assertThat(flat(now)).containsEntry("State.Running", true)
                .containsEntry("State.StartedAt", flat(before).get("State.StartedAt"));
        assertThat(Files.readString(cidFile)).isEqualTo(before.get("Id"));
        assertThat(engine.docker().listContainersCmd().withShowAll(true).withLabelFilter(engine.labels()).exec()).singleElement()
                .satisfies(container -> assertThat(container.getId()).isEqualTo(before.get("Id")));
    }

    @Test
    void rollOut_ofAnImage_holdsBackItsOtherContainers_whenOneHasACidFile(Engine engine, @TempDir Path work) {
        String refused = engine.token() + "-held-cid";
        String plain = engine.token() + "-held-plain";
        docker("run", "-d", "--name", refused, "--label", Engine.TEST_LABEL + "=" + engine.token(), "--cidfile",
                work.resolve("held.cid").toString(), v1);
        docker("run", "-d", "--name", plain, "--label", Engine.TEST_LABEL + "=" + engine.token(), v1);
        Object refusedId = inspect(refused).get("Id");
        Object plainId = inspect(plain).get("Id");
        ContainerRollouts fleet = new ContainerRollouts(new DockerContainers(engine.docker()), rollover(engine), Runnable::run);

        List<RolloverResult> results = fleet.rollOut(List.of(new RolloutTarget(ImageRef.parse(engine.token() + "/faithful"), v2,
                RolloutPolicy.defaults())));

        System.out.println("rollout of an image with a container made with --cidfile: " + results);
        assertThat(results).extracting(RolloverResult::container, RolloverResult::status)
                .containsExactly(tuple(refused, Status.FAILED), tuple(plain, Status.FAILED));
        assertThat(results.get(0).message()).contains("HostConfig.ContainerIDFile is set and Patchrun cannot carry it over");
        assertThat(results.get(1).message()).startsWith("not rolled over: the containers of " + engine.token() + "/faithful roll over"
                + " together, and one of them cannot: container " + refused);
        assertThat(inspect(refused)).containsEntry("Id", refusedId);
        assertThat(inspect(plain)).containsEntry("Id", plainId);
        assertThat(engine.docker().listContainersCmd().withLabelFilter(engine.labels()).exec()).hasSize(2);
    }

    private static List<String> richRun(Engine engine, String name, Path bound, String image) {
        return List.of("run", "-d", "--name", name, "--label", Engine.TEST_LABEL + "=" + engine.token(), "--label", "team=web",
                "-e", "A=B", "--hostname", "h1", "--domainname", "example.org", "--user", "1000:1000", "--workdir", "/www",
                "--cap-add", "NET_ADMIN", "--cap-drop", "MKNOD", "--security-opt", "no-new-privileges",
                "--security-opt", "systempaths=unconfined", "--read-only", "--tmpfs", "/tmp:size=1m",
                "--ulimit", "nofile=1024:2048", "--init", "--sysctl", "net.ipv4.ip_local_port_range=1024 65000",
                "--log-driver", "json-file", "--log-opt", "max-size=1m", "--log-opt", "max-file=2",
                "--add-host", "foo:127.0.0.2", "--dns", "127.0.0.53", "--dns-search", "example.org", "--dns-option", "ndots:2",
                "--health-cmd", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1", "--health-interval", "1s",
                "--health-retries", "5", "--stop-signal", "SIGUSR1", "--stop-timeout", "3",
                "--network", network, "--ip", subnetPrefix + ".10", "--network-alias", "a", "--link-local-ip", "169.254.10.10",
                "-p", "127.0.0.1::8080", "--expose", "9090",
                "-v", engine.token() + "-data:/data:nocopy", "-v", bound + ":/bind:ro",
                "--mount", "type=volume,source=" + engine.token() + "-labelled,target=/labelled,volume-label=k=v",
                "--mount", "type=tmpfs,target=/scratch,tmpfs-size=1048576",
                "--memory", "64m", "--memory-reservation", "32m", "--cpus", "0.5", "--cpu-shares", "512", "--pids-limit", "50",
                "--shm-size", "32m", "--oom-score-adj", "100", "--group-add", "10", "--ipc", "shareable",
                "--device", "/dev/null:/dev/xnull:r", "--device-cgroup-rule", "c 1:3 r", "--restart", "on-failure:3",
                image);
    }

    /**
     * {@code docker inspect} as paths to values: objects are walked, lists are values, but mounts are keyed by where
     * they are mounted, port bindings by their place, an endpoint's aliases lose the container's own short id, which the
     * engine adds by itself, and the environment is compared as a set.
     */
    private static Map<String, Object> flat(Map<String, Object> inspect) {
        Map<String, Object> flat = new TreeMap<>();
        String shortId = String.valueOf(inspect.get("Id")).substring(0, 12);
        walk("", inspect, flat, shortId);
        return flat;
    }

    private static void walk(String path, Object value, Map<String, Object> flat, String shortId) {
        if (value instanceof Map<?, ?> object) {
            object.forEach((key, child) -> walk(path.isEmpty() ? String.valueOf(key) : path + "." + key, child, flat, shortId));
        } else if (path.equals("Mounts") && value instanceof List<?> mounts) {
            mounts.forEach(mount -> walk("Mounts." + ((Map<?, ?>) mount).get("Destination"), mount, flat, shortId));
        } else if (path.endsWith(".Aliases") && value instanceof List<?> aliases) {
            flat.put(path, sorted(aliases.stream().map(String::valueOf).filter(alias -> !alias.equals(shortId)).toList()));
        } else if (path.equals("Config.Env") && value instanceof List<?> env) {
            flat.put(path, sorted(env.stream().map(String::valueOf).toList()));
        } else if (value instanceof List<?> list && (path.startsWith("NetworkSettings.Ports.") || path.startsWith("HostConfig.PortBindings."))) {
            for (int i = 0; i < list.size(); i++) {
                walk(path + "." + i, list.get(i), flat, shortId);
            }
        } else {
            flat.put(path, value);
        }
    }

    private static List<String> differences(Map<String, Object> expected, Map<String, Object> actual) {
        List<String> differences = new ArrayList<>();
        TreeMap<String, Object> all = new TreeMap<>(expected);
        actual.forEach(all::putIfAbsent);
        all.keySet().stream().filter(path -> NOT_COMPARED.stream().noneMatch(pattern -> pattern.matcher(path).matches())).forEach(path -> {
            Object want = expected.get(path);
            Object got = actual.get(path);
            if (!Objects.equals(want, got)) {
                differences.add(path + ": was " + want + ", is " + got);
            }
        });
        return differences;
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted(Comparator.naturalOrder()).toList();
    }

    private static Map<String, Object> inspect(String container) {
        try {
            List<Map<String, Object>> answer = JSON.readValue(docker("inspect", container), new TypeReference<>() {
            });
            return answer.get(0);
        } catch (IOException e) {
            throw new IllegalStateException("docker inspect " + container + " did not print JSON", e);
        }
    }

    private Rollover rollover(Engine engine) {
        RolloutJournal memory = new RolloutJournal() {
            @Override
            public void record(RolloutRecord record) {
            }

            @Override
            public void finished(RolloutRecord record, RolloverResult result) {
            }
        };
        return new Rollover(new DockerContainers(engine.docker()), memory, Clock.systemUTC(), Pause.sleeping());
    }

    private static String docker(String... arguments) {
        return docker(List.of(arguments));
    }

    /** Runs the docker CLI, as a user would, and returns what it printed; fails the test when it fails. */
    private static String docker(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
