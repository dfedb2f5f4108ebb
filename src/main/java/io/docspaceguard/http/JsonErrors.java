package io.docspaceguard.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A malformed request body in the caller's terms: the field and what it should hold, never Jackson's wording,
 * which names the service's Java classes.
 */
final class JsonErrors {
    private JsonErrors() {
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'" + known(unknown.getKnownPropertyIds());
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return "field '" + path(mismatch) + "' must be " + kind(mismatch.getTargetType());
        }
        JsonLocation at = e.getLocation();
        return "the body is not valid JSON" + (at == null || at.getLineNr() < 1 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                : "[" + ref.getIndex() + "]").collect(Collectors.joining("."));
    }

    private static String known(Collection<Object> names) {
        return names == null || names.isEmpty() ? "" : "; fields: " + String.join(", ",
                new TreeSet<>(names.stream().map(String::valueOf).toList()));
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "text";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time such as 2025-05-14T08:30:00Z";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }
}
