package io.patchrun.wiring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.patchrun.source.GitCredentials;

/**
 * Where pipelines and data live, and how to reach Git.
 *
 * @param pipelinesDir   folder of pipeline files, read at start and on change
 * @param dataDir        database, Git workspace, logs
 * @param reloadEvery    how often the pipelines folder is looked at for changes
 * @param git            credentials for http(s) remotes, matched by longest URL prefix
 */
@ConfigurationProperties("patchrun")
public record PatchrunProperties(Path pipelinesDir, Path dataDir, Duration reloadEvery, Git git) {

    public PatchrunProperties {
        pipelinesDir = pipelinesDir == null ? Path.of("pipelines") : pipelinesDir;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        reloadEvery = reloadEvery == null ? Duration.ofSeconds(3) : reloadEvery;
        git = git == null ? new Git(List.of()) : git;
    }

    public record Git(List<GitCredentials> credentials) {
        public Git {
            credentials = credentials == null ? List.of() : List.copyOf(credentials);
        }
    }

    public Path gitWorkspace() {
        return dataDir.resolve("git");
    }
}
