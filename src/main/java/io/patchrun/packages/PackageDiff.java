package io.patchrun.packages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What changed in the packages from one image to another: added, removed, and those whose version changed. */
public record PackageDiff(List<InstalledPackage> added, List<InstalledPackage> removed, List<Change> changed) {

    /** One package in both images, at another version (or from another source package) in the second. */
    public record Change(InstalledPackage from, InstalledPackage to) {
    }

    public static PackageDiff between(PackageList from, PackageList to) {
        Map<String, InstalledPackage> before = byKey(from);
        Map<String, InstalledPackage> after = byKey(to);
        List<InstalledPackage> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        after.forEach((key, now) -> {
            InstalledPackage was = before.get(key);
            if (was == null) {
                added.add(now);
            } else if (!Objects.equals(was.version(), now.version()) || !Objects.equals(was.source(), now.source())) {
                changed.add(new Change(was, now));
            }
        });
        List<InstalledPackage> removed = before.entrySet().stream().filter(entry -> !after.containsKey(entry.getKey()))
                .map(Map.Entry::getValue).toList();
        return new PackageDiff(List.copyOf(added), removed, List.copyOf(changed));
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    private static Map<String, InstalledPackage> byKey(PackageList list) {
        Map<String, InstalledPackage> keyed = new LinkedHashMap<>();
        list.packages().forEach(p -> keyed.put(p.name() + ":" + p.arch(), p));
        return keyed;
    }
}
