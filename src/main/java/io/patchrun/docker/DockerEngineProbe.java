package io.patchrun.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;

import io.patchrun.status.EngineProbe;
import io.patchrun.status.EngineStatus;

final class DockerEngineProbe implements EngineProbe {

    private final DockerClient docker;
    private final String host;

    DockerEngineProbe(DockerClient docker, String host) {
        this.docker = docker;
        this.host = host;
    }

    @Override
    public EngineStatus probe() {
        try {
            Version version = docker.versionCmd().exec();
            return new EngineStatus(host, true, version.getVersion(), version.getApiVersion(), null);
        } catch (RuntimeException e) {
            return EngineStatus.down(host, "the Docker engine at " + host + " does not answer ("
                    + DockerErrors.reason(e) + "); start one with config/engine.sh up or set patchrun.docker.host");
        }
    }
}
