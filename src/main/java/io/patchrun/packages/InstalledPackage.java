package io.patchrun.packages;

import java.util.Comparator;
import java.util.Objects;

/**
 * One OS package installed in an image, as its package manager recorded it.
 *
 * @param source the source package it was built from (Debian's {@code Source}, Alpine's origin); its own name when none is given
 */
public record InstalledPackage(String name, String version, String source, String arch) {

    /** By name, then architecture: the order lists are shown and compared in. */
    public static final Comparator<InstalledPackage> ORDER = Comparator.comparing(InstalledPackage::name)
            .thenComparing(InstalledPackage::arch);

    public InstalledPackage {
        Objects.requireNonNull(name, "name");
        version = version == null ? "" : version;
        source = source == null || source.isBlank() ? name : source;
        arch = arch == null ? "" : arch;
    }
}
