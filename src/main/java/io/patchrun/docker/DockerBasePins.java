package io.patchrun.docker;

import java.util.List;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;

import io.patchrun.build.BasePins;
import io.patchrun.build.BuildFailedException;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.watch.RegistryCredentials;
import io.patchrun.watch.RegistryLoginException;

/** Pulls a base by digest with its registry's login and tags it, through docker-java. */
final class DockerBasePins implements BasePins {

    private final DockerClient docker;
    private final EngineLogins logins;

    DockerBasePins(DockerClient docker, EngineLogins logins) {
        this.docker = docker;
        this.logins = logins;
    }

    @Override
    public String pin(String image, ImageRef base, Digest digest) {
        String pinned = base.familiarName() + "@" + digest.value();
        Optional<RegistryCredentials> login;
        try {
            login = logins.find(base.registry());
        } catch (RegistryLoginException e) {
            throw failure(image, pinned, e.getMessage(), e);
        }
        try {
            docker.pullImageCmd(base.familiarName()).withTag(digest.value())
                    .withAuthConfig(EngineLogins.authConfig(base.registry(), login))
                    .exec(new PullImageResultCallback()).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(image, pinned, "interrupted while the engine was pulling it", e);
        } catch (RuntimeException e) {
            String reason = DockerErrors.reason(e);
            throw failure(image, pinned, EngineLogins.refusal(reason) ? reason + "; " + logins.whatToConfigure(base.registry(), login) : reason, e);
        }
        try {
            String id = docker.inspectImageCmd(pinned).exec().getId();
            docker.tagImageCmd(id, base.familiarName(), base.tag() == null ? "latest" : base.tag()).withForce().exec();
            return id;
        } catch (RuntimeException e) {
            throw failure(image, pinned, "could not tag it as " + base.familiar() + ": " + DockerErrors.reason(e), e);
        }
    }

    @Override
    public List<String> layers(String imageId) {
        InspectImageResponse inspected = docker.inspectImageCmd(imageId).exec();
        return inspected.getRootFS() == null || inspected.getRootFS().getLayers() == null ? List.of() : inspected.getRootFS().getLayers();
    }

    private static BuildFailedException failure(String image, String pinned, String reason, Throwable cause) {
        return new BuildFailedException(image, null, "pulling the verified base " + pinned + " failed: " + reason, List.of(), cause);
    }
}
