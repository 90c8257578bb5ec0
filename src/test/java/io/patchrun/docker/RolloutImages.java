package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.LocalHttp;

/** Small busybox images for rollover tests, built from the test run's base, and a way to ask them over HTTP. */
final class RolloutImages {

    /** Serves /www on 8080 and stops at once on SIGTERM or SIGINT, unlike busybox httpd as PID 1. */
    static final String SERVE = "trap 'exit 0' TERM INT; httpd -f -p 8080 -h /www & wait";

    private final Engine engine;
    private final Path workDir;
    private final String from;

    RolloutImages(Engine engine, Path workDir) {
        this.engine = engine;
        this.workDir = workDir;
        ImageRef base = engine.makeBase("base", "stable");
        this.from = base.familiarName() + ":stable";
    }

    /** An image answering {@code version} on /, with the given extra Dockerfile lines; tagged {@code <token>/<name>:<tag>}. */
    String web(String name, String tag, String version, String extraLines) {
        String dockerfile = "FROM " + from + "\n"
                + "RUN mkdir -p /www && echo " + version + " > /www/index.html\n"
                + extraLines + "\n";
        return build(name, tag, dockerfile);
    }

    String build(String name, String tag, String dockerfile) {
        String reference = engine.token() + "/" + name + ":" + tag;
        Path context = workDir.resolve(name + "-" + tag);
        try {
            Files.createDirectories(context);
            Files.writeString(context.resolve("Dockerfile"), dockerfile);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the build context of " + reference, e);
        }
        engine.build(context, reference);
        return reference;
    }

    static String get(int port, Duration within) throws InterruptedException {
        return LocalHttp.answer(port, within).strip();
    }
}
