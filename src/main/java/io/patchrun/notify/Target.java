package io.patchrun.notify;

/** Somewhere a notice is sent: a webhook, a Slack-compatible webhook, e-mail recipients. */
public interface Target {

    /** What the target is, safe to log and show: no secret of its URL in it. */
    String describe();

    /** Sends one notice, once; the caller retries. */
    void send(Notice notice) throws DeliveryException, InterruptedException;
}
