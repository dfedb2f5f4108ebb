package io.docspaceguard.incident;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Where an incident stands in the review workflow (SPEC §5):
 * {@code open → disabled | dismissed}, {@code disabled → reenabled}; dismissed and reenabled are final.
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

    public Set<IncidentStatus> next() {
        return switch (this) {
            case OPEN -> Set.of(DISABLED, DISMISSED);
            case DISABLED -> Set.of(REENABLED);
            case DISMISSED, REENABLED -> Set.of();
        };
    }

    public boolean canMoveTo(IncidentStatus target) {
        return next().contains(target);
    }

    /** Why moving to {@code target} is not allowed, or empty when it is. */
    public Optional<String> refusal(IncidentStatus target) {
        if (canMoveTo(target)) {
            return Optional.empty();
        }
        if (target == this) {
            return Optional.of("incident is already " + wireName);
        }
        if (next().isEmpty()) {
            return Optional.of("incident is " + wireName + ", which is final; it cannot become " + target.wireName);
        }
        String allowed = next().stream().map(IncidentStatus::wireName).sorted()
                .reduce((a, b) -> a + " or " + b).orElseThrow();
        return Optional.of("an incident that is " + wireName + " can become " + allowed + ", not " + target.wireName);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
