package io.docspaceguard.incident;

import java.time.Instant;

/**
 * One line of the audit trail: who did what, when, why, with what result, under which rule version.
 *
 * @param id      null until stored
 * @param actor   API token name, {@code rule:<id>} or {@code system}
 * @param action  {@code open}, {@code extend}, {@code approve}, {@code dismiss}, {@code reenable}, ...
 * @param outcome what DocSpace answered, when it was called
 */
public record TrailEntry(Long id, Instant at, String actor, String action, Long incidentId, String userId,
                         String comment, String outcome, String rulesVersion) {
}
