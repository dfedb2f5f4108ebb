package io.docspaceguard.incident;

import io.docspaceguard.docspace.DocSpaceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic restriction (SPEC §5), opt-in per rule: a new incident whose rule asked for it has its account
 * disabled at once, under the same protections as a reviewer's approval and within an hourly cap; an
 * automatic disable that no reviewer confirmed is undone after the configured expiry.
 */
public final class AutoDisablePolicy {
    private static final Logger log = LoggerFactory.getLogger(AutoDisablePolicy.class);
    /** The actor of what the service does on its own, such as an expired automatic disable. */
    public static final String SYSTEM = "system";

    /**
     * @param maxPerHour automatic disables allowed in any rolling hour
     * @param expiry     re-enable an unconfirmed automatic disable after this; zero = never
     */
    public record Settings(int maxPerHour, Duration expiry) {
    }

    private final Jdbi jdbi;
    private final ActionJournal journal;
    private final AccountProtection protection;
    private final IncidentNotices notices;
    private final Settings settings;
    private final Clock clock;

    public AutoDisablePolicy(Jdbi jdbi, ActionJournal journal, AccountProtection protection, IncidentNotices notices,
                             Settings settings, Clock clock) {
        this.jdbi = jdbi;
        this.journal = journal;
        this.protection = protection;
        this.notices = notices;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Disables the account of a new incident whose rule asked for it; otherwise (protected account, cap
     * reached, DocSpace refused) the incident stays open for review and the trail says why.
     */
    public void autoDisable(Incident incident) {
        String actor = "rule:" + incident.rule();
        try {
            Optional<String> protectedBecause = protection.reasonNotToDisable(incident.userId());
            if (protectedBecause.isPresent()) {
                skip(incident, actor, "not disabled: " + protectedBecause.get());
                return;
            }
            int recent = jdbi.onDemand(AccountActionDao.class)
                    .autoDisablesSince(clock.instant().minus(Duration.ofHours(1)));
            if (recent >= settings.maxPerHour()) {
                skip(incident, actor, "not disabled: the cap of " + settings.maxPerHour()
                        + " automatic disables per hour is reached; left open for review");
                notices.autoDisableCapReached(incident, settings.maxPerHour());
                return;
            }
            journal.perform(incident.id(), Transition.AUTO_DISABLE, actor, null);
        } catch (DocSpaceException e) {
            journal.refused(incident, Transition.AUTO_DISABLE, actor, null, e);
        } catch (AccountActionFailedException | TransitionRefusedException e) {
            // Already in the trail (and alerted); the incident stays open for a reviewer.
            log.warn("automatic disable of incident={} not done: {}", incident.id(), e.getMessage());
        }
    }

    /** Re-enables automatic disables that no reviewer confirmed within the expiry; returns how many. */
    public int expireAutoDisables() {
        if (settings.expiry().isZero()) {
            return 0;
        }
        int done = 0;
        Instant before = clock.instant().minus(settings.expiry());
        for (long id : jdbi.onDemand(AccountActionDao.class).expiredAutoDisables(before)) {
            try {
                journal.perform(id, Transition.AUTO_REENABLE, SYSTEM, "automatic disable expired after "
                        + settings.expiry() + " without confirmation");
                done++;
            } catch (RuntimeException e) {
                log.warn("automatic re-enable of incident={} not done: {}", id, e.getMessage());
            }
        }
        return done;
    }

    private void skip(Incident incident, String actor, String outcome) {
        jdbi.useTransaction(h -> Trail.append(h, clock.instant(), incident, actor, "auto_disable_skipped", null,
                outcome));
    }
}
