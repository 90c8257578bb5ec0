package io.patchrun.image;

import java.util.regex.Pattern;

/** A content digest such as {@code sha256:4f1c...}, as registries and the engine report them. */
public record Digest(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
    /**
     * Well above any real digest (sha512 has 135 characters). It also keeps {@link #FORM}, whose repeated
     * group Java matches by recursion, from running out of stack on a long value.
     */
    private static final int MAX_LENGTH = 256;

    public Digest {
        if (value == null || value.length() > MAX_LENGTH || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not a digest: '" + value + "' (expected algorithm:hex, e.g. sha256:0a1b...)");
        }
    }

    public static Digest of(String value) {
        return new Digest(value);
    }

    public static boolean isDigest(String value) {
        return value != null && value.length() <= MAX_LENGTH && FORM.matcher(value).matches();
    }

    public String algorithm() {
        return value.substring(0, value.indexOf(':'));
    }

    public String hex() {
        return value.substring(value.indexOf(':') + 1);
    }

    /** The first 12 hex characters, the way the Docker CLI shows short ids. */
    public String shortHex() {
        String hex = hex();
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    @Override
    public String toString() {
        return value;
    }
}
