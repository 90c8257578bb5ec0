package io.patchrun.dockerfile;

import java.util.Locale;

/**
 * The limits on variable expansion while one Dockerfile is read, so that no file can make the parser
 * grow values exponentially (ARG defaults that double each other), recurse without end
 * ({@code ${a:-${a:-...}}}) or match patterns for ever. One expanded word holds at most
 * {@link #MAX_LENGTH} characters, {@code ${...}} nests at most {@link #MAX_DEPTH} deep, and expanding all
 * the words of one file costs at most {@link #MAX_WORK} steps: a character produced is a step, and so is
 * each pattern position tried. Real Dockerfiles stay far below all three.
 */
final class ExpansionBudget {

    static final int MAX_LENGTH = 65_536;
    static final int MAX_DEPTH = 32;
    static final long MAX_WORK = 8L * 1024 * 1024;

    private long spent;

    /** @throws LimitProblem when the file's expansions together pass {@link #MAX_WORK} steps */
    void spend(long steps) {
        spent += steps;
        if (spent > MAX_WORK) {
            throw new LimitProblem("takes more than " + number(MAX_WORK) + " steps of variable expansion, counted over this"
                    + " and every earlier ARG and FROM of the file (the limit for one Dockerfile); ARG defaults that use"
                    + " each other over and over grow like this");
        }
    }

    /** @throws LimitProblem when a word being expanded has grown past {@link #MAX_LENGTH} characters */
    static void checkLength(int length) {
        if (length > MAX_LENGTH) {
            throw new LimitProblem("expands to more than " + number(MAX_LENGTH) + " characters (the limit for one value)");
        }
    }

    /** @throws LimitProblem when {@code depth} levels of {@code ${...}} are open */
    static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new LimitProblem("nests ${...} more than " + MAX_DEPTH + " deep (the limit)");
        }
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
