package io.patchrun.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;

import io.patchrun.build.ImagePusher;
import io.patchrun.build.PushFailedException;
import io.patchrun.docker.DockerClients;
import io.patchrun.docker.DockerErrors;
import io.patchrun.docker.DockerImagePusher;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.watch.RegistryLogins;

/**
 * The demo's base image and containers on the engine, through docker-java. It lives here, not in the
 * engine adapter, because what it does (a base built from a tar made in memory, a service container
 * published on a loopback port) is the demo's alone: the core's ports have no words for it, and the
 * engine adapter does not depend on the demo. Pushing goes through the patch run's {@link ImagePusher}.
 */
final class DockerDemoEngine implements DemoEngine {

    private final DockerClient docker;
    private final ImagePusher pusher;
    private final String host;
    private final boolean ownsClient;

    DockerDemoEngine(DockerClient docker, ImagePusher pusher, String host, boolean ownsClient) {
        this.docker = docker;
        this.pusher = pusher;
        this.host = host;
        this.ownsClient = ownsClient;
    }

    /**
     * An engine with its own connection, for the CLI; {@link #close()} ends it.
     *
     * @param host the engine's address, or {@code null}/blank for the {@code DOCKER_HOST} default
     */
    static DemoEngine connect(String host) {
        DockerClient docker = DockerClients.connect(host);
        return new DockerDemoEngine(docker, DockerImagePusher.withUserLogins(docker), DockerClients.describe(host), true);
    }

    @Override
    public Optional<String> problem() {
        try {
            docker.pingCmd().exec();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("the Docker engine at " + host + " does not answer (" + DockerErrors.reason(e)
                    + "); start one with config/engine.sh up or set patchrun.docker.host");
        }
    }

    @Override
    public OptionalInt baseRelease(ImageRef base) {
        try {
            Map<String, String> labels = docker.inspectImageCmd(base.familiar()).exec().getConfig().getLabels();
            String release = labels == null ? null : labels.get(BaseRelease.LABEL);
            return release == null || !release.matches("\\d{1,9}") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(release));
        } catch (NotFoundException e) {
            return OptionalInt.empty();
        } catch (RuntimeException e) {
            throw new DemoException("cannot inspect the demo base " + base.familiar() + ": " + DockerErrors.reason(e), e);
        }
    }

    @Override
    public Digest publishBase(ImageRef base, BaseRelease release) {
        String tagged = base.familiarName() + ":" + base.tag();
        if (!Files.isRegularFile(BusyboxRootfs.BUSYBOX)) {
            throw new DemoException("cannot build the demo base " + tagged + ": there is no " + BusyboxRootfs.BUSYBOX
                    + " on this machine; install the Debian package busybox-static (config/engine.sh up does)");
        }
        byte[] context;
        try {
            context = BusyboxRootfs.context(BusyboxRootfs.BUSYBOX, Map.of(BaseRelease.FILE, release.fileContent()));
        } catch (UncheckedIOException e) {
            throw new DemoException("cannot build the demo base " + tagged + ": " + e.getMessage(), e);
        }
        build(tagged, release, context);
        try {
            return pusher.push(ImageRef.parse(tagged));
        } catch (PushFailedException e) {
            throw new DemoException("cannot publish the demo base: " + e.getMessage(), e);
        }
    }

    private void build(String tagged, BaseRelease release, byte[] context) {
        BuildImageResultCallback result = new BuildImageResultCallback();
        try {
            docker.buildImageCmd().withTarInputStream(new ByteArrayInputStream(context)).withTags(Set.of(tagged))
                    .withLabels(Map.of(BaseRelease.LABEL, String.valueOf(release.number()))).withPull(false)
                    .exec(result).awaitCompletion();
            result.awaitImageId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted while the engine was building the demo base " + tagged, e);
        } catch (DockerClientException e) {
            // The callback's own failure: the engine's error, or no image id at the end.
            throw new DemoException("cannot build the demo base " + tagged + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DemoException("cannot build the demo base " + tagged + ": " + DockerErrors.reason(e), e);
        }
    }

    @Override
    public boolean containerExists(String name) {
        try {
            docker.inspectContainerCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw new DemoException("cannot look for container " + name + ": " + DockerErrors.reason(e), e);
        }
    }

    @Override
    public void run(DemoContainer container) {
        ExposedPort port = ExposedPort.tcp(container.containerPort());
        Ports bindings = new Ports();
        bindings.bind(port, Ports.Binding.bindIpAndPort("127.0.0.1", container.hostPort()));
        String id;
        try {
            id = docker.createContainerCmd(container.image()).withName(container.name())
                    .withEnv(container.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList())
                    .withLabels(container.labels()).withExposedPorts(port)
                    // Back after an engine restart, like any service container.
                    .withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings).withRestartPolicy(RestartPolicy.unlessStoppedRestart()))
                    .exec().getId();
        } catch (RuntimeException e) {
            throw new DemoException("cannot create container " + container.name() + " from " + container.image() + ": "
                    + DockerErrors.reason(e), e);
        }
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            DemoException failure = new DemoException("cannot start container " + container.name() + " on 127.0.0.1:"
                    + container.hostPort() + ": " + DockerErrors.reason(e), e);
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException removal) {
                failure.addSuppressed(removal);
            }
            throw failure;
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            try {
                docker.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the connection to the Docker engine at " + host, e);
            }
        }
    }
}
