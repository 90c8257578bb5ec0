package io.patchrun.wiring;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.patchrun.policy.PolicyRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy gate's settings under the names the README gives them, bound as Spring binds them at start. */
class PolicyPropertiesTest {

    private static PolicyProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("patchrun.policy", PolicyProperties.class);
    }

    @Test
    void withoutSettings_theDefaultRulesApply() {
        assertThat(bind(Map.of()).rules()).isEqualTo(PolicyRules.defaults());
    }

    @Test
    void theJarsOwnSettings_areTheDocumentedDefaults() throws IOException {
        List<PropertySource<?>> jar = new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
        PolicyProperties properties = new Binder(ConfigurationPropertySources.from(jar)).bindOrCreate("patchrun.policy", PolicyProperties.class);

        assertThat(jar.get(0).getProperty("patchrun.policy.denied-host-paths[0]")).as("given in the jar, not left to the record's fallback")
                .isEqualTo("/");
        assertThat(jar.get(0).getProperty("patchrun.policy.allowed-capabilities[0]")).isEqualTo("AUDIT_WRITE");
        assertThat(properties.deniedHostPaths()).containsExactlyElementsOf(PolicyRules.DEFAULT_DENIED_HOST_PATHS);
        assertThat(properties.allowedCapabilities()).isEqualTo(PolicyRules.DEFAULT_ALLOWED_CAPABILITIES);
    }

    @Test
    void aListGiven_replacesTheDefaultOne() {
        PolicyRules rules = bind(Map.of(
                "patchrun.policy.denied-host-paths[0]", "/srv/secrets/",
                "patchrun.policy.allowed-capabilities", "CHOWN,cap_sys_nice")).rules();

        assertThat(rules.deniedHostPaths()).containsExactly("/", "/srv/secrets");
        assertThat(rules.allowedCapabilities()).containsExactlyInAnyOrder("CHOWN", "SYS_NICE");
    }

    @Test
    void aWrongValue_stopsTheStart_namingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("patchrun.policy.denied-host-paths[0]", "etc")).rules())
                .hasMessage("patchrun.policy.denied-host-paths[0]: must be an absolute host path such as /etc, got 'etc'");
        assertThatThrownBy(() -> bind(Map.of("patchrun.policy.allowed-capabilities[0]", "SYS_ADMN")).rules())
                .hasMessageStartingWith("patchrun.policy.allowed-capabilities: 'SYS_ADMN' is not a Linux capability");
    }
}
