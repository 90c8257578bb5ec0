package io.patchrun.dockerfile;

/**
 * A word whose expansion would pass one of the {@link ExpansionBudget}'s limits. The message is a
 * predicate ({@code expands to more than 65,536 characters ...}) that the caller puts after what was
 * expanded: {@code ARG B expands to more than ...}.
 */
final class LimitProblem extends ParseProblem {

    LimitProblem(String predicate) {
        super(predicate);
    }
}
