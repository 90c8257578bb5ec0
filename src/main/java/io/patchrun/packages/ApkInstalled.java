package io.patchrun.packages;

import java.util.ArrayList;
import java.util.List;

/**
 * Alpine's package database, {@code /lib/apk/db/installed}: one block per package, separated by blank lines, of
 * one-letter {@code X:value} lines; {@code P} the name, {@code V} the version, {@code o} the origin (the source
 * package), {@code A} the architecture. Only installed packages are in it.
 */
public final class ApkInstalled {

    private ApkInstalled() {
    }

    public static List<InstalledPackage> installed(String text) {
        List<InstalledPackage> packages = new ArrayList<>();
        Block block = new Block();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                block.addTo(packages);
                block = new Block();
            } else if (line.length() >= 2 && line.charAt(1) == ':') {
                block.field(line.charAt(0), line.substring(2));
            }
        }
        block.addTo(packages);
        return packages;
    }

    private static final class Block {
        private String name;
        private String version;
        private String origin;
        private String arch;

        void field(char key, String value) {
            switch (key) {
                case 'P' -> name = value;
                case 'V' -> version = value;
                case 'o' -> origin = value;
                case 'A' -> arch = value;
                default -> { }
            }
        }

        void addTo(List<InstalledPackage> packages) {
            if (name != null && !name.isBlank()) {
                packages.add(new InstalledPackage(name, version, origin, arch));
            }
        }
    }
}
