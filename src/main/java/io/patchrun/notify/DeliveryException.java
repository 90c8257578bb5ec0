package io.patchrun.notify;

/** A notice did not reach its target; the message says why in the user's terms and holds no secret. */
public class DeliveryException extends Exception {

    public DeliveryException(String message) {
        super(message);
    }
}
