package io.docspaceguard.incident;

import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.docspace.Person;
import io.docspaceguard.docspace.WriteOnce;
import io.docspaceguard.store.InstanceRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of account changes in DocSpace (disable, re-enable): each is stored as an intent before DocSpace
 * is called and finished with its outcome after, so that it happens exactly once however requests race,
 * answers get lost or processes die.
 *
 * <ul>
 *   <li><b>Claim.</b> Under the incident's row lock the transition is checked and the intent stored, owned by
 *   this instance. A concurrent caller, here or on another instance, waits for the lock and then finds the
 *   claim or the new status: it is refused (409) and sends nothing.</li>
 *   <li><b>Write once.</b> The change is sent once ({@link WriteOnce}); a lost answer is settled by reading the
 *   account back, never by sending it again.</li>
 *   <li><b>Finish.</b> The outcome, the incident's new status and the trail entry are stored together.</li>
 *   <li><b>Reconcile.</b> An intent whose instance is gone, or whose outcome stayed unknown, is finished from
 *   the account's real status: already as wanted → recorded, not sent; otherwise sent once.</li>
 * </ul>
 */
public final class ActionJournal {
    private static final Logger log = LoggerFactory.getLogger(ActionJournal.class);

    /** An intent stored for an incident, as it was when claimed. */
    private record Claim(AccountAction action, Transition transition, Incident incident) {
    }

    private final Jdbi jdbi;
    private final DocSpaceClient docSpace;
    private final IncidentNotices notices;
    private final boolean dryRun;
    private final InstanceRegistry instances;
    private final String self;
    private final Clock clock;
    /** Intents this instance is executing now: never reconciled under its feet. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param dryRun record what would be done and send no status change to DocSpace
     * @param self   this instance, the owner of the intents it stores
     */
    public ActionJournal(Jdbi jdbi, DocSpaceClient docSpace, IncidentNotices notices, boolean dryRun,
                         InstanceRegistry instances, InstanceRegistry.Instance self, Clock clock) {
        this.jdbi = jdbi;
        this.docSpace = docSpace;
        this.notices = notices;
        this.dryRun = dryRun;
        this.instances = instances;
        this.self = self.id();
        this.clock = clock;
    }

    /**
     * Makes the account change of {@code transition} for the incident and moves the incident.
     *
     * @throws TransitionRefusedException    the incident is not in the status the transition needs, or another
     *                                       action on it is in flight
     * @throws AccountActionFailedException  DocSpace did not make the change (the incident keeps its status)
     */
    public Incident perform(long incidentId, Transition transition, String actor, String comment) {
        Claim claim = claim(incidentId, transition, actor, comment);
        inFlight.add(claim.action().id());
        try {
            return execute(claim, "");
        } finally {
            inFlight.remove(claim.action().id());
        }
    }

    /**
     * Finishes intents left between intent and outcome: those of instances that are gone, and this instance's
     * whose outcome stayed unknown. Returns how many were finished; those DocSpace cannot be asked about stay.
     */
    public int reconcile() {
        int finished = 0;
        for (AccountAction pending : jdbi.onDemand(AccountActionDao.class).pending()) {
            if (!orphaned(pending) || !takeOver(pending)) {
                continue;
            }
            inFlight.add(pending.id());
            try {
                if (settle(pending)) {
                    finished++;
                }
            } finally {
                inFlight.remove(pending.id());
            }
        }
        return finished;
    }

    /**
     * Records a DocSpace failure that stopped an account change before it was begun (reading the account to
     * check its protection): trail, log and notice; returns the exception for the caller to throw.
     */
    AccountActionFailedException refused(Incident incident, Transition transition, String actor, String comment,
                                         DocSpaceException e) {
        String message = docSpaceMessage(e);
        jdbi.useTransaction(h -> appendFailure(h, incident, transition, actor, comment, message));
        return failed(incident, transition, actor, e.status(), message);
    }

    private Claim claim(long incidentId, Transition transition, String actor, String comment) {
        try {
            return jdbi.inTransaction(h -> {
                Incident incident = h.attach(IncidentDao.class).lock(incidentId)
                        .orElseThrow(() -> new IncidentNotFoundException(incidentId));
                transition.refusal(incident).ifPresent(reason -> {
                    throw new TransitionRefusedException(reason);
                });
                AccountActionDao actions = h.attach(AccountActionDao.class);
                if (actions.hasPending(incidentId)) {
                    throw inProgress(incidentId);
                }
                AccountAction intent = new AccountAction(null, incidentId, incident.userId(), transition.wireName(),
                        transition.accountStatus(), actor, comment, clock.instant(), null, AccountAction.PENDING,
                        null, self);
                long id = actions.begin(intent);
                return new Claim(withId(intent, id), transition, incident);
            });
        } catch (RuntimeException e) {
            // The unique pending key is the database's own guard behind the lock.
            if (Constraints.isUniqueViolation(e)) {
                throw inProgress(incidentId);
            }
            throw e;
        }
    }

    /** Sends the change once and finishes the intent with what DocSpace did. */
    private Incident execute(Claim claim, String note) {
        Transition transition = claim.transition();
        if (dryRun) {
            return finish(claim, AccountAction.DRY_RUN, note + "dry run: would set the DocSpace status to "
                    + describe(transition.accountStatus()) + "; nothing was sent", null);
        }
        WriteOnce.Result<Person> result = WriteOnce.run(new StatusWrite(claim.incident().userId(),
                transition.accountStatus()));
        if (result instanceof WriteOnce.Result.Applied<Person> applied) {
            Person after = applied.value();
            String outcome = applied.lostAnswer() == null ? "DocSpace reports " + describe(after.status())
                    : "no answer from DocSpace (" + docSpaceMessage(applied.lostAnswer())
                    + "); the account reads back as " + describe(after.status()) + ": done, not sent again";
            return finish(claim, AccountAction.DONE, note + outcome, after.status());
        }
        if (result instanceof WriteOnce.Result.NotApplied<Person> notApplied) {
            String message = docSpaceMessage(notApplied.cause());
            if (notApplied.observed() != null) {
                message += "; the account still reads back as " + describe(notApplied.observed().status())
                        + ": the change was not made and was not sent again";
            }
            throw fail(claim, notApplied.cause().status(), note + message);
        }
        WriteOnce.Result.Unknown<Person> unknown = (WriteOnce.Result.Unknown<Person>) result;
        throw unknown(claim, unknown);
    }

    /** Stores the outcome, moves the incident and appends the trail, in one transaction. */
    private Incident finish(Claim claim, String state, String outcome, Integer accountStatus) {
        Transition transition = claim.transition();
        return jdbi.inTransaction(h -> {
            IncidentDao incidents = h.attach(IncidentDao.class);
            Incident incident = incidents.lock(claim.incident().id()).orElseThrow();
            AccountActionDao actions = h.attach(AccountActionDao.class);
            if (!actions.finish(claim.action().id(), state, outcome, clock.instant())) {
                return incident; // finished meanwhile by a reconciliation: its outcome stands
            }
            Instant now = clock.instant();
            if (!incidents.updateStatus(incident.id(), transition.from(), transition.to(), now)) {
                // The claim keeps every other transition out; rolling back keeps the journal honest if not.
                throw new IllegalStateException("incident " + incident.id() + " left " + transition.from()
                        + " while " + transition.wireName() + " was in flight");
            }
            if (transition.to() == IncidentStatus.DISABLED) {
                actions.markDisabled(incident.id(), claim.action().actor(), now, accountStatus);
            } else {
                actions.markAccountStatus(incident.id(), accountStatus, now);
            }
            Trail.append(h, now, incident, claim.action().actor(), transition.wireName(), claim.action().comment(),
                    outcome);
            Trail.logTransition(incident, transition.to(), claim.action().actor());
            return incidents.get(incident.id()).orElseThrow();
        });
    }

    /** DocSpace did not make the change: the intent is finished as failed, the incident keeps its status. */
    private AccountActionFailedException fail(Claim claim, int status, String message) {
        Transition transition = claim.transition();
        jdbi.useTransaction(h -> {
            h.attach(AccountActionDao.class).finish(claim.action().id(), AccountAction.FAILED, message,
                    clock.instant());
            appendFailure(h, claim.incident(), transition, claim.action().actor(), claim.action().comment(), message);
        });
        return failed(claim.incident(), transition, claim.action().actor(), status, message);
    }

    private void appendFailure(Handle h, Incident incident, Transition transition, String actor, String comment,
                               String message) {
        Trail.append(h, clock.instant(), incident, actor, "action_failed", comment,
                transition.wireName() + " failed: " + message);
    }

    /** Whether DocSpace made the change is not known: the intent stays pending for {@link #reconcile()}. */
    private ActionOutcomeUnknownException unknown(Claim claim, WriteOnce.Result.Unknown<Person> unknown) {
        String message = "no answer from DocSpace (" + docSpaceMessage(unknown.cause())
                + ") and the account could not be read back (" + docSpaceMessage(unknown.readFailure())
                + "); the action stays pending and is settled from the account's status once DocSpace answers";
        jdbi.useTransaction(h -> Trail.append(h, clock.instant(), claim.incident(), claim.action().actor(),
                "action_unknown", claim.action().comment(), claim.transition().wireName() + ": " + message));
        failed(claim.incident(), claim.transition(), claim.action().actor(), 0, message);
        return new ActionOutcomeUnknownException(message);
    }

    private AccountActionFailedException failed(Incident incident, Transition transition, String actor, int status,
                                                String message) {
        log.warn("incident={} user={} action={} failed by={}: {}", incident.id(), incident.userId(),
                transition.wireName(), actor, message);
        notices.actionFailed(incident, transition, actor, status, message);
        return new AccountActionFailedException(status, message);
    }

    /** Whether nobody is working on this intent: its instance is gone, or it is this one's and not in flight. */
    private boolean orphaned(AccountAction action) {
        if (self.equals(action.owner())) {
            return !inFlight.contains(action.id());
        }
        return !instances.isRunning(action.owner());
    }

    /** Makes this instance the owner; false when another instance took it over first. */
    private boolean takeOver(AccountAction action) {
        return self.equals(action.owner())
                || jdbi.onDemand(AccountActionDao.class).takeOver(action.id(), action.owner(), self);
    }

    /** Finishes one orphaned intent from the account's real status; false when DocSpace cannot be asked. */
    private boolean settle(AccountAction pending) {
        Transition transition = Transition.fromWire(pending.action());
        Incident incident = jdbi.withHandle(h -> h.attach(IncidentDao.class).get(pending.incidentId()))
                .orElseThrow(() -> new IncidentNotFoundException(pending.incidentId()));
        Claim claim = new Claim(pending, transition, incident);
        try {
            Person person = docSpace.person(pending.userId());
            if (new StatusWrite(pending.userId(), transition.accountStatus()).inPlace(person)) {
                finish(claim, AccountAction.DONE, "reconciled: DocSpace already reports "
                        + describe(person.status()) + "; not sent again", person.status());
            } else {
                execute(claim, "reconciled, not made yet: ");
            }
            return true;
        } catch (ActionOutcomeUnknownException e) {
            return false;
        } catch (AccountActionFailedException e) {
            return true; // finished as failed, with DocSpace's refusal in the trail
        } catch (DocSpaceException e) {
            log.warn("account action={} incident={} still pending: DocSpace {}: {}", pending.id(),
                    pending.incidentId(), e.status(), e.getMessage());
            return false;
        }
    }

    private static TransitionRefusedException inProgress(long incidentId) {
        return new TransitionRefusedException("incident " + incidentId + " has an account action in progress");
    }

    private static AccountAction withId(AccountAction a, long id) {
        return new AccountAction(id, a.incidentId(), a.userId(), a.action(), a.targetStatus(), a.actor(), a.comment(),
                a.requestedAt(), a.finishedAt(), a.state(), a.outcome(), a.owner());
    }

    static String describe(int status) {
        return switch (status) {
            case Person.ACTIVE -> "status 1 (active)";
            case Person.DISABLED -> "status 2 (disabled)";
            case Person.PENDING -> "status 4 (pending)";
            default -> "status " + status;
        };
    }

    static String docSpaceMessage(DocSpaceException e) {
        return e.status() == 0 ? "DocSpace unreachable: " + e.getMessage()
                : "DocSpace " + e.status() + ": " + e.getMessage();
    }

    /** Setting one account's status, read back to learn what DocSpace made of it. */
    private final class StatusWrite implements WriteOnce.Write<Person> {
        private final String userId;
        private final int status;

        StatusWrite(String userId, int status) {
            this.userId = userId;
            this.status = status;
        }

        @Override
        public Person send() {
            Person written = docSpace.setStatus(userId, status);
            try {
                return docSpace.person(userId); // a re-enabled invitee may come back pending
            } catch (DocSpaceException e) {
                log.warn("reading back account={} failed: {}", userId, e.getMessage());
                return written;
            }
        }

        @Override
        public Person read() {
            return docSpace.person(userId);
        }

        /** Re-enabling can leave an invitee pending (4): that is "not disabled", which is what was wanted. */
        @Override
        public boolean inPlace(Person person) {
            return status == Person.DISABLED ? person.status() == Person.DISABLED
                    : person.status() != Person.DISABLED;
        }
    }
}
