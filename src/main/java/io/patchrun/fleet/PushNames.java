package io.patchrun.fleet;

import io.patchrun.image.ImageRef;

/**
 * Where a rebuilt image is pushed when its pipeline has {@code pushTo}: the namespace plus the image's
 * path, without repeating the namespace's last segment. With {@code pushTo: 127.0.0.1:5000/demo},
 * {@code demo/web} goes to {@code 127.0.0.1:5000/demo/web} and {@code acme/api} to
 * {@code 127.0.0.1:5000/demo/acme/api}.
 */
public final class PushNames {

    private PushNames() {
    }

    public static ImageRef pushedName(String pushTo, ImageRef image) {
        String namespace = pushTo.endsWith("/") ? pushTo.substring(0, pushTo.length() - 1) : pushTo;
        String lastSegment = namespace.substring(namespace.lastIndexOf('/') + 1);
        String path = image.familiarName();
        if (!image.registry().equals(ImageRef.DOCKER_HUB)) {
            path = image.repository();
        }
        if (path.startsWith(lastSegment + "/")) {
            path = path.substring(lastSegment.length() + 1);
        }
        return ImageRef.parse(namespace + "/" + path);
    }
}
