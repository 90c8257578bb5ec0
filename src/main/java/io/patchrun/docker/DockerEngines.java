package io.patchrun.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;

import io.patchrun.container.Engine;
import io.patchrun.container.Engines;
import io.patchrun.status.EngineProbe;
import io.patchrun.watch.RegistryLogins;

/**
 * A docker-java client per configured engine, and the core's view of them ({@link Engines}). Other engine adapters
 * (Swarm services, say) get an engine's client by its name here.
 */
public final class DockerEngines implements AutoCloseable {

    private final Map<String, DockerClient> clients = new LinkedHashMap<>();
    private final Map<String, EngineAddress> addresses = new LinkedHashMap<>();
    private final Engines engines;

    DockerEngines(EnginesProperties.Addresses configured, RegistryLogins logins) {
        List<Engine> all = new ArrayList<>();
        for (EngineAddress address : configured.all()) {
            DockerClient client = DockerClients.connectTo(address);
            clients.put(address.name(), client);
            addresses.put(address.name(), address);
            all.add(new Engine(address.name(), address.describe(), address.name().equals(configured.build()), new DockerContainers(client),
                    new DockerVolumeArchives(client), new DockerImageStore(client), new DockerImageCopies(client, new EngineLogins(logins),
                    address.name())));
        }
        this.engines = new Engines(all);
    }

    public Engines engines() {
        return engines;
    }

    /** The client of the engine named {@code name}. @throws IllegalArgumentException naming the engines there are */
    public DockerClient client(String name) {
        engines.get(name);
        return clients.get(name);
    }

    /** The client of the engine that builds. */
    public DockerClient buildClient() {
        return clients.get(engines.build().name());
    }

    /** A probe per engine, in configuration order. */
    List<EngineProbe> probes() {
        // The build engine first: SystemStatus#engine() is the build engine's status.
        return addresses.values().stream().sorted((a, b) -> Boolean.compare(b.name().equals(engines.build().name()), a.name().equals(engines.build().name())))
                .<EngineProbe>map(address -> new DockerEngineProbe(clients.get(address.name()), address.name(), address.describe()))
                .toList();
    }

    @Override
    public void close() throws Exception {
        for (DockerClient client : clients.values()) {
            client.close();
        }
    }
}
