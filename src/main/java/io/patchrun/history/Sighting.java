package io.patchrun.history;

/** How a digest just seen compares with what was known of its reference. */
public enum Sighting {
    /** The reference was never seen before: recorded, but nothing is rebuilt for it. */
    FIRST,
    /** The same digest as last time. */
    SAME,
    /** A digest other than last time's: what depends on it needs a rebuild. */
    CHANGED
}
