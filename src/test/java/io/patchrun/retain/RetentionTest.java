package io.patchrun.retain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.patchrun.image.ImageRef;

class RetentionTest {

    private final FakeStore store = new FakeStore();
    private final Retention retention = new Retention(store);

    @Test
    void prune_keepsCurrentAndRetainPriors_removesTheRest() {
        List<String> versions = List.of("v6", "v5", "v4", "v3", "v2", "v1");
        versions.forEach(v -> store.tags.put("demo/web:" + v, "id-" + v));

        Pruning pruning = retention.prune("demo/web", versions, "v6", 3);

        assertThat(pruning.kept()).containsExactly("v6", "v5", "v4", "v3");
        assertThat(pruning.pruned()).containsExactly("v2", "v1");
        assertThat(store.untagged).containsExactly("docker.io/demo/web:v2", "docker.io/demo/web:v1");
    }

    @Test
    void prune_neverRemovesVersionAContainerStillUses() {
        List<String> versions = List.of("v4", "v3", "v2", "v1");
        versions.forEach(v -> store.tags.put("demo/web:" + v, "id-" + v));
        store.inUse.add("id-v1");

        Pruning pruning = retention.prune("demo/web", versions, "v4", 1);

        assertThat(pruning.kept()).containsExactly("v4", "v3");
        assertThat(pruning.pruned()).containsExactly("v2");
        assertThat(pruning.inUse()).containsExactly("v1");
        assertThat(store.untagged).containsExactly("docker.io/demo/web:v2");
    }

    @Test
    void prune_keepsCurrentEvenWhenNotNewest_afterARollback() {
        List<String> versions = List.of("v3", "v2", "v1");
        versions.forEach(v -> store.tags.put("demo/web:" + v, "id-" + v));

        Pruning pruning = retention.prune("demo/web", versions, "v2", 0);

        assertThat(pruning.kept()).containsExactly("v2");
        assertThat(pruning.pruned()).containsExactly("v3", "v1");
    }

    @Test
    void prune_keepsTheVersionReadyForTheWindow_besidesCurrentAndRetainOthers_evenWithRetainZero() {
        List<String> versions = List.of("v4", "v3", "v2", "v1");
        versions.forEach(v -> store.tags.put("demo/web:" + v, "id-" + v));

        Pruning none = retention.prune("demo/web", versions, "v2", "v4", 0);

        assertThat(none.kept()).containsExactly("v4", "v2");
        assertThat(none.pruned()).containsExactly("v3", "v1");
        assertThat(store.untagged).containsExactly("docker.io/demo/web:v3", "docker.io/demo/web:v1");
    }

    @Test
    void prune_withRetainZero_keepsOnlyCurrent_andTagsGoneFromEngineAreJustRecorded() {
        store.tags.put("demo/web:v2", "id-v2");

        Pruning pruning = retention.prune("demo/web", List.of("v2", "v1"), "v2", 0);

        assertThat(pruning.kept()).containsExactly("v2");
        assertThat(pruning.pruned()).containsExactly("v1");
        assertThat(store.untagged).isEmpty();
    }

    static final class FakeStore implements ImageStore {
        final Map<String, String> tags = new HashMap<>();
        final Set<String> inUse = new HashSet<>();
        final List<String> untagged = new ArrayList<>();

        @Override
        public String imageId(ImageRef ref) {
            return tags.get(ref.familiar());
        }

        @Override
        public Set<String> imageIdsInUse() {
            return inUse;
        }

        @Override
        public void tag(String imageId, ImageRef ref) {
            tags.put(ref.familiar(), imageId);
        }

        @Override
        public boolean untag(ImageRef ref) {
            untagged.add(ref.toString());
            tags.remove(ref.familiar());
            return true;
        }
    }
}
