package io.patchrun.packages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OS packages of images, read from their package databases (Debian's dpkg, distroless' {@code status.d}, Alpine's
 * apk) without running them. An image id names the same bytes for ever, so each list is read once and kept in memory,
 * the {@value #KEPT} lists asked for last; a restart reads them again.
 */
public final class PackageLists {

    static final int KEPT = 200;

    static final String OS_RELEASE = "/etc/os-release";
    static final String USR_OS_RELEASE = "/usr/lib/os-release";
    static final String DPKG_STATUS = "/var/lib/dpkg/status";
    static final String DPKG_STATUS_D = "/var/lib/dpkg/status.d";
    static final String APK_INSTALLED = "/lib/apk/db/installed";

    private final ImageFiles files;
    private final Map<String, PackageList> kept = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PackageList> eldest) {
            return size() > KEPT;
        }
    });

    public PackageLists(ImageFiles files) {
        this.files = files;
    }

    /**
     * The packages of image {@code imageId}; an image with none of the databases has an empty list, not an error.
     *
     * @throws ImageGoneException when the engine no longer has the image
     */
    public PackageList of(String imageId) {
        PackageList list = kept.get(imageId);
        if (list == null) {
            list = read(imageId);
            kept.put(imageId, list);
        }
        return list;
    }

    private PackageList read(String imageId) {
        Map<String, String> found = files.read(imageId, List.of(OS_RELEASE, USR_OS_RELEASE, DPKG_STATUS, DPKG_STATUS_D, APK_INSTALLED));
        String osRelease = found.getOrDefault(OS_RELEASE, found.get(USR_OS_RELEASE));
        List<InstalledPackage> packages = new ArrayList<>();
        if (found.containsKey(DPKG_STATUS)) {
            packages.addAll(DpkgStatus.installed(found.get(DPKG_STATUS)));
        }
        found.entrySet().stream().filter(file -> file.getKey().startsWith(DPKG_STATUS_D + "/"))
                .filter(file -> !file.getKey().endsWith(".md5sums"))
                .forEach(file -> packages.addAll(DpkgStatus.statusD(file.getValue())));
        if (found.containsKey(APK_INSTALLED)) {
            packages.addAll(ApkInstalled.installed(found.get(APK_INSTALLED)));
        }
        return new PackageList(osRelease == null ? OsRelease.UNKNOWN : OsRelease.name(osRelease), packages);
    }
}
