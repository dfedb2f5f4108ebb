package io.docspaceguard.incident;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where an incident stands in the review workflow (SPEC §5). The moves between statuses are the
 * {@link Transition}s: {@code open → disabled | dismissed}, {@code disabled → reenabled}; dismissed and reenabled
 * are final.
 */
public enum IncidentStatus {
    OPEN("open"),
    DISABLED("disabled"),
    DISMISSED("dismissed"),
    REENABLED("reenabled");

    private final String wireName;

    IncidentStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the database and in the API. */
    public String wireName() {
        return wireName;
    }

    public static IncidentStatus fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown incident status: " + name));
    }

    /** The statuses this one can move to, as {@link Transition} lists them. */
    public Set<IncidentStatus> next() {
        return Arrays.stream(Transition.values()).filter(t -> t.from() == this).map(Transition::to)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String toString() {
        return wireName;
    }
}
