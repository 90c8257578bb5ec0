package io.patchrun.watch;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads image digests from Docker registries (the distribution v2 API) without pulling anything: one
 * {@code HEAD} of the manifest per reference, and a {@code GET} of the manifest only where a registry
 * leaves the digest out of its {@code HEAD} answer. Blobs are never fetched, and Docker Hub does not count
 * a {@code HEAD} against its pull rate limit, so frequent checks cost no pulls. Safe for concurrent use.
 */
public final class RegistryClient implements DigestSource, SignatureStore {

    /** Image index and manifest types, OCI and Docker, so that a multi-platform tag answers with its index digest. */
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    static final String DIGEST_HEADER = "Docker-Content-Digest";

    private final RegistryHttp http;
    private final AuthenticatingSender sender;

    /** With the logins of the user running Patchrun (see {@link RegistryLogins#ofUser}) and no configured ones. */
    public RegistryClient(RegistryOptions options) {
        this(options, RegistryLogins.ofUser(List.of()), Clock.systemUTC());
    }

    /**
     * @param logins the logins offered to registries that ask for one
     * @param clock  decides when cached tokens expire
     */
    public RegistryClient(RegistryOptions options, RegistryLogins logins, Clock clock) {
        this.http = new RegistryHttp(options.connectTimeout(), options.requestTimeout());
        Authorizer authorizer = new Authorizer(logins, new TokenService(http, logins, clock), new TokenCache(clock));
        this.sender = new AuthenticatingSender(http, authorizer);
    }

    @Override
    public Digest digest(ImageRef ref) {
        if (ref.pinned()) {
            return ref.digest();
        }
        HttpResponse<Void> head = sender.send(ref, manifestRequest(ref).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                BodyHandlers.discarding());
        if (head.statusCode() != 200) {
            throw failure(ref, head);
        }
        return head.headers().firstValue(DIGEST_HEADER)
                .map(value -> parseDigest(ref, value))
                .orElseGet(() -> digestOfManifest(ref));
    }

    /** Signature manifests are single-image manifests, OCI or Docker, never an index. */
    static final String ACCEPT_MANIFEST = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    /** Far above a signature manifest, which lists one layer per signature. */
    static final int MAX_MANIFEST = 4 * 1024 * 1024;

    @Override
    public Optional<byte[]> manifest(ImageRef ref) {
        HttpResponse<InputStream> get = sender.send(ref, http.request(RegistryEndpoints.manifest(ref)).header("Accept", ACCEPT_MANIFEST).GET(),
                BodyHandlers.ofInputStream());
        if (get.statusCode() == 404) {
            discard(ref, get);
            return Optional.empty();
        }
        if (get.statusCode() != 200) {
            discard(ref, get);
            throw Failures.protocol(ref, "answered HTTP " + get.statusCode() + " to GET " + get.uri().getRawPath());
        }
        return Optional.of(limited(ref, get, MAX_MANIFEST));
    }

    /**
     * Follows one redirect of a blob to where the registry keeps it (Docker Hub and others send blobs to
     * a CDN), over https only and without the registry's Authorization header.
     */
    @Override
    public byte[] blob(ImageRef ref, Digest digest, int maxBytes) {
        HttpResponse<InputStream> get = sender.send(ref, http.request(RegistryEndpoints.blob(ref, digest)).GET(), BodyHandlers.ofInputStream());
        if (get.statusCode() / 100 == 3 && get.headers().firstValue("Location").isPresent()) {
            discard(ref, get);
            URI target = get.uri().resolve(get.headers().firstValue("Location").get());
            if (!"https".equals(target.getScheme()) && !RegistryEndpoints.loopback(target.getHost())) {
                throw Failures.protocol(ref, "redirected blob " + digest + " to " + target.getScheme() + "://" + target.getRawAuthority()
                        + ", which is not https");
            }
            get = http.send(ref, http.request(target).GET().build(), BodyHandlers.ofInputStream());
        }
        if (get.statusCode() != 200) {
            discard(ref, get);
            throw Failures.protocol(ref, "answered HTTP " + get.statusCode() + " to GET of blob " + digest);
        }
        return limited(ref, get, maxBytes);
    }

    private static byte[] limited(ImageRef ref, HttpResponse<InputStream> response, int maxBytes) {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw Failures.protocol(ref, "sent more than " + maxBytes + " bytes for " + response.uri().getRawPath()
                        + ", far more than a signature needs");
            }
            return bytes;
        } catch (IOException e) {
            throw Failures.unreachable(ref, response.uri(), "the answer broke off: " + e, e);
        }
    }

    /** Closes an answer whose body is not wanted; the connection is dropped rather than reused. */
    private static void discard(ImageRef ref, HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            throw Failures.unreachable(ref, response.uri(), "closing the answer failed: " + e, e);
        }
    }

    /** HTTP requests made so far, token requests included. */
    public long requestCount() {
        return http.requestCount();
    }

    private HttpRequest.Builder manifestRequest(ImageRef ref) {
        return http.request(RegistryEndpoints.manifest(ref)).header("Accept", ACCEPT);
    }

    /** The digest of the manifest's bytes, for registries whose HEAD answer has no digest header. */
    private Digest digestOfManifest(ImageRef ref) {
        HttpResponse<byte[]> get = sender.send(ref, manifestRequest(ref).GET(), BodyHandlers.ofByteArray());
        if (get.statusCode() != 200) {
            throw failure(ref, get);
        }
        return Digest.of("sha256:" + HexFormat.of().formatHex(sha256(get.body())));
    }

    private RegistryException failure(ImageRef ref, HttpResponse<?> response) {
        if (response.statusCode() == 404) {
            return repositoryExists(ref) ? Failures.unknownTag(ref) : Failures.unknownImage(ref);
        }
        return Failures.protocol(ref, "answered HTTP " + response.statusCode() + " to " + response.request().method()
                + " " + response.uri().getRawPath());
    }

    /**
     * Whether the repository is known, for telling a missing tag from a missing image: a manifest 404 from a
     * distribution registry says MANIFEST_UNKNOWN in both cases, while its tag list says NAME_UNKNOWN only
     * for an unknown repository.
     */
    private boolean repositoryExists(ImageRef ref) {
        HttpResponse<Void> tags = sender.send(ref, http.request(RegistryEndpoints.tagList(ref)).GET(), BodyHandlers.discarding());
        return tags.statusCode() != 404;
    }

    private static Digest parseDigest(ImageRef ref, String value) {
        if (!Digest.isDigest(value.trim())) {
            throw Failures.protocol(ref, "sent a " + DIGEST_HEADER + " header that is not a digest: '" + value + "'");
        }
        return Digest.of(value.trim());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime lacks SHA-256, which every Java runtime must have", e);
        }
    }
}
