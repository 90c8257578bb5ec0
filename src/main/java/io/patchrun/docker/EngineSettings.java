package io.patchrun.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.dockerjava.api.command.InspectContainerResponse;

/**
 * A container's create configuration exactly as the engine reported it, kept as JSON inside a core
 * {@code ContainerSpec}: the container config, host config and network endpoints as raw JSON objects (docker-java's
 * types drop fields they do not model, such as {@code StopSignal} or {@code MaskedPaths}), and the anonymous volumes
 * the container uses, which a replacement mounts again so their data is not left behind.
 *
 * @param networks the endpoints of {@code NetworkSettings.Networks} by network name; empty in records written
 *                 before they were kept
 */
record EngineSettings(Map<String, Object> config, Map<String, Object> hostConfig, List<String> anonymousVolumes,
                      Map<String, Object> networks) {

    static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // docker-java models the engine's empty objects ("8080/tcp": {}) as plain Objects.
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    EngineSettings {
        config = config == null ? Map.of() : config;
        hostConfig = hostConfig == null ? Map.of() : hostConfig;
        anonymousVolumes = anonymousVolumes == null ? List.of() : List.copyOf(anonymousVolumes);
        networks = networks == null ? Map.of() : networks;
    }

    /** docker-java keeps the engine's whole answer, untyped, next to the typed one: that is what is kept here. */
    static EngineSettings of(InspectContainerResponse inspected, List<String> anonymousVolumes) {
        Map<String, Object> hostConfig = raw(inspected.getRawValues(), "HostConfig", inspected.getHostConfig());
        Map<String, Object> networkSettings = raw(inspected.getRawValues(), "NetworkSettings", inspected.getNetworkSettings());
        Map<String, Object> networks = networkSettings.get("Networks") instanceof Map<?, ?> endpoints
                ? JSON.convertValue(endpoints, OBJECT) : Map.of();
        return new EngineSettings(raw(inspected.getRawValues(), "Config", inspected.getConfig()),
                pinPublishedPorts(hostConfig, networkSettings), anonymousVolumes, networks);
    }

    /**
     * A port published on a host port the engine chose ({@code -p 127.0.0.1::8080}) keeps the port it got: the
     * replacement asks for that one, so the service stays at the address its users know.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> pinPublishedPorts(Map<String, Object> hostConfig, Map<String, Object> networkSettings) {
        if (!(hostConfig.get("PortBindings") instanceof Map<?, ?> bindings) || !(networkSettings.get("Ports") instanceof Map<?, ?> live)) {
            return hostConfig;
        }
        Map<String, Object> pinned = new java.util.LinkedHashMap<>();
        bindings.forEach((port, asked) -> {
            List<Object> result = new ArrayList<>();
            List<?> askedList = asked instanceof List<?> list ? list : List.of();
            List<?> gotList = live.get(port) instanceof List<?> list ? list : List.of();
            for (int i = 0; i < askedList.size(); i++) {
                Map<String, Object> binding = new java.util.LinkedHashMap<>((Map<String, Object>) askedList.get(i));
                Object hostPort = binding.get("HostPort");
                if ((hostPort == null || "".equals(hostPort) || "0".equals(hostPort)) && i < gotList.size()
                        && gotList.get(i) instanceof Map<?, ?> got && got.get("HostPort") != null) {
                    binding.put("HostPort", String.valueOf(got.get("HostPort")));
                }
                result.add(binding);
            }
            pinned.put(String.valueOf(port), result);
        });
        Map<String, Object> copy = new java.util.LinkedHashMap<>(hostConfig);
        copy.put("PortBindings", pinned);
        return copy;
    }

    /** The raw JSON object {@code key} of an engine answer, or the typed value written back as JSON when it is missing. */
    static Map<String, Object> raw(Map<String, Object> answer, String key, Object typed) {
        Object raw = answer.get(key);
        Map<String, Object> converted = JSON.convertValue(raw instanceof Map<?, ?> ? raw : typed, OBJECT);
        return converted == null ? Map.of() : converted;
    }

    /** The raw endpoint on {@code network} as the engine reported it, empty when not known. */
    Map<String, Object> endpoint(String network) {
        return networks.get(network) instanceof Map<?, ?> endpoint ? JSON.convertValue(endpoint, OBJECT) : Map.of();
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(Map.of("Config", config, "HostConfig", hostConfig, "AnonymousVolumes", anonymousVolumes,
                    "Networks", networks));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the create configuration of a container as JSON", e);
        }
    }

    static EngineSettings fromJson(String json) {
        try {
            Map<String, Object> root = JSON.readValue(json, OBJECT);
            List<String> volumes = new ArrayList<>();
            if (root.get("AnonymousVolumes") instanceof List<?> listed) {
                listed.forEach(volume -> volumes.add(String.valueOf(volume)));
            }
            return new EngineSettings(JSON.convertValue(root.get("Config"), OBJECT), JSON.convertValue(root.get("HostConfig"), OBJECT), volumes,
                    JSON.convertValue(root.get("Networks"), OBJECT));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a container create configuration written by Patchrun: " + e.getOriginalMessage(), e);
        }
    }
}
