package io.patchrun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.patchrun.history.ImageVersion;
import io.patchrun.history.VersionHistory;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.AppTestBase;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;

/** The packages of versions built on the real engine, read from their images through the API and shown on their page. */
@EngineTest
class PackagesApiTest extends AppTestBase {

    private static final String STATUS = """
            Package: libssl3
            Status: install ok installed
            Architecture: amd64
            Source: openssl (3.0.11-1~deb12u2)
            Version: 3.0.11-1~deb12u2+b1
            Description: Secure Sockets Layer toolkit - shared libraries
             This package is part of the OpenSSL project's implementation of the SSL
             and TLS cryptographic protocols.

            Package: tzdata
            Status: deinstall ok config-files
            Architecture: all
            Version: 2024a-0+deb12u1

            Package: base-files
            Status: install ok installed
            Architecture: amd64
            Version: 12.4+deb12u5
            """;

    @Autowired
    VersionHistory versions;

    @TempDir
    Path tmp;

    /** Builds, from a busybox base, an image holding a dpkg status and an os-release behind Debian's symbolic link. */
    private String buildDebianLike(Engine engine, ImageRef base, String status, String tag) throws Exception {
        Path context = Files.createDirectories(tmp.resolve(tag));
        Files.writeString(context.resolve("status"), status);
        Files.writeString(context.resolve("os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + base.familiarName() + ":" + base.tag() + "\n"
                + "COPY status /var/lib/dpkg/status\nCOPY os-release /usr/lib/os-release\n"
                + "RUN ln -s ../usr/lib/os-release /etc/os-release\n");
        return engine.build(context, engine.registryName("app") + ":" + tag);
    }

    private void recorded(String image, String tag, String imageId, boolean current, boolean pruned) {
        versions.add(new ImageVersion(image, tag, imageId, "sha256:b", "c0ffee", Instant.parse("2026-12-01T03:00:00Z"), null, current, pruned));
        if (current) {
            versions.makeCurrent(image, tag);
        }
    }

    @Test
    void packagesOfAVersion_areReadFromItsImage_installedOnly_andNoContainerIsLeft(Engine engine) throws Exception {
        ImageRef base = engine.makeBase("base", "stable");
        String image = engine.token() + "/web";
        String old = buildDebianLike(engine, base, STATUS, "20261201-030000-1");
        String now = buildDebianLike(engine, base, STATUS.replace("3.0.11-1~deb12u2+b1", "3.0.13-1~deb12u1")
                + "\nPackage: wget\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21.3-1+b2\n", "20261201-040000-1");
        recorded(image, "20261201-030000-1", old, false, false);
        recorded(image, "20261201-040000-1", now, true, false);

        var response = client.getAs("viewer", VIEWER_PASSWORD, "/api/images/" + engine.token() + "--web/versions/20261201-030000-1/packages");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"os\":\"Debian GNU/Linux 12 (bookworm)\",\"packages\":["
                + "{\"name\":\"base-files\",\"version\":\"12.4+deb12u5\",\"source\":\"base-files\",\"arch\":\"amd64\"},"
                + "{\"name\":\"libssl3\",\"version\":\"3.0.11-1~deb12u2+b1\",\"source\":\"openssl\",\"arch\":\"amd64\"}]}");
        assertThat(engine.docker().listContainersCmd().withShowAll(true).withAncestorFilter(List.of(old)).exec())
                .as("the container the files were copied from is removed").isEmpty();

        client.login("viewer", VIEWER_PASSWORD);
        String page = client.get("/images/" + engine.token() + "--web/versions/20261201-030000-1/packages").body();
        assertThat(page).contains("Debian GNU/Linux 12 (bookworm)").contains("id=\"package-libssl3\"")
                .doesNotContain("id=\"package-tzdata\"");
        String diff = page.substring(page.indexOf("id=\"diff\""), page.indexOf("</section>", page.indexOf("id=\"diff\"")));
        assertThat(diff.replaceAll("\\s+", " ")).contains("<code>libssl3</code> <code>3.0.11-1~deb12u2+b1</code> → <code>3.0.13-1~deb12u1</code>")
                .contains("added <code>wget</code> <code>1.21.3-1+b2</code>").doesNotContain("removed");
        assertThat(client.get("/images/" + engine.token() + "--web").body())
                .contains("/images/" + engine.token() + "--web/versions/20261201-030000-1/packages");
    }

    @Test
    void imageWithoutPackageDatabase_hasAnEmptyList(Engine engine) throws Exception {
        ImageRef base = engine.makeBase("bare", "stable");
        String id = engine.docker().inspectImageCmd(base.familiarName() + ":" + base.tag()).exec().getId();
        recorded(engine.token() + "/bare", "20261201-030000-1", id, true, false);

        var response = client.getAs("viewer", VIEWER_PASSWORD, "/api/images/" + engine.token() + "%2Fbare/versions/20261201-030000-1/packages");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"os\":\"unknown\",\"packages\":[]}");
    }

    @Test
    void distrolessImage_isReadFromTheFilesOfStatusD_andUsrLibOsRelease(Engine engine) throws Exception {
        ImageRef base = engine.makeBase("distroless", "stable");
        Path context = Files.createDirectories(tmp.resolve("distroless/status.d"));
        Files.writeString(context.resolve("libc6"), "Package: libc6\nVersion: 2.36-9+deb12u4\nArchitecture: amd64\nSource: glibc\n");
        Files.writeString(context.resolve("libc6.md5sums"), "0123456789abcdef  lib/x86_64-linux-gnu/libc.so.6\n");
        Files.writeString(context.resolve("netbase"), "Package: netbase\nVersion: 6.4\nArchitecture: all\n");
        Files.writeString(context.resolveSibling("os-release"), "ID=debian\nVERSION_ID=\"12\"\n");
        Files.writeString(context.resolveSibling("Dockerfile"), "FROM " + base.familiarName() + ":" + base.tag() + "\n"
                + "COPY status.d /var/lib/dpkg/status.d\nCOPY os-release /usr/lib/os-release\n");
        String id = engine.build(context.getParent(), engine.registryName("distroless-app") + ":1");
        recorded(engine.token() + "/distroless", "20261201-030000-1", id, true, false);

        var response = client.getAs("viewer", VIEWER_PASSWORD, "/api/images/" + engine.token() + "--distroless/versions/20261201-030000-1/packages");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"os\":\"debian 12\",\"packages\":["
                + "{\"name\":\"libc6\",\"version\":\"2.36-9+deb12u4\",\"source\":\"glibc\",\"arch\":\"amd64\"},"
                + "{\"name\":\"netbase\",\"version\":\"6.4\",\"source\":\"netbase\",\"arch\":\"all\"}]}");
    }

    @Test
    void unknownImageOrTag_is404_andAPrunedOrRemovedVersion_is410(Engine engine) throws Exception {
        ImageRef base = engine.makeBase("gone", "stable");
        String image = engine.token() + "/gone";
        // Content of its own: the same files on the same base would give the image id another test reads, kept in memory.
        String removed = buildDebianLike(engine, base, STATUS + "\nPackage: only-here\nStatus: install ok installed\nVersion: 1\n",
                "20261201-050000-1");
        engine.docker().removeImageCmd(removed).withForce(true).exec();
        recorded(image, "20261201-030000-1", "sha256:0000000000000000000000000000000000000000000000000000000000000000", false, true);
        recorded(image, "20261201-050000-1", removed, true, false);
        String path = "/api/images/" + engine.token() + "--gone/versions/";

        var unknownTag = client.getAs("viewer", VIEWER_PASSWORD, path + "nope/packages");
        assertThat(unknownTag.statusCode()).isEqualTo(404);
        assertThat(unknownTag.body()).isEqualTo("{\"error\":\"not_found\",\"detail\":\"image '" + image
                + "' has no version 'nope'; its versions are [20261201-050000-1, 20261201-030000-1]\"}");
        var unknownImage = client.getAs("viewer", VIEWER_PASSWORD, "/api/images/" + engine.token() + "--none/versions/x/packages");
        assertThat(unknownImage.statusCode()).isEqualTo(404);
        assertThat(unknownImage.body()).contains("\"error\":\"not_found\"").contains("no versions of image '" + engine.token() + "/none'");

        var pruned = client.getAs("viewer", VIEWER_PASSWORD, path + "20261201-030000-1/packages");
        assertThat(pruned.statusCode()).isEqualTo(410);
        assertThat(pruned.body()).contains("\"error\":\"gone\"").contains("version 20261201-030000-1 of image '" + image + "' was pruned");
        var removedOutside = client.getAs("viewer", VIEWER_PASSWORD, path + "20261201-050000-1/packages");
        assertThat(removedOutside.statusCode()).isEqualTo(410);
        assertThat(removedOutside.body()).contains("is not on the engine any more");
        assertThat(client.get(path + "20261201-050000-1/packages").statusCode()).as("without a user").isEqualTo(401);
    }
}
