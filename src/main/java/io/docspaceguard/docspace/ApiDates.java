package io.docspaceguard.docspace;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** How the audit window is sent to DocSpace: whole seconds in UTC, never narrower than asked. */
final class ApiDates {
    // DocSpace accepts 0, 3 or 7 fraction digits only; Instant.toString() may emit 6 or 9 → 400.
    private static final DateTimeFormatter WIRE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private ApiDates() {
    }

    /** Lower bound sent as {@code from}: truncated down to the second. */
    static Instant floor(Instant from) {
        return from.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Upper bound sent as {@code to}: rounded up to the next second when it has a fraction. */
    static Instant ceil(Instant to) {
        Instant seconds = to.truncatedTo(ChronoUnit.SECONDS);
        return seconds.equals(to) ? to : seconds.plusSeconds(1);
    }

    static String format(Instant instant) {
        return WIRE.format(instant);
    }
}
