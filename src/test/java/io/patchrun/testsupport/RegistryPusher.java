package io.patchrun.testsupport;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes tiny images to a real registry through its HTTP API, with no Docker engine involved, and deletes
 * them again on {@link #close()}. Each image is a config blob and one layer blob (an empty tar) under a
 * Docker v2 or OCI manifest; the blobs of one repository and variant are uploaded once and reused.
 * Not for concurrent use.
 */
public final class RegistryPusher implements AutoCloseable {

    /** The registry {@code config/engine.sh up} starts. */
    public static final String LOCAL_REGISTRY = "127.0.0.1:5000";

    /** The manifest formats a pusher can write. */
    public enum Format {
        DOCKER_V2("application/vnd.docker.distribution.manifest.v2+json",
                "application/vnd.docker.container.image.v1+json", "application/vnd.docker.image.rootfs.diff.tar.gzip"),
        OCI("application/vnd.oci.image.manifest.v1+json",
                "application/vnd.oci.image.config.v1+json", "application/vnd.oci.image.layer.v1.tar+gzip");

        final String manifestType;
        final String configType;
        final String layerType;

        Format(String manifestType, String configType, String layerType) {
            this.manifestType = manifestType;
            this.configType = configType;
            this.layerType = layerType;
        }
    }

    private record Blob(byte[] bytes, String digest) {
        static Blob of(byte[] bytes) {
            return new Blob(bytes, sha256(bytes));
        }
    }

    private record Pushed(String repository, String digest) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Blob EMPTY_TAR = gzippedEmptyTar();

    private final String registry;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Blob> configs = new LinkedHashMap<>();
    private final Set<Pushed> manifests = new LinkedHashSet<>();
    private final Set<Pushed> blobs = new LinkedHashSet<>();

    public RegistryPusher() {
        this(LOCAL_REGISTRY);
    }

    public RegistryPusher(String registry) {
        this.registry = registry;
        this.base = URI.create("http://" + registry);
        requireRegistry();
    }

    /** A repository name no other test uses: {@code patchrun-test/<name>-<random suffix>}. */
    public static String uniqueRepository(String name) {
        byte[] suffix = new byte[5];
        RANDOM.nextBytes(suffix);
        return "patchrun-test/" + name + "-" + HexFormat.of().formatHex(suffix);
    }

    public ImageRef ref(String repository, String tag) {
        return ImageRef.parse(registry + "/" + repository + ":" + tag);
    }

    /** Pushes the repository's first variant as a Docker v2 manifest. */
    public Digest push(String repository, String tag) {
        return push(repository, tag, Format.DOCKER_V2, "1");
    }

    /**
     * Pushes an image under the tag; a different variant gives a different config blob and so a different
     * manifest digest.
     *
     * @return the digest the registry answered the manifest PUT with
     */
    public Digest push(String repository, String tag, Format format, String variant) {
        Blob config = configs.computeIfAbsent(repository + "\n" + variant, key -> {
            Blob blob = Blob.of(configJson(variant).getBytes(StandardCharsets.UTF_8));
            upload(repository, blob);
            upload(repository, EMPTY_TAR);
            return blob;
        });
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + format.manifestType + "\","
                + "\"config\":" + descriptor(format.configType, config) + ","
                + "\"layers\":[" + descriptor(format.layerType, EMPTY_TAR) + "]}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(repository, "manifests/" + tag))
                .header("Content-Type", format.manifestType)
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), 201, "PUT manifest " + repository + ":" + tag);
        String digest = response.headers().firstValue("Docker-Content-Digest").orElseThrow();
        manifests.add(new Pushed(repository, digest));
        return Digest.of(digest);
    }

    /**
     * Pushes the blobs, then the manifest under the tag: any artifact, such as a cosign signature.
     *
     * @param blobs every blob the manifest references, by digest
     * @return the digest the registry answered the manifest PUT with
     */
    public Digest pushArtifact(String repository, String tag, String mediaType, String manifest, Map<String, byte[]> blobs) {
        blobs.forEach((digest, bytes) -> upload(repository, new Blob(bytes, digest)));
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(repository, "manifests/" + tag))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), 201, "PUT manifest " + repository + ":" + tag);
        String digest = response.headers().firstValue("Docker-Content-Digest").orElseThrow();
        manifests.add(new Pushed(repository, digest));
        return Digest.of(digest);
    }

    /** Deletes a manifest, and with it every tag that points to it. */
    public void deleteManifest(String repository, Digest digest) {
        delete(repository, "manifests/" + digest.value());
    }

    /** Deletes every manifest and blob this pusher pushed; the registry keeps only the empty repository folders. */
    @Override
    public void close() {
        manifests.forEach(pushed -> delete(pushed.repository(), "manifests/" + pushed.digest()));
        blobs.forEach(pushed -> delete(pushed.repository(), "blobs/" + pushed.digest()));
        manifests.clear();
        blobs.clear();
        configs.clear();
    }

    private void upload(String repository, Blob blob) {
        HttpResponse<String> started = send(HttpRequest.newBuilder(url(repository, "blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), 202, "start blob upload to " + repository);
        String location = started.headers().firstValue("Location").orElseThrow();
        URI upload = base.resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + blob.digest());
        send(HttpRequest.newBuilder(upload).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob.bytes())).build(), 201, "upload blob to " + repository);
        blobs.add(new Pushed(repository, blob.digest()));
    }

    private void delete(String repository, String path) {
        int status = send(HttpRequest.newBuilder(url(repository, path)).DELETE().build(), -1, "DELETE " + path).statusCode();
        if (status != 202 && status != 404) {
            throw new IllegalStateException("cleaning up " + repository + "/" + path + " failed: HTTP " + status);
        }
    }

    private void requireRegistry() {
        try {
            http.send(HttpRequest.newBuilder(base.resolve("/v2/")).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("no registry answers at " + base + "; start one with 'config/engine.sh up'", e);
        }
    }

    private HttpResponse<String> send(HttpRequest request, int expected, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (expected >= 0 && response.statusCode() != expected) {
                throw new IllegalStateException(what + " at " + registry + " failed: HTTP " + response.statusCode()
                        + " " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(what + " at " + registry + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " at " + registry + " was interrupted", e);
        }
    }

    private URI url(String repository, String path) {
        return base.resolve("/v2/" + repository + "/" + path);
    }

    private static String configJson(String variant) {
        return "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"variant\":\"" + variant + "\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + sha256(new byte[1024]) + "\"]}}";
    }

    private static String descriptor(String mediaType, Blob blob) {
        return "{\"mediaType\":\"" + mediaType + "\",\"size\":" + blob.bytes().length + ",\"digest\":\"" + blob.digest() + "\"}";
    }

    /** A tar archive with no entries (two zero blocks), gzipped: the smallest layer a tool would accept. */
    private static Blob gzippedEmptyTar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(new byte[1024]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Blob.of(bytes.toByteArray());
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
