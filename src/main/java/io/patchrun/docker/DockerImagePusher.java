package io.patchrun.docker;

import java.util.List;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;

import io.patchrun.build.ImagePusher;
import io.patchrun.build.PushFailedException;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.watch.RegistryCredentials;
import io.patchrun.watch.RegistryLoginException;
import io.patchrun.watch.RegistryLogins;

/**
 * Pushes a local tag, with the target registry's login, and reads the manifest digest from the push
 * stream's final aux record.
 */
public final class DockerImagePusher implements ImagePusher {

    private final DockerClient docker;
    private final EngineLogins logins;

    /** A pusher with the logins of the user running Patchrun: the Docker config file and its credential programs. */
    public static DockerImagePusher withUserLogins(DockerClient docker) {
        return new DockerImagePusher(docker, new EngineLogins(RegistryLogins.ofUser(List.of())));
    }

    DockerImagePusher(DockerClient docker, EngineLogins logins) {
        this.docker = docker;
        this.logins = logins;
    }

    @Override
    public Digest push(ImageRef tagged) {
        if (tagged.tag() == null) {
            throw new IllegalArgumentException("cannot push " + tagged + ": a push needs a tag");
        }
        String reference = tagged.familiarName() + ":" + tagged.tag();
        Optional<RegistryCredentials> login;
        try {
            login = logins.find(tagged.registry());
        } catch (RegistryLoginException e) {
            throw new PushFailedException(reference, e.getMessage(), e);
        }
        PushStream stream = new PushStream();
        try {
            docker.pushImageCmd(tagged.familiarName()).withTag(tagged.tag())
                    .withAuthConfig(EngineLogins.authConfig(tagged.registry(), login))
                    .exec(stream).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushFailedException(reference, "interrupted while the engine was pushing", e);
        } catch (RuntimeException e) {
            throw new PushFailedException(reference, explained(DockerErrors.reason(e), tagged, login), e);
        }
        if (stream.error() != null) {
            throw new PushFailedException(reference, explained(stream.error(), tagged, login), null);
        }
        if (stream.digest() == null) {
            throw new PushFailedException(reference, "the engine reported no digest for the pushed manifest", null);
        }
        return Digest.of(stream.digest());
    }

    /** The engine's words; where the registry refused, also which login was offered or where one would go. */
    private String explained(String engineWords, ImageRef tagged, Optional<RegistryCredentials> login) {
        return EngineLogins.refusal(engineWords) ? engineWords + "; " + logins.whatToConfigure(tagged.registry(), login) : engineWords;
    }

    private static final class PushStream extends ResultCallback.Adapter<PushResponseItem> {

        private String digest;
        private String error;

        @Override
        public synchronized void onNext(PushResponseItem item) {
            if (item.isErrorIndicated()) {
                error = (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError()).strip();
            } else if (item.getAux() != null && item.getAux().getDigest() != null) {
                digest = item.getAux().getDigest();
            }
        }

        synchronized String error() {
            return error;
        }

        synchronized String digest() {
            return digest;
        }
    }
}
