package io.docspaceguard.incident;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

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

    /** Every action the service writes; the trail can be filtered by exactly these. */
    public static final SortedSet<String> ACTIONS = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(
            "open", "extend", "approve", "auto_disable", "dismiss", "reenable", "auto_reenable", "confirm",
            "action_failed", "action_unknown", "auto_disable_skipped", "bulk_work_declared", "bulk_work_revoked",
            "recovery_started", "recovery_finished", "recovery_cancelled", "assign", "release")));

    public TrailEntry {
        // A new entry with an unlisted action would be one the trail's filter cannot find.
        if (id == null && !ACTIONS.contains(action)) {
            throw new IllegalArgumentException("trail action '" + action + "' is not in TrailEntry.ACTIONS");
        }
    }

    /** The same entry as stored under {@code id}. */
    public TrailEntry withId(long id) {
        return new TrailEntry(id, at, actor, action, incidentId, userId, comment, outcome, rulesVersion);
    }
}
