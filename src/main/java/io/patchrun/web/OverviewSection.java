package io.patchrun.web;

/**
 * A section that another feature adds to the overview, above the pipelines: the demo's buttons, say. The
 * overview knows nothing of the feature: it draws each section's fragment with the section's model. With
 * no section beans, the overview is the pipelines alone.
 */
public interface OverviewSection {

    /**
     * The template, under {@code templates/}, whose fragment {@code section(section)} draws this section.
     * The fragment also sees the page's model ({@code isAdmin}, the CSRF token of its forms).
     */
    String template();

    /** What the fragment draws, as it stands now: asked for at every view of the overview. */
    Object model();
}
