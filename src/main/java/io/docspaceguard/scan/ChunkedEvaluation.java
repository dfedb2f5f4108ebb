package io.docspaceguard.scan;

import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleSet;
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
import java.util.function.Function;
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
 * <p>The rule sessions are renewed, started on the events still in a window, when the rules are reloaded (the new
 * rules apply from the next batch on) and every {@link #RENEW_AFTER} of event time: a session keeps some state for
 * every account it has seen, and a 180-day backfill of a large portal would otherwise see them all. Events go into the
 * rules {@link #BATCH} at a time, each batch under the rules' time budget, the stored windows before and after too.
 */
final class ChunkedEvaluation implements AutoCloseable {
    /** Events are kept a little past the longest window: a chunk's edge second comes again in the next chunk. */
    private static final Duration MARGIN = Duration.ofMinutes(1);

    /** How much event time one set of rule sessions covers before it is renewed. */
    static final Duration RENEW_AFTER = Duration.ofDays(1);

    /** Events that go into the rules at once: each call has the whole time budget. */
    static final int BATCH = SliceReader.BATCH_EVENTS;

    private final Detector detector;
    private final FindingRecorder recorder;
    private final Supplier<RuleSet> activeRules;
    private final Function<RuleSet, RuleEngine.Continuous> newRules;
    private final Duration renewAfter;
    private Duration window;
    private RuleEngine.Continuous rules;
    private Instant rulesSince;
    /** The events that went in, by id, in time order, back to the longest window (and margin) before the latest. */
    private final LinkedHashMap<Long, AuditEntry> recent = new LinkedHashMap<>();
    private final Map<String, String> userNames = new HashMap<>();
    private Instant latest = Instant.MIN;

    /**
     * Starts the rules on the stored events of the longest window before {@code from}.
     *
     * @param activeRules the rule set in force, asked before every batch
     * @param newRules    new rule sessions on a rule set
     * @param renewAfter  how much event time one set of sessions covers
     */
    ChunkedEvaluation(Detector detector, FindingRecorder recorder, Supplier<RuleSet> activeRules,
                      Function<RuleSet, RuleEngine.Continuous> newRules, Instant from, Duration renewAfter) {
        this.detector = detector;
        this.recorder = recorder;
        this.activeRules = activeRules;
        this.newRules = newRules;
        this.renewAfter = renewAfter;
        this.rules = newRules.apply(activeRules.get());
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
        List<AuditEntry> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(AuditEntry::at).thenComparingLong(AuditEntry::id));
        FindingRecorder.Outcome outcome = FindingRecorder.Outcome.NONE;
        for (int start = 0; start < ordered.size(); start += BATCH) {
            outcome = outcome.plus(insertOrdered(ordered.subList(start, Math.min(ordered.size(), start + BATCH))));
        }
        return outcome;
    }

    private FindingRecorder.Outcome insertOrdered(List<AuditEntry> ordered) {
        renewWhenDue();
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
     * Replaces the rule sessions after a reload, or once they have covered {@link #renewAfter}, starting the new ones on
     * the events still in a window. What those find there again was recorded when the old sessions found it, so it is
     * not recorded twice.
     */
    private void renewWhenDue() {
        RuleSet active = activeRules.get();
        if (active == rules.ruleSet() && Duration.between(rulesSince, latest).compareTo(renewAfter) < 0) {
            return;
        }
        RuleEngine.Continuous renewed = newRules.apply(active);
        try {
            renewed.next(recent.values().stream().map(AuditEntry::toFact).toList());
        } catch (RuntimeException e) {
            renewed.close();
            throw e;
        }
        rules.close();
        rules = renewed;
        rulesSince = latest;
        // Reloaded rules with a longer window need the events that far back from now on.
        if (active.longestWindow().compareTo(window) > 0) {
            window = active.longestWindow();
        }
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
