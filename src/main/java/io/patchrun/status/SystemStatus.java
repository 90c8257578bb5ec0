package io.patchrun.status;

import java.util.List;
import java.util.concurrent.CompletableFuture;

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

    private final EngineProbes engines;
    private final RegistryProbe registryProbe = new RegistryProbe();
    private final Properties properties;

    SystemStatus(EngineProbes engines, Properties properties) {
        this.engines = engines;
        this.properties = properties;
    }

    /** The engine that builds. */
    public EngineStatus engine() {
        return engines.probes().get(0).probe();
    }

    /** Every engine, the build engine first, each asked in parallel so one that does not answer delays only itself. */
    public List<EngineStatus> engines() {
        List<CompletableFuture<EngineStatus>> asked = engines.probes().stream()
                .map(probe -> CompletableFuture.supplyAsync(probe::probe)).toList();
        return asked.stream().map(CompletableFuture::join).toList();
    }

    public List<RegistryStatus> registries() {
        return properties.registries().stream().map(registryProbe::probe).toList();
    }
}
