package io.patchrun.docker;

import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;

import io.patchrun.container.ContainerOperationException;
import io.patchrun.container.EngineUnavailableException;
import io.patchrun.container.ImageCopies;
import io.patchrun.image.ImageRef;
import io.patchrun.watch.RegistryCredentials;
import io.patchrun.watch.RegistryLoginException;

/** Pulls a pushed image by digest into one engine and tags it, with the registry's login, through docker-java. */
final class DockerImageCopies implements ImageCopies {

    private final DockerClient docker;
    private final EngineLogins logins;
    private final String engine;

    DockerImageCopies(DockerClient docker, EngineLogins logins, String engine) {
        this.docker = docker;
        this.logins = logins;
        this.engine = engine;
    }

    @Override
    public String pullAs(String pulled, ImageRef tagAs) {
        ImageRef ref = ImageRef.parse(pulled);
        String doing = "pulling " + pulled + " into engine " + engine + " as " + tagAs.familiar();
        Optional<RegistryCredentials> login;
        try {
            login = logins.find(ref.registry());
        } catch (RegistryLoginException e) {
            throw new ContainerOperationException(doing + " failed: " + e.getMessage(), e);
        }
        try {
            docker.pullImageCmd(ref.familiarName()).withTag(ref.digest() != null ? ref.digest().value() : ref.tag())
                    .withAuthConfig(EngineLogins.authConfig(ref.registry(), login))
                    .exec(new PullImageResultCallback()).awaitCompletion();
            String id = docker.inspectImageCmd(pulled).exec().getId();
            docker.tagImageCmd(id, tagAs.familiarName(), tagAs.tag()).withForce().exec();
            return id;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerOperationException(doing + " was interrupted", e);
        } catch (RuntimeException e) {
            String reason = DockerErrors.reason(e);
            if (DockerContainers.unanswered(e)) {
                throw new EngineUnavailableException(doing + " failed: the engine did not answer: " + reason, e);
            }
            throw new ContainerOperationException(doing + " failed: "
                    + (EngineLogins.refusal(reason) ? reason + "; " + logins.whatToConfigure(ref.registry(), login) : reason), e);
        }
    }

    @Override
    public String imageId(ImageRef ref) {
        try {
            return docker.inspectImageCmd(ref.familiar()).exec().getId();
        } catch (NotFoundException e) {
            return null;
        }
    }
}
