package io.docspaceguard.incident;

import io.docspaceguard.docspace.Person;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares and revokes bulk work (a migration, a clean-up): findings inside it are recorded as suppressed, not
 * alerted. Each declaration and revocation is in the audit trail with who made it.
 */
public final class BulkWorkService {
    private static final Logger log = LoggerFactory.getLogger(BulkWorkService.class);
    /** Longer declarations would hide real attacks for weeks; declare again when the work goes on. */
    public static final Duration MAX_LENGTH = Duration.ofDays(31);
    public static final int MAX_REASON = 500;

    /** Revoking a declaration that is already revoked. */
    public static final class AlreadyRevokedException extends RuntimeException {
        AlreadyRevokedException(BulkWork work) {
            super("bulk work " + work.id() + " was revoked by " + work.revokedBy() + " at " + work.revokedAt());
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public BulkWorkService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * @param userId the account doing the work, or null for everyone
     * @throws IllegalArgumentException a bad user id, an empty or overlong reason, an empty or overlong span
     */
    public BulkWork declare(String actor, String userId, Instant from, Instant to, String reason) {
        if (userId != null && !Person.isUserId(userId)) {
            throw new IllegalArgumentException("userId must be a DocSpace user id (lower-case 8-4-4-4-12), or "
                    + "absent for everyone");
        }
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("reason is required, at most " + MAX_REASON + " characters");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_LENGTH) > 0) {
            throw new IllegalArgumentException("bulk work may span at most " + MAX_LENGTH.toDays() + " days");
        }
        Instant now = clock.instant();
        BulkWork draft = new BulkWork(0, userId, from, to, reason.strip(), actor, now, null, null);
        BulkWork declared = jdbi.inTransaction(h -> {
            long id = h.attach(BulkWorkDao.class).insert(draft);
            h.attach(TrailDao.class).append(new TrailEntry(null, now, actor, "bulk_work_declared", null, userId,
                    describe(id, draft), null, null));
            return h.attach(BulkWorkDao.class).get(id).orElseThrow();
        });
        log.info("bulk work {} declared by={} user={} from={} to={}", declared.id(), actor,
                userId == null ? "everyone" : userId, from, to);
        return declared;
    }

    /**
     * Ends a declaration now; incidents it suppressed stay as they are, new findings are alerted again.
     *
     * @throws AlreadyRevokedException when it was revoked before
     */
    public Optional<BulkWork> revoke(long id, String actor, String comment) {
        Optional<BulkWork> revoked = jdbi.inTransaction(h -> {
            BulkWorkDao dao = h.attach(BulkWorkDao.class);
            Optional<BulkWork> work = dao.lock(id);
            if (work.isEmpty()) {
                return Optional.<BulkWork>empty();
            }
            if (work.get().revoked()) {
                throw new AlreadyRevokedException(work.get());
            }
            Instant now = clock.instant();
            dao.revoke(id, actor, now);
            String why = comment == null || comment.isBlank() ? "" : ": " + comment.strip();
            h.attach(TrailDao.class).append(new TrailEntry(null, now, actor, "bulk_work_revoked", null,
                    work.get().userId(), describe(id, work.get()) + why, null, null));
            return dao.get(id);
        });
        revoked.ifPresent(w -> log.info("bulk work {} revoked by={}", id, actor));
        return revoked;
    }

    /** Newest first; when {@code current}, only those in force or planned (not over, not revoked). */
    public List<BulkWork> list(boolean current, int limit) {
        return jdbi.onDemand(BulkWorkDao.class).list(current ? clock.instant() : null, limit);
    }

    /** The service's time, for the state of a declaration. */
    public Instant now() {
        return clock.instant();
    }

    public Optional<BulkWork> get(long id) {
        return jdbi.onDemand(BulkWorkDao.class).get(id);
    }

    private static String describe(long id, BulkWork work) {
        return "bulk work " + id + " for " + (work.userId() == null ? "everyone" : work.userId()) + ", "
                + work.startsAt() + " to " + work.endsAt() + ": " + work.reason();
    }
}
