package io.patchrun.web;

/** The body of every API error: a short code and a sentence saying what was wrong and what to do. */
record ApiError(String error, String detail) {
}
