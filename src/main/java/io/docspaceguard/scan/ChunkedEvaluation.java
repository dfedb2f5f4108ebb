package io.docspaceguard.scan;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Evaluates a long scan's chunks one after another, in event-time order, with the rules' state carried from one
 * chunk to the next ({@link RuleEngine.Continuous}), so each event read goes through the rules once. Judging each
 * chunk afresh with the stored events of the longest window around it, as a single chunk is judged, would put a
 * backfill's events through the rules several times over: a three-hour window around one-hour chunks, seven times.
 *
 * <p>What goes in: the stored events of the longest window before the scan's window, then every event each chunk read,
 * stored before or new, then the stored events of the longest window after the scan's window (a burst crossing its
 * end). Every finding is recorded: recording is idempotent (an incident that holds the finding's files and events
 * already is left as it is), and events stored by a scan that stopped before judging them are judged now.
 *
 * <p>One rule set serves the whole scan: a reload meanwhile applies from the next scan on. The rule sessions are
 * renewed every {@link #RENEW_AFTER} of event time, started on the events of the last window: a session keeps some
 * state for every account it has seen, and a 180-day backfill of a large portal would otherwise see them all.
 */
final class ChunkedEvaluation implements AutoCloseable {
    /** Events are kept a little past the longest window: a chunk's edge second comes again in the next chunk. */
    private static final Duration MARGIN = Duration.ofMinutes(1);

    /** How much event time one set of rule sessions covers before it is renewed. */
    static final Duration RENEW_AFTER = Duration.ofDays(1);

    private final Detector detector;
    private final FindingRecorder recorder;
    private final Supplier<RuleEngine.Continuous> newRules;
    private final Duration renewAfter;
    private final Duration window;
    private RuleEngine.Continuous rules;
    private Instant rulesSince;
    /** The events that went in, by id, in time order, back to the longest window (and margin) before the latest. */
    private final LinkedHashMap<Long, AuditEntry> recent = new LinkedHashMap<>();
    private final Map<String, String> userNames = new HashMap<>();
    private Instant latest = Instant.MIN;

    /**
     * Starts the rules on the stored events of the longest window before {@code from}.
     *
     * @param newRules   new rule sessions, all on the same rule set
     * @param renewAfter how much event time one set of sessions covers
     */
    ChunkedEvaluation(Detector detector, FindingRecorder recorder, Supplier<RuleEngine.Continuous> newRules,
                      Instant from, Duration renewAfter) {
        this.detector = detector;
        this.recorder = recorder;
        this.newRules = newRules;
        this.renewAfter = renewAfter;
        this.rules = newRules.get();
        this.rulesSince = from;
        this.window = rules.ruleSet().longestWindow();
        try {
            insert(detector.stored(from.minus(window), from, null));
        } catch (RuntimeException e) {
            rules.close();
            throw e;
        }
    }

    /** Puts a chunk's events through the rules (those in already, on a shared edge second, once) and records findings. */
    FindingRecorder.Outcome next(List<AuditEntry> read) {
        return insert(read);
    }

    /** After the last chunk: the stored events of the longest window after {@code to}, for bursts crossing it. */
    FindingRecorder.Outcome finish(Instant to) {
        return insert(detector.stored(to, to.plus(window), null));
    }

    private FindingRecorder.Outcome insert(List<AuditEntry> events) {
        renewWhenOld();
        List<AuditEntry> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(AuditEntry::at).thenComparingLong(AuditEntry::id));
        List<AuditEvent> facts = new ArrayList<>(ordered.size());
        for (AuditEntry entry : ordered) {
            if (recent.putIfAbsent(entry.id(), entry.withoutRaw()) == null) {
                facts.add(entry.toFact());
                if (entry.userName() != null) {
                    userNames.put(entry.userId(), entry.userName());
                }
                if (entry.at().isAfter(latest)) {
                    latest = entry.at();
                }
            }
        }
        if (facts.isEmpty()) {
            return FindingRecorder.Outcome.NONE;
        }
        List<Finding> findings = rules.next(facts);
        FindingRecorder.Outcome outcome = findings.isEmpty() ? FindingRecorder.Outcome.NONE
                : recorder.record(findings, recent, userNames::get, rules.ruleSet().version());
        forgetOld();
        return outcome;
    }

    /**
     * Replaces the rule sessions once they have covered {@link #renewAfter}, starting the new ones on the events still
     * in a window. What those find again was recorded when the old sessions found it, so it is not recorded twice.
     */
    private void renewWhenOld() {
        if (Duration.between(rulesSince, latest).compareTo(renewAfter) < 0) {
            return;
        }
        RuleEngine.Continuous renewed = newRules.get();
        try {
            renewed.next(recent.values().stream().map(AuditEntry::toFact).toList());
        } catch (RuntimeException e) {
            renewed.close();
            throw e;
        }
        rules.close();
        rules = renewed;
        rulesSince = latest;
    }

    /** Drops the events no window reaches any more: memory stays bounded by the window, not by the scan. */
    private void forgetOld() {
        Instant horizon = latest.minus(window).minus(MARGIN);
        Iterator<AuditEntry> oldestFirst = recent.values().iterator();
        while (oldestFirst.hasNext()) {
            AuditEntry entry = oldestFirst.next();
            if (!entry.at().isBefore(horizon)) {
                return;
            }
            oldestFirst.remove();
        }
    }

    @Override
    public void close() {
        rules.close();
    }
}
