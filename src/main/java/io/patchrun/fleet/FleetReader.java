package io.patchrun.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.patchrun.dockerfile.BaseUse;
import io.patchrun.dockerfile.DockerfileException;
import io.patchrun.dockerfile.DockerfileParser;
import io.patchrun.dockerfile.ParsedDockerfile;
import io.patchrun.dockerfile.Stage;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.pipeline.Redaction;
import io.patchrun.pipeline.RepositorySpec;
import io.patchrun.plan.DependencyGraph;
import io.patchrun.plan.FleetImage;
import io.patchrun.source.FileTooLargeException;
import io.patchrun.source.Revision;
import io.patchrun.source.SourceException;

/**
 * Reads a pipeline's fleet from Git: fetches each repository, parses each Dockerfile of the fetched commit
 * (read from Git's objects, so no checkout a build uses is touched) with its build args, and builds the
 * dependency graph. A repository that cannot be reached, or a Dockerfile that cannot
 * be read, fails only its own images; the rest of the fleet is still planned.
 */
public final class FleetReader {

    /** Fetches one repository and resolves the ref to a commit: {@code GitSources#fetch}. */
    @FunctionalInterface
    public interface Sources {
        Revision fetch(String url, String ref);
    }

    /** Reads one Dockerfile's bases: {@link DockerfileParser#parse}. */
    @FunctionalInterface
    interface Parser {
        ParsedDockerfile parse(String fileName, String text, Map<String, String> buildArgs);
    }

    private final Sources sources;
    private final Parser parser;

    public FleetReader(Sources sources) {
        this(sources, DockerfileParser::parse);
    }

    /** With another parser, so a test can make one image's parse fail the way no file makes the real one fail. */
    FleetReader(Sources sources, Parser parser) {
        this.sources = sources;
        this.parser = parser;
    }

    public Fleet read(Pipeline pipeline) {
        Map<String, Revision> revisions = new HashMap<>();
        Map<String, String> failures = new HashMap<>();
        for (RepositorySpec repository : pipeline.repositories()) {
            try {
                revisions.put(repository.url(), sources.fetch(repository.url(), repository.ref()));
            } catch (SourceException e) {
                failures.put(repository.url(), e.getMessage());
            }
        }
        return read(pipeline, revisions, failures);
    }

    /** Reads the fleet from commits already fetched; {@code failures} names repositories that could not be. */
    public Fleet read(Pipeline pipeline, Map<String, Revision> revisions, Map<String, String> failures) {
        Map<String, CheckedOutImage> images = new LinkedHashMap<>();
        List<FleetImage> graphInput = new ArrayList<>();
        for (RepositorySpec repository : pipeline.repositories()) {
            Revision revision = revisions.get(repository.url());
            // What a run records, a plan shows and a label carries: never the user name and password of the URL.
            String shown = Redaction.userInfo(repository.url());
            for (ImageSpec spec : repository.images()) {
                ImageRef pushed = pipeline.pushTo() == null ? null : PushNames.pushedName(pipeline.pushTo(), spec.ref());
                CheckedOutImage source = revision == null
                        ? new CheckedOutImage(spec, shown, pushed, null, List.of(), null,
                        Redaction.userInfo(failures.getOrDefault(repository.url(), "repository " + shown + " was not fetched")))
                        : readImage(spec, shown, pushed, revision);
                images.put(spec.name(), source);
                Set<ImageRef> knownAs = new LinkedHashSet<>();
                knownAs.add(spec.ref());
                if (pushed != null) {
                    knownAs.add(pushed);
                }
                graphInput.add(source.readable()
                        ? FleetImage.readable(spec.name(), knownAs, source.bases())
                        : FleetImage.unreadable(spec.name(), knownAs, source.error()));
            }
        }
        return new Fleet(pipeline, images, DependencyGraph.of(graphInput));
    }

    /**
     * One image's Dockerfile, read and parsed. Whatever goes wrong fails this image only: a missing or
     * unreadable file, one larger than {@link Revision#MAX_READ}, one the parser refuses, and, as a
     * last resort, a parser that runs out of stack or memory (its limits should make that impossible; an
     * error in one image's file must still never take the run or the server down with it).
     */
    private CheckedOutImage readImage(ImageSpec spec, String url, ImageRef pushed, Revision revision) {
        String where = url + " at " + shortCommit(revision.commit());
        try {
            Optional<String> text = revision.read(spec.dockerfile());
            if (text.isEmpty()) {
                return unreadable(spec, url, pushed, revision, "no " + spec.dockerfile() + " in " + where + " (image " + spec.name()
                        + "; set 'dockerfile' in the pipeline file)");
            }
            ParsedDockerfile parsed = parser.parse(spec.dockerfile(), text.get(), spec.buildArgs());
            return new CheckedOutImage(spec, url, pushed, revision, parsed.bases().stream().map(BaseUse::ref).toList(),
                    finalBase(parsed), null);
        } catch (DockerfileException e) {
            return unreadable(spec, url, pushed, revision, e.getMessage() + " (in " + where + ")");
        } catch (FileTooLargeException e) {
            String size = String.format(Locale.ROOT, "%,d bytes", e.limit());
            return unreadable(spec, url, pushed, revision, DockerfileParser.tooLarge(spec.dockerfile(), e.line(), size).getMessage()
                    + " (in " + where + ")");
        } catch (StackOverflowError | OutOfMemoryError e) {
            String ranOutOf = e instanceof StackOverflowError ? "stack" : "memory";
            return unreadable(spec, url, pushed, revision, spec.dockerfile() + ": reading it ran out of " + ranOutOf + " (" + e
                    + "); the file is left out (in " + where + ")");
        } catch (RuntimeException e) {
            return unreadable(spec, url, pushed, revision, "cannot read " + spec.dockerfile() + " in " + where + ": " + e.getMessage());
        }
    }

    private static CheckedOutImage unreadable(ImageSpec spec, String url, ImageRef pushed, Revision revision, String error) {
        return new CheckedOutImage(spec, url, pushed, revision, List.of(), null, error);
    }

    /** The image the last stage is built on, following {@code FROM <earlier stage>} back to an image. */
    private static ImageRef finalBase(ParsedDockerfile parsed) {
        Stage stage = parsed.finalStage();
        while (stage.image() == null && stage.fromStage() != null) {
            stage = parsed.stages().get(stage.fromStage());
        }
        return stage.image();
    }

    private static String shortCommit(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }
}
