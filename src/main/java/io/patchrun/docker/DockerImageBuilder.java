package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;

import io.patchrun.build.BuildFailedException;
import io.patchrun.build.BuildRequest;
import io.patchrun.build.BuildResult;
import io.patchrun.build.ImageBuilder;
import io.patchrun.watch.RegistryLoginException;

/**
 * Builds with the engine's legacy builder through docker-java, which packs the context folder into a tar
 * and honours its {@code .dockerignore}. The engine gets the logins of the registries the bases come from.
 */
final class DockerImageBuilder implements ImageBuilder {

    private final DockerClient docker;
    private final EngineLogins logins;
    private final Clock clock;

    DockerImageBuilder(DockerClient docker, EngineLogins logins, Clock clock) {
        this.docker = docker;
        this.logins = logins;
        this.clock = clock;
    }

    @Override
    public BuildResult build(BuildRequest request) {
        requireFiles(request);
        EngineLogins.Found found = baseLogins(request);
        Instant start = clock.instant();
        BuildStream stream = new BuildStream();
        try (BuildImageCmd command = command(request, found)) {
            command.exec(stream).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            BuildFailedException failure = stream.failure(request.image(), "interrupted while the engine was building", e);
            closeQuietlyInto(stream, failure);
            throw failure;
        } catch (RuntimeException e) {
            throw failure(stream, request, found, DockerErrors.reason(e), e);
        }
        if (stream.error() != null) {
            throw failure(stream, request, found, BuildStream.reason(stream.error()), null);
        }
        if (stream.imageId() == null) {
            throw stream.failure(request.image(), "the engine finished without reporting an image id", null);
        }
        return new BuildResult(fullId(request, stream), stream.log(), Duration.between(start, clock.instant()));
    }

    /** The legacy builder reports a short id; the rest of Patchrun keeps the full one. */
    private String fullId(BuildRequest request, BuildStream stream) {
        try {
            return docker.inspectImageCmd(stream.imageId()).exec().getId();
        } catch (RuntimeException e) {
            throw stream.failure(request.image(), "could not inspect the built image " + stream.imageId() + ": " + DockerErrors.reason(e), e);
        }
    }

    private EngineLogins.Found baseLogins(BuildRequest request) {
        try {
            return logins.find(request.baseRegistries());
        } catch (RegistryLoginException e) {
            throw new BuildFailedException(request.image(), null, e.getMessage(), List.of(), e);
        }
    }

    /**
     * The failure in the engine's words; where a registry refused to give the engine a base, also which
     * login was offered or where one would go.
     */
    private BuildFailedException failure(BuildStream stream, BuildRequest request, EngineLogins.Found found,
            String reason, Throwable cause) {
        BuildFailedException failure = stream.failure(request.image(), reason, cause);
        if (!EngineLogins.refusal(reason) || !pulling(failure.step())) {
            return failure;
        }
        List<String> named = found.byRegistry().keySet().stream().filter(reason::contains).toList();
        List<String> refusing = named.isEmpty() ? List.copyOf(found.byRegistry().keySet()) : named;
        if (refusing.isEmpty()) {
            return failure;
        }
        String advice = refusing.stream().map(registry -> logins.whatToConfigure(registry, found.byRegistry().get(registry)))
                .collect(Collectors.joining("; "));
        return stream.failure(request.image(), reason + "; " + advice, cause);
    }

    /** Whether the engine was fetching an image when it failed: before the first step, at a FROM or at a COPY --from. */
    private static boolean pulling(String step) {
        return step == null || step.contains(": FROM ") || step.contains("--from=");
    }

    private BuildImageCmd command(BuildRequest request, EngineLogins.Found found) {
        BuildImageCmd command = docker.buildImageCmd()
                .withBaseDirectory(request.contextPath().toFile())
                .withDockerfile(request.dockerfilePath().toFile())
                .withPull(request.pullUpstream())
                // Without forcerm a failed RUN leaves its container behind.
                .withForcerm(true)
                .withTags(new LinkedHashSet<>(request.tags()))
                .withLabels(request.labels())
                .withBuildAuthConfigs(EngineLogins.authConfigs(found));
        request.buildArgs().forEach(command::withBuildArg);
        return command;
    }

    private static void requireFiles(BuildRequest request) {
        if (!Files.isRegularFile(request.dockerfilePath())) {
            throw new BuildFailedException(request.image(), null, "there is no Dockerfile " + request.dockerfile()
                    + " in " + request.contextDir(), List.of(), null);
        }
        if (!Files.isDirectory(request.contextPath())) {
            throw new BuildFailedException(request.image(), null, "the build context " + request.contextPath() + " is not a folder",
                    List.of(), null);
        }
    }

    /** Closing the stream makes the engine abandon the build. */
    private static void closeQuietlyInto(BuildStream stream, BuildFailedException failure) {
        try {
            stream.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
