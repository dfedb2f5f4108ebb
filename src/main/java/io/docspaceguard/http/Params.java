package io.docspaceguard.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;

/** Query parameters read with a clear 400 when they are malformed. */
final class Params {
    private Params() {
    }

    static String text(Context ctx, String name, int maxLength) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw ApiException.badRequest(name + " is longer than " + maxLength + " characters");
        }
        return value.strip();
    }

    /** A value from a closed set; anything else is a 400 listing the set, not an empty answer. */
    static String oneOf(Context ctx, String name, Collection<String> allowed) {
        String value = text(ctx, name, 64);
        if (value != null && !allowed.contains(value)) {
            throw ApiException.badRequest(name + " must be one of " + String.join(", ", allowed) + "; got '"
                    + value + "'");
        }
        return value;
    }

    static Instant instant(Context ctx, String name) {
        String value = text(ctx, name, 64);
        return value == null ? null : instant(name, value);
    }

    static Instant instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 time with an offset, e.g. "
                    + "2025-05-14T08:30:00Z; got '" + value + "'");
        }
    }

    static Long number(Context ctx, String name, long min, long max) {
        String value = text(ctx, name, 20);
        if (value == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max
                    + "; got '" + value + "'");
        }
    }

    static long pathId(Context ctx) {
        try {
            long id = Long.parseLong(ctx.pathParam("id"));
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            // Said back only in part: the path may hold anything pasted into it.
            String got = ctx.pathParam("id");
            throw ApiException.badRequest("id must be a whole number from 1 to " + Long.MAX_VALUE + "; got '"
                    + (got.length() > 24 ? got.substring(0, 24) + "…" : got) + "'");
        }
    }
}
