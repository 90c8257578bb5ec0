package io.patchrun.wiring;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.patchrun.source.GitAccess;

/**
 * Where pipelines and data live, and how to reach Git.
 *
 * @param pipelinesDir   folder of pipeline files, read at start and on change
 * @param dataDir        database, Git workspace, logs
 * @param reloadEvery    how often the pipelines folder is looked at for changes
 * @param git            Git logins by URL prefix ({@code git.credentials}) and the {@code known_hosts} file for
 *                       SSH remotes ({@code git.known-hosts})
 */
@ConfigurationProperties("patchrun")
public record PatchrunProperties(Path pipelinesDir, Path dataDir, Duration reloadEvery, GitAccess git) {

    public PatchrunProperties {
        pipelinesDir = pipelinesDir == null ? Path.of("pipelines") : pipelinesDir;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        reloadEvery = reloadEvery == null ? Duration.ofSeconds(3) : reloadEvery;
        git = git == null ? GitAccess.anonymous() : git;
    }

    public Path gitWorkspace() {
        return dataDir.resolve("git");
    }

    /** The folder of the volume snapshots taken during rollovers, by image, version, container and volume. */
    public Path snapshotsDir() {
        return dataDir.resolve("snapshots");
    }

    /** The folder of the working trees runs build from, one folder per run. */
    public Path runCheckouts() {
        return dataDir.resolve("checkouts");
    }
}
