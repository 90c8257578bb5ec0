package io.patchrun.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import io.patchrun.image.ImageRef;
import io.patchrun.watch.RegistryException;

class DemoBaseTest {

    private static final ImageRef BASE = DemoNames.DEFAULT.base();

    @Test
    void current_isEmpty_whenTheRegistryHasNoSuchTagOrImage() {
        for (RegistryException.Kind kind : new RegistryException.Kind[] {RegistryException.Kind.UNKNOWN_TAG, RegistryException.Kind.UNKNOWN_IMAGE}) {
            DemoBase base = new DemoBase(new FakeDemoEngine(), ref -> {
                throw new RegistryException(kind, ref, "not there");
            }, Clock.systemUTC());

            assertThat(base.current(BASE)).as(kind.name()).isEmpty();
        }
    }

    @Test
    void current_whenTheRegistryDoesNotAnswer_saysHowToStartIt() {
        DemoBase base = new DemoBase(new FakeDemoEngine(), ref -> {
            throw new RegistryException(RegistryException.Kind.UNREACHABLE, ref, "connection refused by 127.0.0.1:5000");
        }, Clock.systemUTC());

        assertThatThrownBy(() -> base.current(BASE)).isInstanceOf(DemoException.class)
                .hasMessageContaining("127.0.0.1:5000/demo/base:stable").hasMessageContaining("connection refused")
                .hasMessageContaining("config/engine.sh up");
    }

    @Test
    void current_isTheRegistrysDigest() {
        DemoBase base = new DemoBase(new FakeDemoEngine(), ref -> FakeDemoEngine.digestOf(7), Clock.systemUTC());

        assertThat(base.current(BASE)).contains(FakeDemoEngine.digestOf(7));
    }
}
