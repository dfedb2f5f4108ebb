package io.docspaceguard.incident;

import java.time.Instant;

/**
 * One change of an account's status in DocSpace, from intent to outcome.
 *
 * @param action       {@code approve}, {@code reenable}, {@code auto_disable} or {@code auto_reenable}
 * @param targetStatus the DocSpace status wanted: 2 disabled, 1 active
 * @param state        {@code pending} (intent stored, outcome not yet), {@code done}, {@code failed},
 *                     {@code dry_run} (nothing was sent)
 * @param owner        the service instance performing it; null for actions stored before owners were kept
 */
public record AccountAction(Long id, long incidentId, String userId, String action, int targetStatus, String actor,
                            String comment, Instant requestedAt, Instant finishedAt, String state, String outcome,
                            String owner) {
    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String DRY_RUN = "dry_run";
}
