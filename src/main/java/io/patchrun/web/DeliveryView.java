package io.patchrun.web;

import java.time.Instant;

import io.patchrun.notify.Delivery;
import io.patchrun.pipeline.Redaction;

/**
 * One notification of a run as the run page and {@code GET /api/runs/{id}} show it. The target is recorded
 * already redacted; its URLs, and any a target's answer quoted into the message, are redacted again here, so a
 * secret in a webhook's path, query or user info never reaches a page, whatever wrote the record.
 *
 * @param kind     {@code webhook}, {@code slack} or {@code email}
 * @param target   where it went: scheme, host, port and first path segment of a URL, or the e-mail recipients
 * @param status   {@code DELIVERED} or {@code FAILED} (every attempt failed)
 * @param attempts how many attempts were made
 * @param message  what the last attempt answered, or why it failed
 * @param at       when the last attempt ended
 */
record DeliveryView(String kind, String target, String status, int attempts, String message, Instant at) {

    static DeliveryView of(Delivery delivery) {
        String described = delivery.target();
        int space = described.indexOf(' ');
        String kind = space < 0 ? described : described.substring(0, space);
        String target = space < 0 ? "" : Redaction.urlsIn(described.substring(space + 1));
        return new DeliveryView(kind, target, delivery.delivered() ? "DELIVERED" : "FAILED", delivery.attempts(),
                Redaction.urlsIn(delivery.message()), delivery.at());
    }
}
