package io.patchrun.docker;

import java.util.HashSet;
import java.util.Set;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;

import io.patchrun.image.ImageRef;
import io.patchrun.retain.ImageStore;

/** Image tags and their use by containers, on the engine. */
final class DockerImageStore implements ImageStore {

    private final DockerClient docker;

    DockerImageStore(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public String imageId(ImageRef ref) {
        try {
            return docker.inspectImageCmd(ref.familiar()).exec().getId();
        } catch (NotFoundException e) {
            return null;
        }
    }

    @Override
    public Set<String> imageIdsInUse() {
        Set<String> ids = new HashSet<>();
        for (Container container : docker.listContainersCmd().withShowAll(true).exec()) {
            ids.add(container.getImageId());
        }
        return ids;
    }

    @Override
    public void tag(String imageId, ImageRef ref) {
        try {
            docker.tagImageCmd(imageId, ref.familiarName(), ref.tag()).withForce(true).exec();
        } catch (RuntimeException e) {
            throw new IllegalStateException("tagging image " + imageId + " as " + ref.familiar() + " failed: " + DockerErrors.reason(e), e);
        }
    }

    @Override
    public boolean untag(ImageRef ref) {
        try {
            // Without force the engine refuses when a container uses the image: exactly the safety wanted.
            docker.removeImageCmd(ref.familiar()).withForce(false).exec();
            return true;
        } catch (NotFoundException e) {
            return true;
        } catch (ConflictException e) {
            return false;
        } catch (RuntimeException e) {
            throw new IllegalStateException("removing tag " + ref.familiar() + " failed: " + DockerErrors.reason(e), e);
        }
    }
}
