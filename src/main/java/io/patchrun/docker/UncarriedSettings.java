package io.patchrun.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the settings of an inspected container that a rollover would not carry over to its replacement: every
 * field of the engine's raw inspect answer is looked up in {@link InspectFields}, so a field docker-java does not
 * model, or one a newer engine adds, is found too rather than silently left behind.
 */
final class UncarriedSettings {

    private static final String NETWORKS = "NetworkSettings.Networks";

    private UncarriedSettings() {
    }

    /**
     * @param inspect the engine's whole inspect answer for one container, as raw JSON values
     * @return one reason per setting that is set and would not be carried over, naming its inspect field; sorted
     */
    static List<String> of(Map<String, Object> inspect) {
        List<String> reasons = new ArrayList<>();
        walk("", "", inspect, reasons);
        return reasons.stream().sorted().toList();
    }

    /**
     * @param path  where {@code object} is, network names as they are, for the reasons
     * @param known the same path with {@link InspectFields#ANY_NETWORK} for network names, to look fields up by
     */
    private static void walk(String path, String known, Map<?, ?> object, List<String> reasons) {
        sorted(object).forEach((key, value) -> {
            String childPath = path.isEmpty() ? key : path + "." + key;
            String childKnown = known.isEmpty() ? key : known + "." + (known.equals(NETWORKS) ? InspectFields.ANY_NETWORK : key);
            InspectFields.Field field = InspectFields.field(childKnown).orElse(null);
            if (field == null) {
                if (!isEmpty(value)) {
                    reasons.add(childPath + " is set and Patchrun cannot carry it over: it does not know this setting, and a"
                            + " replacement created without it would not be the same container");
                }
                return;
            }
            switch (field.handling()) {
                case SECTION -> {
                    if (value instanceof Map<?, ?> section) {
                        walk(childPath, childKnown, section, reasons);
                    } else if (!isEmpty(value)) {
                        reasons.add(childPath + " is set and Patchrun cannot carry it over: the engine reported " + value
                                + " where Patchrun knows an object");
                    }
                }
                case REFUSED -> {
                    if (!isEmpty(value)) {
                        reasons.add(childPath + " is set and Patchrun cannot carry it over: " + field.note());
                    }
                }
                case CARRIED, IGNORED -> {
                    // Known: the replacement gets it, or gets its own.
                }
            }
        });
    }

    private static Map<String, Object> sorted(Map<?, ?> object) {
        Map<String, Object> keyed = new TreeMap<>();
        object.forEach((key, value) -> keyed.put(String.valueOf(key), value));
        return keyed;
    }

    /** What the engine reports for a setting nobody set: nothing, false, zero, an empty text, list or object, or only such. */
    static boolean isEmpty(Object value) {
        if (value == null || Boolean.FALSE.equals(value) || "".equals(value)) {
            return true;
        }
        if (value instanceof Number number) {
            return number.doubleValue() == 0;
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(UncarriedSettings::isEmpty);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().allMatch(UncarriedSettings::isEmpty);
        }
        return false;
    }
}
