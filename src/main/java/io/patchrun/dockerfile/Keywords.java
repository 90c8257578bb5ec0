package io.patchrun.dockerfile;

import java.util.List;
import java.util.Locale;

/** The instructions Docker knows, and BuildKit's suggestion for a misspelt one. */
final class Keywords {

    private static final List<String> KNOWN = List.of("add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from",
            "healthcheck", "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir");

    /** BuildKit suggests a known name at an edit distance below this. */
    private static final int SUGGESTION_DISTANCE = 3;

    private Keywords() {
    }

    static boolean known(String keyword) {
        return KNOWN.contains(keyword.toLowerCase(Locale.ROOT));
    }

    /**
     * {@code unknown instruction 'FORM' (did you mean FROM?)}: the suggestion is the closest known name,
     * written in the keyword's case, when it is close enough.
     */
    static String unknown(String keyword) {
        String lower = keyword.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = SUGGESTION_DISTANCE;
        for (String candidate : KNOWN) {
            // The distance is at least the difference in length; skipping those keeps a long word cheap.
            if (Math.abs(lower.length() - candidate.length()) >= bestDistance) {
                continue;
            }
            int distance = distance(lower, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        String message = "unknown instruction '" + keyword + "'";
        return best == null ? message : message + " (did you mean " + inCaseOf(keyword, best) + "?)";
    }

    private static String inCaseOf(String keyword, String suggestion) {
        return keyword.equals(keyword.toUpperCase(Locale.ROOT)) ? suggestion.toUpperCase(Locale.ROOT) : suggestion;
    }

    /** Levenshtein distance, as BuildKit measures it. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
