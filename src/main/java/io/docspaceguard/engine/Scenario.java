package io.docspaceguard.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A rule test scenario as written in {@code rules/<rule>.test.json}: events in, expected results out.
 * Events are listed one by one ({@code events}) or generated in series ({@code series}).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Scenario(String name, List<Event> events, List<Series> series, List<ExpectedFinding> findings,
                       List<ExpectedActivity> activities) {

    public Scenario {
        events = events == null ? List.of() : events;
        series = series == null ? List.of() : series;
    }

    /**
     * One audit event, with the date in any ISO-8601 offset form DocSpace uses; {@code action} is DocSpace's
     * text, e.g. {@code File Uploaded: q3.xlsx.wncry} (optional).
     */
    public record Event(Long id, OffsetDateTime date, String userId, int actionId, List<Integer> entries,
                        List<String> target, String action) {
    }

    /**
     * {@code count} events by one user, {@code every} apart from {@code start}. File ids are
     * {@code filePrefix + n} where n counts from 1 and wraps after {@code distinctFiles} (default: all distinct).
     * {@code action}, when given, is the text of each event, {@code {n}} replaced by the file's n.
     */
    public record Series(String userId, int actionId, List<Integer> entries, OffsetDateTime start, Duration every,
                         int count, String filePrefix, Integer distinctFiles, String action) {
    }

    /** A finding the scenario expects; null fields are not checked. */
    public record ExpectedFinding(String rule, String userId, Integer fileCount, String severity, Boolean autoDisable) {
    }

    /** A classification the scenario expects: the event with this id yields an activity of this kind. */
    public record ExpectedActivity(long eventId, String kind) {
    }

    /** The file as a whole: which rule it tests (findings of other rules are ignored) and its scenarios. */
    public record File(String rule, String description, List<Scenario> scenarios) {
    }
}
