package io.patchrun.security;

/** What a user may do: ADMIN changes things, VIEWER only reads. */
public enum Role {
    ADMIN,
    VIEWER
}
