package io.docspaceguard.incident;

import io.docspaceguard.docspace.DocSpaceException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What reviewers decide about incidents (SPEC §5): approve (disable the account in DocSpace), dismiss,
 * re-enable, and confirm an automatic disable. Account changes go through the {@link ActionJournal}, which
 * makes each happen exactly once; protected accounts are refused before DocSpace is written to.
 */
public final class DecisionService {
    private static final Logger log = LoggerFactory.getLogger(DecisionService.class);

    private final Jdbi jdbi;
    private final ActionJournal journal;
    private final AccountProtection protection;
    private final Clock clock;

    public DecisionService(Jdbi jdbi, ActionJournal journal, AccountProtection protection, Clock clock) {
        this.jdbi = jdbi;
        this.journal = journal;
        this.protection = protection;
        this.clock = clock;
    }

    /** Disables the account in DocSpace: open → disabled. Protected accounts are refused without a write. */
    public Incident approve(long id, String actor, String comment) {
        Incident incident = load(id);
        refuseUnlessAllowed(Transition.APPROVE, incident);
        Optional<String> protectedBecause;
        try {
            protectedBecause = protection.reasonNotToDisable(incident.userId());
        } catch (DocSpaceException e) {
            throw journal.refused(incident, Transition.APPROVE, actor, comment, e);
        }
        if (protectedBecause.isPresent()) {
            throw new TransitionRefusedException("incident " + id + " cannot be approved: "
                    + protectedBecause.get() + "; dismiss it or handle the account in DocSpace");
        }
        return journal.perform(id, Transition.APPROVE, actor, comment);
    }

    /** Enables the account again: disabled → reenabled. */
    public Incident reenable(long id, String actor, String comment) {
        return journal.perform(id, Transition.REENABLE, actor, comment);
    }

    /** Closes the incident without touching the account: open → dismissed, with why. */
    public Incident dismiss(long id, String actor, DismissalReason reason, String comment) {
        return jdbi.inTransaction(h -> {
            Incident incident = lock(h, id);
            refuseUnlessAllowed(Transition.DISMISS, incident);
            if (h.attach(AccountActionDao.class).hasPending(id)) {
                throw new TransitionRefusedException("incident " + id + " has an account action in progress");
            }
            Instant now = clock.instant();
            IncidentDao incidents = h.attach(IncidentDao.class);
            incidents.dismiss(id, reason, now);
            // The reason leads the trail's comment, so the trail alone says why without the incident row.
            Trail.append(h, now, incident, actor, Transition.DISMISS.wireName(),
                    reason.wireName() + (comment == null || comment.isBlank() ? "" : ": " + comment), null);
            Trail.logTransition(incident, IncidentStatus.DISMISSED, actor);
            return load(h, id);
        });
    }

    /** A reviewer keeps an automatic disable: the incident stays disabled and no longer expires. */
    public Incident confirm(long id, String actor, String comment) {
        return jdbi.inTransaction(h -> {
            Incident incident = lock(h, id);
            if (!incident.awaitingConfirmation()) {
                throw new TransitionRefusedException("incident " + id + " is " + incident.status().wireName()
                        + (incident.status() == IncidentStatus.DISABLED ? " by a reviewer" : "")
                        + "; only an automatic disable awaiting review can be confirmed");
            }
            Instant now = clock.instant();
            h.attach(AccountActionDao.class).markConfirmed(id, actor, now);
            Trail.append(h, now, incident, actor, "confirm", comment, null);
            log.info("incident={} user={} rule={} confirmed by={}", id, incident.userId(), incident.rule(), actor);
            return load(h, id);
        });
    }

    private static void refuseUnlessAllowed(Transition transition, Incident incident) {
        transition.refusal(incident).ifPresent(reason -> {
            throw new TransitionRefusedException(reason);
        });
    }

    private Incident load(long id) {
        return jdbi.withHandle(h -> load(h, id));
    }

    private static Incident load(Handle h, long id) {
        return h.attach(IncidentDao.class).get(id).orElseThrow(() -> new IncidentNotFoundException(id));
    }

    private static Incident lock(Handle h, long id) {
        return h.attach(IncidentDao.class).lock(id).orElseThrow(() -> new IncidentNotFoundException(id));
    }
}
