package io.patchrun.rollout;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.Containers;
import io.patchrun.container.ImageInfo;

/**
 * Holds back every container of an image when one of them has a setting a replacement would not get. That one is not
 * rolled over; the others would be, only to go back to the old version with it under the one rule for an image's
 * containers, each through an outage for nothing.
 */
final class CarryOverCheck {

    private CarryOverCheck() {
    }

    /** Why {@code container} is not rolled over to {@code newImage}, naming each setting that would not be carried over. */
    static String reason(ContainerDetails container, String newImage) {
        return "container " + container.name() + " is not rolled over to " + newImage + " and is left as it is: "
                + String.join("; ", container.notCarriedOver());
    }

    /**
     * Takes the members of every image that has a container with a setting that would not be carried over out of
     * {@code members}, adding a failed result for each.
     *
     * @param imageOf the image of each member, by container name
     */
    static void holdBack(Map<String, Rollover.Member> members, Map<String, String> imageOf, Containers containers, List<RolloverResult> results) {
        Set<Rollover.Member> refused = members.values().stream().filter(member -> needsCarryOver(member, containers))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, String> heldBack = new LinkedHashMap<>();
        refused.forEach(member -> heldBack.merge(imageOf.get(member.container().name()), reason(member.container(), member.newImage()),
                (a, b) -> a + "; " + b));
        Iterator<Rollover.Member> all = members.values().iterator();
        while (all.hasNext()) {
            Rollover.Member member = all.next();
            String image = imageOf.get(member.container().name());
            if (heldBack.containsKey(image)) {
                all.remove();
                ContainerDetails container = member.container();
                String reason = refused.contains(member) ? reason(container, member.newImage())
                        : "not rolled over: the containers of " + image + " roll over together, and one of them cannot: " + heldBack.get(image);
                results.add(RolloverResult.failed(container.name(), container.imageId(), reason));
            }
        }
    }

    /** Whether a container with settings that would not be carried over would be replaced: not when it runs the new image already. */
    private static boolean needsCarryOver(Rollover.Member member, Containers containers) {
        if (member.container().notCarriedOver().isEmpty()) {
            return false;
        }
        try {
            return !containers.inspectImage(member.newImage()).map(ImageInfo::id).orElse("").equals(member.container().imageId());
        } catch (RuntimeException e) {
            // Cannot tell: fail closed; the rollover itself would say why the image cannot be inspected.
            return true;
        }
    }
}
