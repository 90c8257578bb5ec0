package io.patchrun.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import io.patchrun.history.ImageVersion;
import io.patchrun.history.VersionHistory;
import io.patchrun.packages.PackageDiff;
import io.patchrun.packages.PackageList;

/**
 * The OS packages of one version of an image, and, for a version other than the current one, what the current version
 * changed: packages added, removed, or at another version.
 */
@Controller
class PackagesPage {

    private final VersionPackages packages;
    private final VersionHistory versions;

    PackagesPage(VersionPackages packages, VersionHistory versions) {
        this.packages = packages;
        this.versions = versions;
    }

    @GetMapping("/images/{name}/versions/{tag}/packages")
    String packages(@PathVariable String name, @PathVariable String tag, Model model) {
        String image = ImageNames.fromPath(name);
        try {
            ImageVersion version = packages.version(image, tag);
            PackageList list = packages.packages(version);
            model.addAttribute("image", image);
            model.addAttribute("version", version);
            model.addAttribute("list", list);
            versions.current(image).filter(current -> !current.tag().equals(tag)).ifPresent(current -> {
                model.addAttribute("current", current);
                try {
                    model.addAttribute("diff", PackageDiff.between(list, packages.packages(current)));
                } catch (ApiException e) {
                    model.addAttribute("diffProblem", e.getMessage());
                }
            });
            return "packages";
        } catch (ApiException e) {
            throw new ResponseStatusException(e.status(), e.getMessage());
        }
    }
}
