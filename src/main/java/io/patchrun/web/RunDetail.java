package io.patchrun.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.patchrun.history.Run;

/** {@code GET /api/runs/{id}}: the run's own fields, as in the list, and how its notifications were delivered. */
record RunDetail(@JsonUnwrapped Run run, List<DeliveryView> deliveries) {
}
