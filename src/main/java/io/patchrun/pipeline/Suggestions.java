package io.patchrun.pipeline;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Turns a misspelt key into a helpful message: what is allowed, and the likely intended key. */
final class Suggestions {

    private Suggestions() {
    }

    static String unknownKey(String key, List<String> allowed) {
        String closest = allowed.stream()
                .min(Comparator.comparingInt((String candidate) -> distance(key, candidate)))
                .orElseThrow();
        String hint = isClose(key, closest) ? "did you mean '" + closest + "'? " : "";
        return "unknown key '" + key + "'; " + hint + "allowed here: " + String.join(", ", allowed);
    }

    /** Close enough that suggesting it helps rather than puzzles: at most a third of the letters differ. */
    private static boolean isClose(String key, String candidate) {
        return distance(key, candidate) <= Math.max(2, Math.max(key.length(), candidate.length()) / 3);
    }

    /** Levenshtein distance, ignoring case (buildargs is surely buildArgs). */
    private static int distance(String a, String b) {
        String s = a.toLowerCase(Locale.ROOT);
        String t = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[t.length() + 1];
        int[] current = new int[t.length() + 1];
        for (int j = 0; j <= t.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= t.length(); j++) {
                int substitution = previous[j - 1] + (s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[t.length()];
    }
}
