package io.docspaceguard.incident;

import static io.docspaceguard.incident.IncidentStatus.DISABLED;
import static io.docspaceguard.incident.IncidentStatus.DISMISSED;
import static io.docspaceguard.incident.IncidentStatus.OPEN;
import static io.docspaceguard.incident.IncidentStatus.REENABLED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentStatusTest {

    @Test
    void an_open_incident_can_be_disabled_or_dismissed() {
        assertTrue(OPEN.canMoveTo(DISABLED));
        assertTrue(OPEN.canMoveTo(DISMISSED));
        assertFalse(OPEN.canMoveTo(REENABLED));
        assertEquals(Optional.empty(), OPEN.refusal(DISABLED));
    }

    @Test
    void only_a_disabled_incident_can_be_reenabled() {
        assertTrue(DISABLED.canMoveTo(REENABLED));
        assertFalse(DISABLED.canMoveTo(DISMISSED));
        assertFalse(DISABLED.canMoveTo(OPEN));
    }

    @Test
    void dismissed_and_reenabled_are_final() {
        for (IncidentStatus from : new IncidentStatus[] {DISMISSED, REENABLED}) {
            for (IncidentStatus to : IncidentStatus.values()) {
                assertFalse(from.canMoveTo(to), from + " -> " + to);
            }
        }
        assertEquals(Optional.of("incident is dismissed, which is final; it cannot become disabled"),
                DISMISSED.refusal(DISABLED));
    }

    @Test
    void a_refusal_explains_what_is_allowed_instead() {
        assertEquals(Optional.of("an incident that is open can become disabled or dismissed, not reenabled"),
                OPEN.refusal(REENABLED));
        assertEquals(Optional.of("an incident that is disabled can become reenabled, not dismissed"),
                DISABLED.refusal(DISMISSED));
        assertEquals(Optional.of("incident is already disabled"), DISABLED.refusal(DISABLED));
    }

    @Test
    void wire_names_are_lower_case_and_round_trip() {
        for (IncidentStatus status : IncidentStatus.values()) {
            assertEquals(status.name().toLowerCase(), status.wireName());
            assertEquals(status, IncidentStatus.fromWire(status.wireName()));
        }
        assertThrows(IllegalArgumentException.class, () -> IncidentStatus.fromWire("OPEN"));
    }
}
