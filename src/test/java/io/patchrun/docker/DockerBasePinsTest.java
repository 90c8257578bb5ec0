package io.patchrun.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.patchrun.build.BuildFailedException;
import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;
import io.patchrun.testsupport.Engine;
import io.patchrun.testsupport.EngineTest;

/** Pinning a base's tag on the engine to a digest, whatever the registry's tag says now. */
@EngineTest
class DockerBasePinsTest {

    @Test
    void pin_pullsTheDigest_andPointsTheTagAtIt_afterTheRegistrysTagMovedOn(Engine engine) {
        ImageRef first = engine.makeBase("pinned", "stable");
        ImageRef moved = engine.republish(first.withTag("stable"), "2");
        ImageRef base = first.withTag("stable");
        engine.docker().removeImageCmd(base.familiarName() + "@" + first.digest().value()).withForce(true).exec();
        DockerBasePins pins = new DockerBasePins(engine.docker(), TestLogins.none());

        String id = pins.pin("demo/web", base, first.digest());

        assertThat(engine.docker().inspectImageCmd(base.familiar()).exec().getId()).isEqualTo(id);
        assertThat(engine.docker().inspectImageCmd(base.familiarName() + "@" + moved.digest().value()).exec().getId()).isNotEqualTo(id);
        assertThat(pins.layers(id)).isNotEmpty();
    }

    @Test
    void pin_ofADigestTheRegistryDoesNotHave_failsTheBuild_namingBaseAndDigest(Engine engine) {
        ImageRef base = engine.makeBase("unpinnable", "stable").withTag("stable");
        Digest missing = Digest.of("sha256:" + "0".repeat(64));
        DockerBasePins pins = new DockerBasePins(engine.docker(), TestLogins.none());

        assertThatThrownBy(() -> pins.pin("demo/web", base, missing))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageStartingWith("build of demo/web failed: pulling the verified base " + base.familiarName() + "@" + missing.value()
                        + " failed: ");
    }
}
