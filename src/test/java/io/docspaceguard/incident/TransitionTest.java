package io.docspaceguard.incident;

import static io.docspaceguard.incident.IncidentStatus.DISABLED;
import static io.docspaceguard.incident.IncidentStatus.DISMISSED;
import static io.docspaceguard.incident.IncidentStatus.OPEN;
import static io.docspaceguard.incident.IncidentStatus.REENABLED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.docspace.Person;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransitionTest {

    @Test
    void an_open_incident_can_be_disabled_or_dismissed_and_a_disabled_one_reenabled() {
        assertEquals(Set.of(DISABLED, DISMISSED), OPEN.next());
        assertEquals(Set.of(REENABLED), DISABLED.next());
    }

    @Test
    void dismissed_and_reenabled_are_final() {
        assertEquals(Set.of(), DISMISSED.next());
        assertEquals(Set.of(), REENABLED.next());
        for (Transition transition : Transition.values()) {
            assertTrue(transition.refusal(incident(DISMISSED)).isPresent(), transition.wireName());
            assertTrue(transition.refusal(incident(REENABLED)).isPresent(), transition.wireName());
        }
    }

    @Test
    void a_refusal_names_the_incident_its_status_and_what_the_move_needs() {
        assertEquals(Optional.of("incident 7 is disabled; only open incidents can be approved"),
                Transition.APPROVE.refusal(incident(DISABLED)));
        assertEquals(Optional.of("incident 7 is open; only disabled incidents can be re-enabled"),
                Transition.REENABLE.refusal(incident(OPEN)));
        assertEquals(Optional.empty(), Transition.DISMISS.refusal(incident(OPEN)));
    }

    @Test
    void only_account_moves_set_a_docspace_status() {
        assertEquals(Person.DISABLED, Transition.APPROVE.accountStatus());
        assertEquals(Person.DISABLED, Transition.AUTO_DISABLE.accountStatus());
        assertEquals(Person.ACTIVE, Transition.REENABLE.accountStatus());
        assertEquals(Person.ACTIVE, Transition.AUTO_REENABLE.accountStatus());
        assertFalse(Transition.DISMISS.changesAccount());
        assertEquals("re-enable", Transition.AUTO_REENABLE.accountVerb());
    }

    @Test
    void wire_names_round_trip() {
        for (Transition transition : Transition.values()) {
            assertEquals(transition, Transition.fromWire(transition.wireName()));
        }
        for (IncidentStatus status : IncidentStatus.values()) {
            assertEquals(status.name().toLowerCase(), status.wireName());
            assertEquals(status, IncidentStatus.fromWire(status.wireName()));
        }
        assertThrows(IllegalArgumentException.class, () -> Transition.fromWire("APPROVE"));
        assertThrows(IllegalArgumentException.class, () -> IncidentStatus.fromWire("OPEN"));
    }

    private static Incident incident(IncidentStatus status) {
        Instant t = Instant.parse("2025-05-14T09:00:00Z");
        return new Incident(7, "u", "User", "bulk-file-changes", "high", status, 21, t, t, t, t, "v1", false, null,
                null, null, null, null, 20, 600_000L, null, null, null, null);
    }
}
