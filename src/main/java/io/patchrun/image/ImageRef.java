package io.patchrun.image;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image reference normalised the way Docker does it: {@code debian} is
 * {@code docker.io/library/debian:latest}, {@code 127.0.0.1:5000/x/base:stable} keeps its registry,
 * and a reference with a digest is pinned.
 *
 * @param registry   registry host, with port when given ({@code docker.io} for Docker Hub)
 * @param repository path inside the registry ({@code library/debian})
 * @param tag        tag, or {@code null} when only a digest was given
 * @param digest     digest, or {@code null} when not pinned
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {

    public static final String DOCKER_HUB = "docker.io";

    /**
     * Docker's limit on an image name (registry and path, as written). It also keeps the patterns below,
     * whose repeated groups Java matches by recursion, from running out of stack on a long name.
     */
    public static final int MAX_NAME_LENGTH = 255;

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern REGISTRY = Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)"
            + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");

    public ImageRef {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        int nameLength = registry.equals(DOCKER_HUB)
                ? repository.length() - (repository.startsWith("library/") ? "library/".length() : 0)
                : registry.length() + 1 + repository.length();
        if (nameLength > MAX_NAME_LENGTH) {
            String start = (registry.equals(DOCKER_HUB) ? "" : registry + "/") + repository;
            throw new InvalidReferenceException(start.substring(0, 60) + "...", "repository name must not be more than "
                    + MAX_NAME_LENGTH + " characters, this one has " + nameLength);
        }
        if (!REGISTRY.matcher(registry).matches()) {
            throw new InvalidReferenceException(registry + "/" + repository, "registry '" + registry + "' is not a host[:port]");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new InvalidReferenceException(registry + "/" + repository,
                        "path component '" + component + "' must be lowercase letters, digits and separators (. _ __ -)");
            }
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new InvalidReferenceException(repository + ":" + tag, "tag '" + tag + "' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
    }

    /**
     * Parses a reference as {@code docker pull} would read it.
     *
     * @throws InvalidReferenceException naming the reference and what is wrong with it
     */
    public static ImageRef parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidReferenceException(String.valueOf(reference), "an image reference cannot be empty");
        }
        String rest = reference.trim();
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String digestPart = rest.substring(at + 1);
            if (!Digest.isDigest(digestPart)) {
                throw new InvalidReferenceException(reference, "'" + digestPart + "' is not a digest (algorithm:hex)");
            }
            digest = Digest.of(digestPart);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        String path = rest;
        int firstSlash = rest.indexOf('/');
        if (firstSlash > 0) {
            String first = rest.substring(0, firstSlash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase(Locale.ROOT))) {
                registry = first;
                path = rest.substring(firstSlash + 1);
            }
        }
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (path.isEmpty()) {
            throw new InvalidReferenceException(reference, "no repository name");
        }
        return new ImageRef(registry, path, tag, digest);
    }

    public boolean pinned() {
        return digest != null;
    }

    /** {@code registry/repository}, without tag or digest: what every tag of one image shares. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The short form the Docker CLI shows: {@code debian:12}, {@code demo/web:latest}. */
    public String familiar() {
        String path = registry.equals(DOCKER_HUB) && repository.startsWith("library/")
                ? repository.substring("library/".length()) : repository;
        String base = registry.equals(DOCKER_HUB) ? path : registry + "/" + path;
        return base + suffix();
    }

    /** The familiar name without tag or digest: {@code demo/web}, {@code 127.0.0.1:5000/x/base}. */
    public String familiarName() {
        String path = registry.equals(DOCKER_HUB) && repository.startsWith("library/")
                ? repository.substring("library/".length()) : repository;
        return registry.equals(DOCKER_HUB) ? path : registry + "/" + path;
    }

    public ImageRef withTag(String newTag) {
        return new ImageRef(registry, repository, newTag, null);
    }

    public ImageRef withDigest(Digest newDigest) {
        return new ImageRef(registry, repository, tag, newDigest);
    }

    public boolean sameName(ImageRef other) {
        return name().equals(other.name());
    }

    private String suffix() {
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest.value() : "");
    }

    @Override
    public String toString() {
        return name() + suffix();
    }
}
