package io.patchrun.image;

/** An image reference that Docker would not accept, with the reason in the user's terms. */
public class InvalidReferenceException extends IllegalArgumentException {

    private final String reference;

    public InvalidReferenceException(String reference, String reason) {
        super("invalid image reference '" + reference + "': " + reason);
        this.reference = reference;
    }

    public String reference() {
        return reference;
    }
}
