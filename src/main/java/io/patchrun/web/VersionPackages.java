package io.patchrun.web;

import java.util.List;

import org.springframework.stereotype.Component;

import io.patchrun.history.ImageVersion;
import io.patchrun.history.VersionHistory;
import io.patchrun.packages.ImageFilesException;
import io.patchrun.packages.ImageGoneException;
import io.patchrun.packages.PackageList;
import io.patchrun.packages.PackageLists;

/** A built version of an image and its packages, for the API and the page; each failure as the API error it is. */
@Component
class VersionPackages {

    private final VersionHistory versions;
    private final PackageLists lists;

    VersionPackages(VersionHistory versions, PackageLists lists) {
        this.versions = versions;
        this.lists = lists;
    }

    /** The version {@code tag} of {@code image}: 404 when the image or the tag is unknown. */
    ImageVersion version(String image, String tag) {
        List<ImageVersion> known = versions.versions(image);
        if (known.isEmpty()) {
            throw ApiException.notFound("no versions of image '" + image + "' were built (yet)");
        }
        return known.stream().filter(v -> v.tag().equals(tag)).findFirst()
                .orElseThrow(() -> ApiException.notFound("image '" + image + "' has no version '" + tag + "'; its versions are "
                        + known.stream().map(ImageVersion::tag).toList()));
    }

    /** The packages of a version: 410 when its image was pruned from the engine, 502 when the engine fails. */
    PackageList packages(ImageVersion version) {
        String what = "version " + version.tag() + " of image '" + version.image() + "'";
        if (version.pruned()) {
            throw ApiException.gone(what + " was pruned: its image " + version.imageId()
                    + " is no longer on the engine, so its packages cannot be read");
        }
        try {
            return lists.of(version.imageId());
        } catch (ImageGoneException e) {
            throw ApiException.gone(what + " is not on the engine any more (its image " + version.imageId()
                    + " was removed outside Patchrun), so its packages cannot be read");
        } catch (ImageFilesException e) {
            throw ApiException.engineFailed("reading the packages of " + what + " failed: " + e.getMessage());
        }
    }
}
