package io.docspaceguard.http;

import java.util.List;
import java.util.Map;

/** A request that ends in an error answer; {@link HttpApi} renders it as an {@link ErrorBody}. */
class ApiException extends RuntimeException {
    final int status;
    final String type;
    final Map<String, Object> details;
    final List<?> errors;

    ApiException(int status, String type, String title) {
        this(status, type, title, null, null);
    }

    ApiException(int status, String type, String title, Map<String, Object> details, List<?> errors) {
        super(title);
        this.status = status;
        this.type = type;
        this.details = details;
        this.errors = errors;
    }

    static ApiException badRequest(String title) {
        return new ApiException(400, "bad_request", title);
    }

    static ApiException notFound(String title) {
        return new ApiException(404, "not_found", title);
    }
}
