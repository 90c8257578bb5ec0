package io.patchrun.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;

import io.patchrun.status.EngineProbe;
import io.patchrun.status.EngineStatus;

final class DockerEngineProbe implements EngineProbe {

    private final DockerClient docker;
    private final String name;
    private final String host;

    DockerEngineProbe(DockerClient docker, String name, String host) {
        this.docker = docker;
        this.name = name;
        this.host = host;
    }

    @Override
    public EngineStatus probe() {
        try {
            Version version = docker.versionCmd().exec();
            return new EngineStatus(name, host, true, version.getVersion(), version.getApiVersion(), null);
        } catch (RuntimeException e) {
            return EngineStatus.down(name, host, "the Docker engine " + name + " at " + host + " does not answer ("
                    + DockerErrors.reason(e) + "); start it, or correct its address in patchrun.engines (or patchrun.docker.host)");
        }
    }
}
