package io.patchrun.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.patchrun.packages.PackageList;

/** The OS packages inside a built version of an image. Read-only. */
@RestController
@RequestMapping("/api")
class PackagesApi {

    private final VersionPackages packages;

    PackagesApi(VersionPackages packages) {
        this.packages = packages;
    }

    @GetMapping("/images/{name}/versions/{tag}/packages")
    PackageList packages(@PathVariable String name, @PathVariable String tag) {
        return packages.packages(packages.version(ImageNames.fromPath(name), tag));
    }
}
