package io.patchrun.pipeline;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.quartz.CronExpression;

import io.patchrun.image.ImageRef;
import io.patchrun.image.InvalidReferenceException;

/**
 * The value rules of a pipeline file, shared by the reader (which adds file and line) and the records
 * (which refuse invalid values however they are built). A check returns what is wrong, in the user's
 * terms, or nothing when the value is fine; a conversion returns the value, or hands what is wrong to
 * {@code problem} and returns {@code null}.
 */
final class FieldRules {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern URL_WITH_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");
    /** Git's scp-like form {@code [user@]host:path}: a colon before any slash. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"(),;]+@[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+");
    private static final Pattern SCP_LIKE = Pattern.compile("[^/]+:.*");

    private FieldRules() {
    }

    static Optional<String> pipelineName(String name) {
        return NAME.matcher(name).matches() ? Optional.empty()
                : Optional.of("must match [a-z0-9-]+ (lowercase letters, digits, dashes), got '" + name + "'");
    }

    static Optional<String> cron(String expression) {
        try {
            CronExpression.validateExpression(expression);
            return Optional.empty();
        } catch (ParseException e) {
            return Optional.of("'" + expression + "' is not a Quartz cron expression: " + e.getMessage()
                    + " (expected seconds minutes hours day-of-month month day-of-week [year], e.g. \"0 0 3 * * ?\")");
        }
    }

    /** Converts an ISO-8601 duration longer than zero. */
    static Duration duration(String text, Consumer<String> problem) {
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                problem.accept("must be longer than zero, got " + text);
                return null;
            }
            return duration;
        } catch (DateTimeParseException e) {
            problem.accept("must be an ISO-8601 duration such as PT30S, PT15M or PT1H, got '" + text + "'");
            return null;
        }
    }

    /** An image name: a reference Docker accepts, without tag or digest (every tag of it is the image). */
    static Optional<String> imageName(String name) {
        if (name.contains("@") || name.lastIndexOf(':') > name.lastIndexOf('/')) {
            return Optional.of("must be an image name without tag or digest (tags are given by each build), got '"
                    + name + "'");
        }
        try {
            ImageRef.parse(name);
            return Optional.empty();
        } catch (InvalidReferenceException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** A push target: a registry host, optionally followed by a namespace, e.g. 127.0.0.1:5000/demo. */
    static Optional<String> onBaseChange(String value) {
        return value.equals("run") || value.equals("wait") ? Optional.empty()
                : Optional.of("must be 'run' (patch at once when a base changes) or 'wait' (until the nightly run), got '" + value + "'");
    }

    /** A notification target: an absolute http(s) URL with a host. */
    static Optional<String> httpUrl(String text) {
        String expected = "must be an http:// or https:// URL with a host, e.g. https://hooks.example.com/services/T0/B0/XXX";
        try {
            java.net.URI uri = new java.net.URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return Optional.of(expected + ", got '" + Redaction.url(text) + "'");
            }
            return Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.of(expected + "; it is not a URL: " + e.getReason());
        }
    }

    /** An e-mail address as SMTP takes it: one local part, one domain, no spaces or display name. */
    static Optional<String> emailAddress(String text) {
        return EMAIL.matcher(text).matches() ? Optional.empty()
                : Optional.of("must be an e-mail address such as ops@example.com, got '" + text + "'");
    }

    static Optional<String> pushTo(String target) {
        String expected = "must be a registry host[:port] optionally followed by /namespace, "
                + "e.g. 127.0.0.1:5000/demo, got '" + target + "'";
        String host = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
        try {
            ImageRef probe = ImageRef.parse(target + "/probe");
            return probe.registry().equals(host) ? Optional.empty() : Optional.of(expected);
        } catch (InvalidReferenceException e) {
            return Optional.of(expected + ": " + e.getMessage());
        }
    }

    /**
     * Normalises a path inside the repository ({@code ./docker/../Dockerfile} is {@code Dockerfile},
     * the root is {@code .}), or says why it leaves the repository.
     */
    static String repositoryPath(String text, Consumer<String> problem) {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            problem.accept("is not a usable path: " + e.getReason() + ", got '" + text + "'");
            return null;
        }
        if (path.isAbsolute()) {
            problem.accept("must be a path inside the repository, relative to its root, got '" + text + "'");
            return null;
        }
        Path normal = path.normalize();
        if (normal.startsWith("..")) {
            problem.accept("must stay inside the repository (no '..' above its root), got '" + text + "'");
            return null;
        }
        String result = normal.toString().replace(File.separatorChar, '/');
        return result.isEmpty() ? "." : result;
    }

    /**
     * Resolves a repository path relative to the pipeline file's folder, so a fleet's files can sit
     * next to its repositories; URLs ({@code file://}, http(s), ssh, {@code host:path}) stay as written.
     */
    static String repositoryUrl(String url, Path pipelineFile, Consumer<String> problem) {
        if (URL_WITH_SCHEME.matcher(url).matches() || SCP_LIKE.matcher(url).matches()) {
            return url;
        }
        try {
            return pipelineFile.toAbsolutePath().getParent().resolve(url).normalize().toString();
        } catch (InvalidPathException e) {
            problem.accept("is neither a URL nor a usable path: " + e.getReason() + ", got '" + url + "'");
            return null;
        }
    }
}
