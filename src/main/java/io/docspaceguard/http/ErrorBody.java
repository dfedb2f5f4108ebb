package io.docspaceguard.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The one shape of every error answer: {@code title} says what went wrong for a person, {@code type} is a
 * stable code for programs, {@code errors} lists rule errors (422), {@code details} anything else.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ErrorBody(String title, int status, String type, Map<String, Object> details, List<?> errors) {
}
