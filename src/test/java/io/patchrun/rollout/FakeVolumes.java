package io.patchrun.rollout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.patchrun.container.ContainerOperationException;
import io.patchrun.container.VolumeArchives;
import io.patchrun.container.VolumeMount;

/**
 * One named volume {@code db} at {@code /data}, shared by every container of a {@link FakeEngine}, holding a line of text:
 * saved to a file and read back as the engine's archive API would stream it. Operations go to the engine's events.
 */
final class FakeVolumes implements VolumeArchives {

    static final VolumeMount DB = new VolumeMount("db", "/data", true);

    private final FakeEngine engine;
    private String content;
    private String whyNotRestorable;
    private String saveFails;
    private String restoreFails;

    FakeVolumes(FakeEngine engine, String content) {
        this.engine = engine;
        this.content = content;
    }

    synchronized String content() {
        return content;
    }

    /** What the new version does to the volume once it runs. */
    synchronized void write(String value) {
        content = value;
    }

    synchronized void notRestorable(String why) {
        whyNotRestorable = why;
    }

    synchronized void saveFails(String reason) {
        saveFails = reason;
    }

    synchronized void restoreFails(String reason) {
        restoreFails = reason;
    }

    @Override
    public List<VolumeMount> namedVolumes(String container) {
        return List.of(DB, new VolumeMount("config", "/config", false));
    }

    @Override
    public synchronized String whyNotRestorable(String container) {
        return whyNotRestorable;
    }

    @Override
    public synchronized long save(String container, VolumeMount mount, Path file) {
        engine.event("save " + mount.volume());
        if (saveFails != null) {
            throw new ContainerOperationException("saving volume " + mount.volume() + " failed: " + saveFails);
        }
        try {
            Files.writeString(file, content);
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void restore(String container, VolumeMount mount, Path file) {
        engine.event("restore " + mount.volume());
        if (restoreFails != null) {
            content = "";
            throw new ContainerOperationException("restoring volume " + mount.volume() + " failed: " + restoreFails);
        }
        try {
            content = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
