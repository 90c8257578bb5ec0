package io.patchrun.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PushResponseItem;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import io.patchrun.docker.DockerClients;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

/**
 * The real engine and the local registry, for one test class. Everything it makes carries a token unique
 * to the class's run ({@link #token()}): images are named {@code 127.0.0.1:5000/<token>/...} or
 * {@code <token>/...}, containers get the label {@code io.patchrun.test=<token>}. {@link #close()} removes
 * all of it, whoever made it, so images and containers that the code under test derives from them go too.
 */
public final class Engine implements AutoCloseable {

    public static final String REGISTRY = "127.0.0.1:5000";
    public static final String TEST_LABEL = "io.patchrun.test";
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "ash", "httpd", "wget", "echo", "cat", "mkdir", "sleep",
            "test", "[", "ls", "cp", "mv", "rm", "true", "false", "env", "id", "touch", "grep", "sed", "printf", "kill",
            "ps", "nc", "hostname", "date", "tail", "head", "chmod", "ln", "pwd", "uname", "nslookup", "expr", "seq");

    private final DockerClient docker;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final List<String> pushedManifests = new ArrayList<>();

    private Engine(DockerClient docker, String token) {
        this.docker = docker;
        this.token = token;
    }

    static Engine open(String testName) {
        String slug = testName.toLowerCase().replaceAll("[^a-z0-9]+", "-");
        String token = "pr-test-" + slug + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new Engine(DockerClients.connect(null), token);
    }

    /** Why real-engine tests cannot run here, or {@code null} when engine and registry both answer. */
    static String unavailableReason() {
        try (DockerClient docker = DockerClients.connect(null)) {
            docker.pingCmd().exec();
        } catch (Exception e) {
            return "the engine does not answer: " + e.getMessage();
        }
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? null : "the registry answered HTTP " + response.statusCode();
        } catch (IOException e) {
            return "the registry does not answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public DockerClient docker() {
        return docker;
    }

    /** Unique to this test class's run; part of every name this engine makes. */
    public String token() {
        return token;
    }

    /** The labels to put on any container a test creates, so that {@link #close()} finds it. */
    public Map<String, String> labels() {
        return Map.of(TEST_LABEL, token);
    }

    /**
     * Removes the containers labelled with {@link #labels()} and the named volumes they used: a volume carried over to a
     * new container is named there, so it outlives both.
     */
    public void removeContainersAndTheirVolumes() {
        for (Container container : docker.listContainersCmd().withShowAll(true).withLabelFilter(labels()).exec()) {
            List<String> volumes = docker.inspectContainerCmd(container.getId()).exec().getMounts().stream()
                    .map(InspectContainerResponse.Mount::getName).filter(name -> name != null && !name.isEmpty()).toList();
            docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
            volumes.forEach(volume -> docker.removeVolumeCmd(volume).exec());
        }
    }

    /**
     * Runs {@code command} in a running container, as {@code docker exec} does, and returns its output, stdout and
     * stderr together. Fails when it has not finished within 10 s.
     */
    public String exec(String container, String... command) throws InterruptedException {
        String exec = docker.execCreateCmd(container).withCmd(command).withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder output = new StringBuilder();
        boolean finished = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (output) {
                    output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        }).awaitCompletion(10, TimeUnit.SECONDS);
        synchronized (output) {
            if (!finished) {
                throw new AssertionError(String.join(" ", command) + " in " + container + " had not finished after 10 s; its output so far: " + output);
            }
            return output.toString();
        }
    }

    /** A registry repository name unique to this run: {@code 127.0.0.1:5000/<token>/<name>}. */
    public String registryName(String name) {
        return REGISTRY + "/" + token + "/" + name;
    }

    /**
     * Makes a tiny base image from the host's static busybox (no pull: it is built {@code FROM scratch})
     * and pushes it to the local registry as {@code 127.0.0.1:5000/<token>/<name>:<tag>}.
     *
     * @return the pushed reference, with the digest the registry reports
     */
    public ImageRef makeBase(String name, String tag) {
        return publishBase(ImageRef.parse(registryName(name) + ":" + tag), "1");
    }

    /** Pushes a changed base under the same tag, so the registry reports a new digest. */
    public ImageRef republish(ImageRef base, String generation) {
        return publishBase(base.withTag(base.tag()), generation);
    }

    private ImageRef publishBase(ImageRef ref, String generation) {
        String tagged = ref.familiarName() + ":" + ref.tag();
        byte[] context = baseContext(generation);
        docker.buildImageCmd().withTarInputStream(new ByteArrayInputStream(context)).withTags(Set.of(tagged))
                .withLabels(Map.of(TEST_LABEL, token)).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId();
        return ref.withDigest(push(ref.familiarName(), ref.tag()));
    }

    /** Pushes {@code name:tag} and returns the manifest digest the registry now serves for it. */
    public Digest push(String name, String tag) {
        try {
            docker.pushImageCmd(name).withTag(tag).exec(new ResultCallback.Adapter<PushResponseItem>() {
                @Override
                public void onNext(PushResponseItem item) {
                    if (item.getErrorDetail() != null) {
                        throw new IllegalStateException("push of " + name + ":" + tag + " failed: " + item.getErrorDetail().getMessage());
                    }
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing " + name + ":" + tag, e);
        }
        Digest digest = registryDigest(name, tag);
        pushedManifests.add(name + "@" + digest);
        return digest;
    }

    /** Has {@link #close()} delete the manifest {@code name:tag} has now from the registry: one Patchrun pushed, say. */
    public void deleteWithTheRest(String name, String tag) {
        pushedManifests.add(ImageRef.parse(name).familiarName() + "@" + registryDigest(name, tag).value());
    }

    /** What the registry says {@code name:tag} is now, by a HEAD of its manifest. */
    public Digest registryDigest(String name, String tag) {
        ImageRef ref = ImageRef.parse(name + ":" + tag);
        HttpRequest head = HttpRequest.newBuilder(URI.create("http://" + ref.registry() + "/v2/" + ref.repository() + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                .build();
        try {
            HttpResponse<Void> response = http.send(head, HttpResponse.BodyHandlers.discarding());
            String digest = response.headers().firstValue("Docker-Content-Digest")
                    .orElseThrow(() -> new IllegalStateException("HEAD " + head.uri() + " gave HTTP " + response.statusCode() + " and no digest"));
            return Digest.of(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("HEAD " + head.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Builds a folder as context, tagged {@code tag}; returns the image id. */
    public String build(Path contextDir, String tag) {
        return docker.buildImageCmd(contextDir.toFile()).withTags(Set.of(tag)).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId();
    }

    /** A busybox root filesystem as a build context: {@code FROM scratch}, {@code COPY rootfs /}. */
    private static byte[] baseContext(String generation) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(tar, "Dockerfile", "FROM scratch\nCOPY rootfs/ /\nCMD [\"sh\"]\n".getBytes(), 0644);
            file(tar, "rootfs/bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
            for (String applet : APPLETS) {
                TarArchiveEntry link = new TarArchiveEntry("rootfs/bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            file(tar, "rootfs/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n".getBytes(), 0644);
            file(tar, "rootfs/etc/group", "root:x:0:\nnogroup:x:65534:\n".getBytes(), 0644);
            file(tar, "rootfs/etc/patchrun-base-generation", (generation + "\n").getBytes(), 0644);
            file(tar, "rootfs/tmp/.keep", new byte[0], 0644);
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the busybox base context from " + BUSYBOX, e);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** Removes every container and image carrying this run's token, and the manifests it pushed. */
    @Override
    public void close() {
        List<RuntimeException> problems = new ArrayList<>();
        for (Container container : docker.listContainersCmd().withShowAll(true).exec()) {
            if (mine(container)) {
                try {
                    docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (RuntimeException e) {
                    problems.add(e);
                }
            }
        }
        removeImages(problems);
        for (String manifest : pushedManifests) {
            deleteManifest(manifest);
        }
        try {
            docker.close();
        } catch (IOException e) {
            problems.add(new UncheckedIOException(e));
        }
        if (!problems.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("clean-up of test run " + token + " left things behind");
            problems.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** Removes in passes: the engine refuses to remove an image others are built on until they are gone. */
    private void removeImages(List<RuntimeException> problems) {
        List<RuntimeException> lastPass = List.of();
        for (int pass = 0; pass < 5; pass++) {
            List<RuntimeException> failed = new ArrayList<>();
            for (Image image : docker.listImagesCmd().withShowAll(true).exec()) {
                if (mine(image)) {
                    try {
                        docker.removeImageCmd(image.getId()).withForce(true).exec();
                    } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                        // Gone with a child removed before it in this pass.
                    } catch (RuntimeException e) {
                        failed.add(e);
                    }
                }
            }
            lastPass = failed;
            if (failed.isEmpty()) {
                break;
            }
        }
        problems.addAll(lastPass);
    }

    private boolean mine(Container container) {
        return token.equals(container.getLabels() == null ? null : container.getLabels().get(TEST_LABEL))
                || String.valueOf(container.getImage()).contains(token)
                || (container.getNames() != null && String.join(",", container.getNames()).contains(token));
    }

    private boolean mine(Image image) {
        return (image.getRepoTags() != null && String.join(",", image.getRepoTags()).contains(token))
                || (image.getLabels() != null && token.equals(image.getLabels().get(TEST_LABEL)));
    }

    private void deleteManifest(String manifest) {
        ImageRef ref = ImageRef.parse(manifest);
        URI uri = URI.create("http://" + ref.registry() + "/v2/" + ref.repository() + "/manifests/" + ref.digest());
        try {
            http.send(HttpRequest.newBuilder(uri).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException("DELETE " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
