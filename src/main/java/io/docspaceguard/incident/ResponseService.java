package io.docspaceguard.incident;

import io.docspaceguard.alert.Alert;
import io.docspaceguard.alert.Alerts;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.docspace.Person;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What reviewers and rules do about incidents (SPEC §5): approve (disable the account in DocSpace),
 * dismiss, re-enable, confirm an automatic disable; automatic disables with their hourly cap and expiry.
 *
 * <p>Every account action stores its intent before DocSpace is called and its outcome after. A restart
 * in between finds the intent and {@link #reconcile() reconciles} it from the account's real status, so
 * an approved disable is neither lost nor sent twice. When DocSpace refuses, the incident keeps its
 * state, the trail records DocSpace's message and the caller gets an {@link AccountActionFailedException}.
 */
public final class ResponseService {
    private static final Logger log = LoggerFactory.getLogger(ResponseService.class);
    public static final String SYSTEM = "system";

    /**
     * @param dryRun                 record what would be done, send no status change to DocSpace
     * @param maxAutoDisablesPerHour automatic disables allowed in any rolling hour
     * @param autoDisableExpiry      re-enable an unconfirmed automatic disable after this; zero = never
     */
    public record Settings(boolean dryRun, int maxAutoDisablesPerHour, Duration autoDisableExpiry) {
    }

    /** One kind of account action: the transition it makes and the DocSpace status it sets. */
    private record Step(String action, IncidentStatus from, IncidentStatus to, int targetStatus) {
    }

    private static final Step APPROVE = new Step("approve", IncidentStatus.OPEN, IncidentStatus.DISABLED, Person.DISABLED);
    private static final Step AUTO_DISABLE =
            new Step("auto_disable", IncidentStatus.OPEN, IncidentStatus.DISABLED, Person.DISABLED);
    private static final Step REENABLE =
            new Step("reenable", IncidentStatus.DISABLED, IncidentStatus.REENABLED, Person.ACTIVE);
    private static final Step AUTO_REENABLE =
            new Step("auto_reenable", IncidentStatus.DISABLED, IncidentStatus.REENABLED, Person.ACTIVE);

    private final Jdbi jdbi;
    private final DocSpaceClient docSpace;
    private final AccountProtection protection;
    private final Alerts alerts;
    private final Settings settings;
    private final Clock clock;

    public ResponseService(Jdbi jdbi, DocSpaceClient docSpace, Set<String> protectedUsers, Alerts alerts,
                           Settings settings, Clock clock) {
        this.jdbi = jdbi;
        this.docSpace = docSpace;
        this.protection = new AccountProtection(docSpace, protectedUsers);
        this.alerts = alerts;
        this.settings = settings;
        this.clock = clock;
    }

    /** Disables the account in DocSpace: open → disabled. Protected accounts are refused without a write. */
    public Incident approve(long id, String actor, String comment) {
        Incident incident = load(id);
        refuseUnless(incident, APPROVE.from(), "approve");
        Optional<String> protectedBecause = protectionOf(incident, actor, comment, "approve");
        if (protectedBecause.isPresent()) {
            throw new TransitionRefusedException("incident " + id + " cannot be approved: "
                    + protectedBecause.get() + "; dismiss it or handle the account in DocSpace");
        }
        return act(incident, APPROVE, actor, comment);
    }

    /** Closes the incident without touching the account: open → dismissed. */
    public Incident dismiss(long id, String actor, String comment) {
        return jdbi.inTransaction(h -> {
            Incident incident = load(h, id);
            refuseUnless(incident, IncidentStatus.OPEN, "dismiss");
            if (h.attach(AccountActionDao.class).hasPending(id)) {
                throw new TransitionRefusedException("incident " + id + " has an account action in progress");
            }
            if (!h.attach(IncidentDao.class).updateStatus(id, IncidentStatus.OPEN, IncidentStatus.DISMISSED,
                    clock.instant())) {
                throw new TransitionRefusedException("incident " + id + " changed meanwhile; reload it");
            }
            trail(h, incident, actor, "dismiss", comment, null);
            logTransition(incident, IncidentStatus.DISMISSED, actor);
            return load(h, id);
        });
    }

    /** Enables the account again: disabled → reenabled. */
    public Incident reenable(long id, String actor, String comment) {
        Incident incident = load(id);
        refuseUnless(incident, REENABLE.from(), "re-enable");
        return act(incident, REENABLE, actor, comment);
    }

    /** A reviewer keeps an automatic disable: the incident stays disabled and no longer expires. */
    public Incident confirm(long id, String actor, String comment) {
        return jdbi.inTransaction(h -> {
            Incident incident = load(h, id);
            if (!incident.awaitingConfirmation()) {
                throw new TransitionRefusedException("incident " + id + " is " + incident.status().wireName()
                        + (incident.status() == IncidentStatus.DISABLED ? " by a reviewer" : "")
                        + "; only an automatic disable awaiting review can be confirmed");
            }
            h.attach(AccountActionDao.class).markConfirmed(id, actor, clock.instant());
            trail(h, incident, actor, "confirm", comment, null);
            log.info("incident={} user={} rule={} confirmed by={}", id, incident.userId(), incident.rule(), actor);
            return load(h, id);
        });
    }

    /**
     * Disables the account of a new incident whose rule asked for it, under the same protections and
     * within the hourly cap; otherwise the incident stays open for review and the trail says why.
     */
    public void autoDisable(Incident incident) {
        String actor = "rule:" + incident.rule();
        try {
            Optional<String> protectedBecause = protectionOf(incident, actor, null, "auto_disable");
            if (protectedBecause.isPresent()) {
                jdbi.useTransaction(h -> trail(h, incident, actor, "auto_disable_skipped", null,
                        "not disabled: " + protectedBecause.get()));
                return;
            }
            int recent = jdbi.onDemand(AccountActionDao.class)
                    .autoDisablesSince(clock.instant().minus(Duration.ofHours(1)));
            if (recent >= settings.maxAutoDisablesPerHour()) {
                String outcome = "not disabled: the cap of " + settings.maxAutoDisablesPerHour()
                        + " automatic disables per hour is reached; left open for review";
                jdbi.useTransaction(h -> trail(h, incident, actor, "auto_disable_skipped", null, outcome));
                alerts.announce(Alert.autoDisableCapReached(incident, settings.maxAutoDisablesPerHour()));
                return;
            }
            act(incident, AUTO_DISABLE, actor, null);
        } catch (AccountActionFailedException | TransitionRefusedException e) {
            // Already in the trail (and alerted); the incident stays open for a reviewer.
            log.warn("automatic disable of incident={} not done: {}", incident.id(), e.getMessage());
        }
    }

    /** Re-enables automatic disables that no reviewer confirmed within the expiry; returns how many. */
    public int expireAutoDisables() {
        if (settings.autoDisableExpiry().isZero()) {
            return 0;
        }
        int done = 0;
        Instant before = clock.instant().minus(settings.autoDisableExpiry());
        for (long id : jdbi.onDemand(AccountActionDao.class).expiredAutoDisables(before)) {
            try {
                act(load(id), AUTO_REENABLE, SYSTEM, "automatic disable expired after "
                        + settings.autoDisableExpiry() + " without confirmation");
                done++;
            } catch (RuntimeException e) {
                log.warn("automatic re-enable of incident={} not done: {}", id, e.getMessage());
            }
        }
        return done;
    }

    /**
     * Finishes account actions whose outcome was never stored (the service stopped between calling
     * DocSpace and recording the answer). The account's real status decides: already as wanted → recorded
     * without sending again; otherwise sent now, once. Actions DocSpace cannot be asked about stay pending.
     *
     * @param olderThan only actions stored at least this long ago: zero at start-up, when nothing can be
     *                  in flight; longer than any DocSpace call with its retries while the service runs
     */
    public int reconcile(Duration olderThan) {
        int done = 0;
        Instant cutoff = clock.instant().minus(olderThan);
        for (AccountAction pending : jdbi.onDemand(AccountActionDao.class).pending()) {
            if (pending.requestedAt().isAfter(cutoff)) {
                continue;
            }
            Step step = stepOf(pending.action());
            try {
                Incident incident = load(pending.incidentId());
                Person person = docSpace.person(pending.userId());
                String outcome;
                if (reached(person.status(), step.targetStatus())) {
                    outcome = "reconciled after a restart: DocSpace already reports " + describe(person.status())
                            + "; not sent again";
                } else if (settings.dryRun()) {
                    outcome = "reconciled after a restart: dry run, nothing sent";
                } else {
                    person = docSpace.setStatus(pending.userId(), step.targetStatus());
                    outcome = "reconciled after a restart: sent; DocSpace reports " + describe(person.status());
                }
                complete(pending.id(), incident, step, pending.actor(), pending.comment(),
                        settings.dryRun() ? AccountAction.DRY_RUN : AccountAction.DONE, outcome, person.status());
                done++;
            } catch (DocSpaceException e) {
                log.warn("account action={} incident={} still pending: DocSpace {}: {}", pending.id(),
                        pending.incidentId(), e.status(), e.getMessage());
            }
        }
        return done;
    }

    private Incident act(Incident incident, Step step, String actor, String comment) {
        long actionId = begin(incident, step, actor, comment);
        Person after;
        String outcome;
        String state;
        try {
            if (settings.dryRun()) {
                after = null;
                state = AccountAction.DRY_RUN;
                outcome = "dry run: would set the DocSpace status to " + describe(step.targetStatus())
                        + "; nothing was sent";
            } else {
                Person written = docSpace.setStatus(incident.userId(), step.targetStatus());
                state = AccountAction.DONE;
                after = readBack(written);
                outcome = "DocSpace reports " + describe(after.status())
                        + (after == written ? " (read back failed; status from the change itself)" : "");
            }
        } catch (DocSpaceException e) {
            finishFailed(actionId, e);
            throw fail(incident, step, actor, comment, e);
        }
        return complete(actionId, incident, step, actor, comment, state, outcome, after == null ? null : after.status());
    }

    /** What DocSpace says after the change (a re-enabled invitee may come back pending). */
    private Person readBack(Person written) {
        try {
            return docSpace.person(written.id());
        } catch (DocSpaceException e) {
            log.warn("reading back account={} failed: {}", written.id(), e.getMessage());
            return written;
        }
    }

    /** Stores the intent. A second action on the same incident while one is in flight is refused. */
    private long begin(Incident incident, Step step, String actor, String comment) {
        try {
            return jdbi.inTransaction(h -> {
                Incident current = load(h, incident.id());
                refuseUnless(current, step.from(), step.action().replace('_', ' '));
                return h.attach(AccountActionDao.class).begin(new AccountAction(null, incident.id(),
                        incident.userId(), step.action(), step.targetStatus(), actor, comment, clock.instant(),
                        null, AccountAction.PENDING, null));
            });
        } catch (TransitionRefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw new TransitionRefusedException("incident " + incident.id()
                        + " already has an account action in progress");
            }
            throw e;
        }
    }

    private Incident complete(long actionId, Incident incident, Step step, String actor, String comment, String state,
                              String outcome, Integer accountStatus) {
        return jdbi.inTransaction(h -> {
            Instant now = clock.instant();
            AccountActionDao actions = h.attach(AccountActionDao.class);
            if (!actions.finish(actionId, state, outcome, now)) {
                // Finished meanwhile by a reconciliation: its outcome stands.
                return load(h, incident.id());
            }
            h.attach(IncidentDao.class).updateStatus(incident.id(), step.from(), step.to(), now);
            if (step.to() == IncidentStatus.DISABLED) {
                actions.markDisabled(incident.id(), actor, now, accountStatus);
            } else {
                actions.markAccountStatus(incident.id(), accountStatus, now);
            }
            trail(h, incident, actor, step.action(), comment, outcome);
            logTransition(incident, step.to(), actor);
            return load(h, incident.id());
        });
    }

    private void finishFailed(long actionId, DocSpaceException e) {
        jdbi.useExtension(AccountActionDao.class, dao -> dao.finish(actionId, AccountAction.FAILED,
                docSpaceMessage(e), clock.instant()));
    }

    /** Records a refused or failed DocSpace call in the trail, alerts, and returns the exception for the API. */
    private AccountActionFailedException fail(Incident incident, Step step, String actor, String comment,
                                              DocSpaceException e) {
        String message = docSpaceMessage(e);
        jdbi.useTransaction(h -> trail(h, incident, actor, "action_failed", comment, step.action() + " failed: " + message));
        log.warn("incident={} user={} action={} failed by={}: {}", incident.id(), incident.userId(), step.action(),
                actor, message);
        String verb = step.targetStatus() == Person.DISABLED ? "disable" : "re-enable";
        alerts.announce(step == AUTO_DISABLE ? Alert.autoDisableFailed(incident, e.status(), e.getMessage())
                : Alert.actionFailed(incident, verb, actor, e.status(), e.getMessage()));
        return new AccountActionFailedException(e.status(), message);
    }

    /** Why the account may not be disabled; reading the account is part of the check and may fail. */
    private Optional<String> protectionOf(Incident incident, String actor, String comment, String action) {
        try {
            return protection.reasonNotToDisable(incident.userId());
        } catch (DocSpaceException e) {
            Step step = action.equals("approve") ? APPROVE : AUTO_DISABLE;
            throw fail(incident, step, actor, comment, e);
        }
    }

    private Incident load(long id) {
        return jdbi.withHandle(h -> load(h, id));
    }

    private static Incident load(Handle h, long id) {
        return h.attach(IncidentDao.class).get(id).orElseThrow(() -> new IncidentNotFoundException(id));
    }

    private static void refuseUnless(Incident incident, IncidentStatus expected, String verb) {
        if (incident.status() != expected) {
            throw new TransitionRefusedException("incident " + incident.id() + " is " + incident.status().wireName()
                    + "; only " + expected.wireName() + " incidents can be " + pastTense(verb));
        }
    }

    private static String pastTense(String verb) {
        return switch (verb) {
            case "approve" -> "approved";
            case "dismiss" -> "dismissed";
            case "re-enable", "reenable", "auto reenable" -> "re-enabled";
            case "auto disable" -> "disabled automatically";
            default -> verb + "d";
        };
    }

    private void trail(Handle h, Incident incident, String actor, String action, String comment, String outcome) {
        h.attach(TrailDao.class).append(new TrailEntry(null, clock.instant(), actor, action, incident.id(),
                incident.userId(), comment, outcome, incident.rulesVersion()));
    }

    private static void logTransition(Incident incident, IncidentStatus to, String actor) {
        log.info("incident={} user={} rule={} from={} to={} by={}", incident.id(), incident.userId(), incident.rule(),
                incident.status().wireName(), to.wireName(), actor);
    }

    private static Step stepOf(String action) {
        return switch (action) {
            case "approve" -> APPROVE;
            case "auto_disable" -> AUTO_DISABLE;
            case "reenable" -> REENABLE;
            case "auto_reenable" -> AUTO_REENABLE;
            default -> throw new IllegalStateException("unknown account action " + action);
        };
    }

    /** Re-enabling can leave an invitee pending (4): that is "not disabled", which is what was wanted. */
    private static boolean reached(int status, int target) {
        return target == Person.DISABLED ? status == Person.DISABLED : status != Person.DISABLED;
    }

    private static String describe(int status) {
        return switch (status) {
            case Person.ACTIVE -> "status 1 (active)";
            case Person.DISABLED -> "status 2 (disabled)";
            case Person.PENDING -> "status 4 (pending)";
            default -> "status " + status;
        };
    }

    private static String docSpaceMessage(DocSpaceException e) {
        return e.status() == 0 ? "DocSpace unreachable: " + e.getMessage()
                : "DocSpace " + e.status() + ": " + e.getMessage();
    }
}
