package io.patchrun.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PackageParsersTest {

    /** Shaped like a Debian 12 image's {@code /var/lib/dpkg/status}, shortened. */
    static final String DPKG_STATUS = """
            Package: libssl3
            Status: install ok installed
            Priority: optional
            Section: libs
            Installed-Size: 6200
            Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
            Architecture: amd64
            Multi-Arch: same
            Source: openssl (3.0.11-1~deb12u2)
            Version: 3.0.11-1~deb12u2+b1
            Depends: libc6 (>= 2.34)
            Description: Secure Sockets Layer toolkit - shared libraries
             This package is part of the OpenSSL project's implementation of the SSL
             and TLS cryptographic protocols for secure communication over the
             Internet.
             .
             It provides the libssl and libcrypto shared libraries.
            Homepage: https://www.openssl.org/

            Package: base-files
            Essential: yes
            Status: install ok installed
            Priority: required
            Section: admin
            Installed-Size: 340
            Maintainer: Santiago Vila <sanvila@debian.org>
            Architecture: amd64
            Version: 12.4+deb12u5
            Replaces: base
            Conffiles:
             /etc/debian_version 2b8d7c4b3c8c1fcbd3d3c1a0a2b1e1d4
             /etc/host.conf 4eb63731c9f5e30903ac4fc07a7fe3d6
            Description: Debian base system miscellaneous files
             This package contains the basic filesystem hierarchy of a Debian system.

            Package: tzdata
            Status: deinstall ok config-files
            Priority: required
            Section: localization
            Architecture: all
            Version: 2024a-0+deb12u1
            Description: time zone and daylight-saving time data

            Package: libc6
            Status: install ok installed
            Architecture: arm64
            Multi-Arch: same
            Source: glibc
            Version: 2.36-9+deb12u4
            Description: GNU C Library: Shared libraries
            """;

    /** Shaped like an Alpine 3.19 image's {@code /lib/apk/db/installed}, shortened. */
    static final String APK_INSTALLED = """
            C:Q1xuV0vnUq8VvW0OJmKg3Gs6nmR6M=
            P:musl
            V:1.2.4_git20230717-r4
            A:x86_64
            S:407055
            I:667648
            T:the musl c library (libc) implementation
            U:https://musl.libc.org/
            L:MIT
            o:musl
            m:Timo Teräs <timo.teras@iki.fi>
            t:1705329536
            c:ad7e3e1b05ad0bc4e2fd3b0b0f3a4f7ab8d0ad0b
            p:so:libc.musl-x86_64.so.1=1
            F:lib
            R:ld-musl-x86_64.so.1
            a:0:0:755
            Z:Q1DDlG8pP/h3JtbnKw/BAkr3s6xqY=

            C:Q1yb8ZQ6bGyaPyJzT3E9hC0Ja9uLI=
            P:libcrypto3
            V:3.1.4-r5
            A:x86_64
            o:openssl
            F:lib
            R:libcrypto.so.3
            """;

    @Test
    void dpkgStatus_listsInstalledPackagesOnly_withSourceNamesWithoutTheirVersion() {
        assertThat(DpkgStatus.installed(DPKG_STATUS)).containsExactly(
                new InstalledPackage("libssl3", "3.0.11-1~deb12u2+b1", "openssl", "amd64"),
                new InstalledPackage("base-files", "12.4+deb12u5", "base-files", "amd64"),
                new InstalledPackage("libc6", "2.36-9+deb12u4", "glibc", "arm64"));
    }

    @Test
    void dpkgStatus_continuationLinesThatLookLikeFields_doNotStartFieldsOrPackages() {
        String tricky = """
                Package: tool
                Status: install ok installed
                Version: 1.0
                Architecture: all
                Description: a tool
                 Package: not-a-package
                 Version: 9.9
                """;

        assertThat(DpkgStatus.installed(tricky)).containsExactly(new InstalledPackage("tool", "1.0", "tool", "all"));
    }

    @Test
    void dpkgStatusD_countsStanzasWithoutStatusAsInstalled_unlikeTheStatusFile() {
        String distroless = "Package: libc6\nVersion: 2.36-9+deb12u4\nArchitecture: amd64\nSource: glibc\n";

        assertThat(DpkgStatus.statusD(distroless)).containsExactly(new InstalledPackage("libc6", "2.36-9+deb12u4", "glibc", "amd64"));
        assertThat(DpkgStatus.installed(distroless)).isEmpty();
        assertThat(DpkgStatus.statusD("Package: gone\nStatus: deinstall ok config-files\nVersion: 1\n")).isEmpty();
    }

    @Test
    void apkInstalled_readsNameVersionOriginAndArch() {
        assertThat(ApkInstalled.installed(APK_INSTALLED)).containsExactly(
                new InstalledPackage("musl", "1.2.4_git20230717-r4", "musl", "x86_64"),
                new InstalledPackage("libcrypto3", "3.1.4-r5", "openssl", "x86_64"));
    }

    @Test
    void osRelease_isPrettyName_elseIdAndVersion_elseUnknown() {
        assertThat(OsRelease.name("""
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                ID=debian
                """)).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(OsRelease.name("ID=alpine\nVERSION_ID=3.19.1\n# PRETTY_NAME=\"commented\"\n")).isEqualTo("alpine 3.19.1");
        assertThat(OsRelease.name("PRETTY_NAME='Quoted \"inside\"'\n")).isEqualTo("Quoted \"inside\"");
        assertThat(OsRelease.name("NAME=nothing-useful\n")).isEqualTo(OsRelease.UNKNOWN);
    }

    @Test
    void diff_namesAddedRemovedAndChangedPackages() {
        PackageList before = new PackageList("Debian", List.of(
                new InstalledPackage("libssl3", "3.0.11-1", "openssl", "amd64"),
                new InstalledPackage("curl", "7.88", "curl", "amd64"),
                new InstalledPackage("bash", "5.2", "bash", "amd64")));
        PackageList after = new PackageList("Debian", List.of(
                new InstalledPackage("libssl3", "3.0.13-1", "openssl", "amd64"),
                new InstalledPackage("bash", "5.2", "bash", "amd64"),
                new InstalledPackage("wget", "1.21", "wget", "amd64")));

        PackageDiff diff = PackageDiff.between(before, after);

        assertThat(diff.added()).extracting(InstalledPackage::name).containsExactly("wget");
        assertThat(diff.removed()).extracting(InstalledPackage::name).containsExactly("curl");
        assertThat(diff.changed()).containsExactly(new PackageDiff.Change(new InstalledPackage("libssl3", "3.0.11-1", "openssl", "amd64"),
                new InstalledPackage("libssl3", "3.0.13-1", "openssl", "amd64")));
        assertThat(PackageDiff.between(after, after).isEmpty()).isTrue();
    }
}
