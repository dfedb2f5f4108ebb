package io.docspaceguard.incident;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Why a reviewer dismissed an incident: the number a rule's author tunes the rule by. */
public enum DismissalReason {
    /** The rule matched activity that was never a threat: the rule needs tuning. */
    FALSE_POSITIVE,
    /** A real match of activity the team expected (a migration, a clean-up): bulk work could have been declared. */
    EXPECTED_ACTIVITY,
    /** Real, and dealt with outside the guard (in DocSpace, by another team). */
    HANDLED_ELSEWHERE;

    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(DismissalReason::wireName).toList();

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DismissalReason fromWire(String value) {
        for (DismissalReason reason : values()) {
            if (reason.wireName().equals(value)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("dismissal reason must be one of " + String.join(", ", WIRE_NAMES)
                + "; got '" + value + "'");
    }
}
