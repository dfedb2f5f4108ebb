package io.docspaceguard.scan;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.WebhookDelivery;
import io.docspaceguard.docspace.WebhookTriggers;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.store.PushedEventDao;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes activity DocSpace pushes through its webhook and runs the rules over it at once, with the same
 * {@link Detector} (incidents, reasons, alerts, automatic disabling) as the audit poll, which stays the complete
 * record. Each delivery is stored once under its id, so a retry of it changes nothing; a delivery whose evaluation
 * failed is evaluated again when DocSpace retries it.
 */
public final class WebhookReceiver {
    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    /** What became of a delivery. */
    public enum Result {
        /** The rules ran over it. */
        EVALUATED,
        /** A retry of a delivery already evaluated: nothing changed. */
        REPLAYED,
        /** A trigger no rule has a counterpart for: not stored. */
        IGNORED
    }

    /** What became of a delivery, and the incidents its evaluation opened and extended. */
    public record Receipt(Result result, int opened, int extended) {
    }

    private final Jdbi jdbi;
    private final Detector detector;
    private final RuleEngine engine;
    private final Clock clock;

    public WebhookReceiver(Jdbi jdbi, Detector detector, RuleEngine engine, Clock clock) {
        this.jdbi = jdbi;
        this.detector = detector;
        this.engine = engine;
        this.clock = clock;
    }

    /** @throws WebhookDelivery.MalformedException a trigger the rules use without the item it was about */
    public Receipt receive(WebhookDelivery delivery) throws WebhookDelivery.MalformedException {
        Optional<WebhookTriggers.Counterpart> counterpart = WebhookTriggers.of(delivery.trigger());
        if (counterpart.isEmpty()) {
            log.debug("webhook delivery={} trigger={} ignored: no rule counts it", delivery.id(), delivery.trigger());
            return new Receipt(Result.IGNORED, 0, 0);
        }
        if (delivery.itemId() == null) {
            throw new WebhookDelivery.MalformedException(delivery.trigger() + " needs payload.id, the item acted on");
        }
        AuditEntry pushed = WebhookTriggers.toEntry(delivery, counterpart.get());
        PushedEventDao deliveries = jdbi.onDemand(PushedEventDao.class);
        Instant now = clock.instant();
        if (deliveries.insertIfAbsent(delivery.trigger(), pushed, now) == 0 && deliveries.evaluated(delivery.id())) {
            log.debug("webhook delivery={} replayed: already evaluated", delivery.id());
            return new Receipt(Result.REPLAYED, 0, 0);
        }
        FindingRecorder.Outcome outcome = detector.evaluatePushed(pushed);
        deliveries.markEvaluated(delivery.id(), clock.instant());
        // Kept as long as some rule's window may still count them, and while DocSpace may still retry them.
        deliveries.pruneReceivedBefore(now.minus(engine.active().longestWindow()).minus(WebhookTriggers.TOLERANCE));
        log.debug("webhook delivery={} trigger={} user={} evaluated opened={} extended={}", delivery.id(),
                delivery.trigger(), delivery.userId(), outcome.opened(), outcome.extended());
        return new Receipt(Result.EVALUATED, outcome.opened(), outcome.extended());
    }
}
