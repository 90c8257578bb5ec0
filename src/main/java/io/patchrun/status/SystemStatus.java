package io.patchrun.status;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Service;

/** The engine and registries Patchrun talks to, and whether they answer right now. */
@Service
public class SystemStatus {

    /** Settings for the status page. */
    @ConfigurationProperties("patchrun")
    public record Properties(List<String> registries) {
        public Properties {
            registries = registries == null ? List.of() : List.copyOf(registries);
        }
    }

    private final EngineProbe engine;
    private final RegistryProbe registryProbe = new RegistryProbe();
    private final Properties properties;

    SystemStatus(EngineProbe engine, Properties properties) {
        this.engine = engine;
        this.properties = properties;
    }

    public EngineStatus engine() {
        return engine.probe();
    }

    public List<RegistryStatus> registries() {
        return properties.registries().stream().map(registryProbe::probe).toList();
    }
}
