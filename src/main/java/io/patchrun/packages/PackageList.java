package io.patchrun.packages;

import java.util.List;
import java.util.Objects;

/** The OS packages of one image, sorted by name and architecture, and its OS as {@code /etc/os-release} names it. */
public record PackageList(String os, List<InstalledPackage> packages) {

    public PackageList {
        Objects.requireNonNull(os, "os");
        packages = packages.stream().sorted(InstalledPackage.ORDER).toList();
    }
}
