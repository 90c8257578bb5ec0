package io.patchrun.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;

import io.patchrun.build.ImagePusher;
import io.patchrun.build.PushFailedException;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

/** Pushes a local tag and reads the manifest digest from the push stream's final aux record. */
public final class DockerImagePusher implements ImagePusher {

    private final DockerClient docker;

    public DockerImagePusher(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public Digest push(ImageRef tagged) {
        if (tagged.tag() == null) {
            throw new IllegalArgumentException("cannot push " + tagged + ": a push needs a tag");
        }
        String reference = tagged.familiarName() + ":" + tagged.tag();
        PushStream stream = new PushStream();
        try {
            docker.pushImageCmd(tagged.familiarName()).withTag(tagged.tag()).exec(stream).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushFailedException(reference, "interrupted while the engine was pushing", e);
        } catch (RuntimeException e) {
            throw new PushFailedException(reference, DockerErrors.reason(e), e);
        }
        return stream.digest(reference);
    }

    private static final class PushStream extends ResultCallback.Adapter<PushResponseItem> {

        private String digest;
        private String error;

        @Override
        public synchronized void onNext(PushResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
            } else if (item.getAux() != null && item.getAux().getDigest() != null) {
                digest = item.getAux().getDigest();
            }
        }

        synchronized Digest digest(String reference) {
            if (error != null) {
                throw new PushFailedException(reference, error.strip(), null);
            }
            if (digest == null) {
                throw new PushFailedException(reference, "the engine reported no digest for the pushed manifest", null);
            }
            return Digest.of(digest);
        }
    }
}
