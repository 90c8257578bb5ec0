package io.patchrun.plan;

import io.patchrun.image.ImageRef;
import java.util.List;

/**
 * A plan as the HTTP API and CLI show it: {@code {"bases", "edges", "levels", "images"}}, with base
 * references in {@link ImageRef#familiar()} form.
 */
public record PlanView(List<String> bases, List<Edge> edges, List<List<String>> levels, List<Image> images) {

    public PlanView {
        bases = List.copyOf(bases);
        edges = List.copyOf(edges);
        levels = levels.stream().map(List::copyOf).toList();
        images = List.copyOf(images);
    }

    static PlanView of(Plan plan) {
        return new PlanView(
                plan.bases().stream().map(ImageRef::familiar).toList(),
                plan.edges(),
                plan.levels(),
                plan.images().values().stream().map(Image::of).toList());
    }

    /**
     * One image of the view.
     *
     * @param error     why it could not be read, or {@code null} (left out of the JSON) when it was read
     * @param blockedBy unreadable images it is built FROM, which keep it from being rebuilt
     */
    public record Image(String name, List<String> bases, boolean pinned, String error, List<String> blockedBy) {

        public Image {
            bases = List.copyOf(bases);
            blockedBy = List.copyOf(blockedBy);
        }

        static Image of(PlannedImage image) {
            return new Image(image.name(), image.bases().stream().map(ImageRef::familiar).toList(),
                    image.pinned(), image.error(), image.blockedBy());
        }
    }
}
