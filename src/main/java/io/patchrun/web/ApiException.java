package io.patchrun.web;

import org.springframework.http.HttpStatus;

/** An API answer other than success, with the status it maps to. */
class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    ApiException(HttpStatus status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", detail);
    }

    static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "bad_request", detail);
    }

    static ApiException gone(String detail) {
        return new ApiException(HttpStatus.GONE, "gone", detail);
    }

    static ApiException engineFailed(String detail) {
        return new ApiException(HttpStatus.BAD_GATEWAY, "engine_error", detail);
    }

    static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", detail);
    }

    HttpStatus status() {
        return status;
    }

    String error() {
        return error;
    }
}
