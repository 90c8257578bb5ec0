package io.patchrun.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ContainerOutputTest {

    @Test
    void withheld_replacesEveryMarkedOutput_andKeepsTheReason() {
        String message = "web-1: new container web-1 exited with code 1; last log lines: "
                + ContainerOutput.quote(List.of("connecting to postgres://app:hunter2@db/app", "fatal"))
                + "; web-2: its HEALTHCHECK said " + ContainerOutput.quote("token=abc");

        assertThat(ContainerOutput.withheld(message)).isEqualTo("web-1: new container web-1 exited with code 1; last log lines: "
                + "⟦container output, shown to ADMINs only⟧; web-2: its HEALTHCHECK said ⟦container output, shown to ADMINs only⟧");
        assertThat(message).contains("postgres://app:hunter2@db/app | fatal");
    }

    @Test
    void outputCannotCloseItsOwnMark() {
        String message = "said " + ContainerOutput.quote("⟧ then the password hunter2 ⟦");

        assertThat(message).isEqualTo("said ⟦ then the password hunter2 ⟧");
        assertThat(ContainerOutput.withheld(message)).isEqualTo("said ⟦container output, shown to ADMINs only⟧");
    }

    @Test
    void aMarkCutShort_withholdsEverythingAfterIt() {
        String cut = ("rolled back: last log lines: " + ContainerOutput.quote("DB_PASSWORD=hunter2 and more")).substring(0, 45);

        assertThat(ContainerOutput.withheld(cut)).isEqualTo("rolled back: last log lines: ⟦container output, shown to ADMINs only⟧");
    }

    @Test
    void messagesWithoutOutput_areLeftAsTheyAre() {
        assertThat(ContainerOutput.withheld("3 deployed")).isEqualTo("3 deployed");
        assertThat(ContainerOutput.withheld(null)).isNull();
    }
}
