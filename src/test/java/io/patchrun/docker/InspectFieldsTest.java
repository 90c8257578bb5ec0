package io.patchrun.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InspectFieldsTest {

    @Test
    void everyHostConfigFieldTheEngineReports_isCarriedOver_butTheContainerIdFile() {
        @SuppressWarnings("unchecked")
        Map<String, Object> host = (Map<String, Object>) UncarriedSettingsTest.recorded().get("HostConfig");

        assertThat(InspectFields.carriedIn("HostConfig")).containsAll(host.keySet().stream().filter(field -> !field.equals("ContainerIDFile")).toList())
                .contains("MaskedPaths", "ReadonlyPaths", "Capabilities").doesNotContain("ContainerIDFile");
    }

    @Test
    void theFieldsOfASection_areOnlyItsOwn() {
        assertThat(InspectFields.carriedIn("Config.Healthcheck")).containsExactlyInAnyOrder("Test", "Interval", "Timeout", "StartPeriod", "Retries");
        assertThat(InspectFields.carriedIn("Config")).contains("Hostname", "Env", "MacAddress").doesNotContain("Image", "Healthcheck.Test");
    }

    @Test
    void everyRefusedField_isNamedInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(InspectFields.all()).filteredOn(field -> field.handling() == InspectFields.Handling.REFUSED).isNotEmpty()
                .allSatisfy(field -> assertThat(readme).contains("`" + field.path() + "`"));
    }
}
