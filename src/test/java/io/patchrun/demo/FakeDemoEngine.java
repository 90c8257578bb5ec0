package io.patchrun.demo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import io.patchrun.image.Digest;
import io.patchrun.image.ImageRef;

/** An engine in memory: publishing a base records the release and gives a digest made from its number. */
final class FakeDemoEngine implements DemoEngine {

    final List<BaseRelease> published = new ArrayList<>();
    final List<DemoContainer> started = new ArrayList<>();
    final Set<String> containers = new HashSet<>();
    Integer localRelease;
    String problem;

    static Digest digestOf(int release) {
        return Digest.of("sha256:" + HexFormat.of().toHexDigits((long) release).repeat(4));
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public OptionalInt baseRelease(ImageRef base) {
        return localRelease == null ? OptionalInt.empty() : OptionalInt.of(localRelease);
    }

    @Override
    public Digest publishBase(ImageRef base, BaseRelease release) {
        published.add(release);
        localRelease = release.number();
        return digestOf(release.number());
    }

    @Override
    public boolean containerExists(String name) {
        return containers.contains(name);
    }

    @Override
    public void run(DemoContainer container) {
        started.add(container);
        containers.add(container.name());
    }

    @Override
    public void close() {
    }
}
