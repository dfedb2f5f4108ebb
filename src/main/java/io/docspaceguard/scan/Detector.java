package io.docspaceguard.scan;

import io.docspaceguard.alert.Alerts;
import io.docspaceguard.docspace.AuditEntry;
import io.docspaceguard.docspace.WebhookTriggers;
import io.docspaceguard.engine.RuleEngine;
import io.docspaceguard.engine.RuleSet;
import io.docspaceguard.facts.Finding;
import io.docspaceguard.incident.AutoDisablePolicy;
import io.docspaceguard.incident.IncidentService;
import io.docspaceguard.incident.RecordOutcome;
import io.docspaceguard.store.AuditEventDao;
import io.docspaceguard.store.PushedEventDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs the rules over newly stored events together with the stored events around them, and turns the
 * findings into incidents with their reason and container sizes; {@link AlertPolicy} decides what follows.
 * The events around are the audit rows and the activity DocSpace pushed that no audit row reports yet
 * ({@link PushedEvidence}), whether the new events were polled or pushed. A long window is judged with the rules'
 * state carried from batch to batch instead ({@link ChunkedEvaluation}); both record through {@link FindingRecorder}.
 */
public final class Detector {
    /** DocSpace's pseudo-accounts (system, anonymous, lost user, no user): there is no account to disable. */
    public static final Set<String> PSEUDO_ACCOUNTS = Set.of(
            "a37ee56e-3302-4a7b-b67e-ddbea64cd032",
            "712d9ec3-5d2b-4b13-824f-71f00191dcca",
            "4a515a15-d4d6-4b8e-828e-e0586f18f3a3",
            "00000000-0000-0000-0000-000000000000");

    /** Folders and rooms holding at least this many files in all raise a container finding's severity one level. */
    public static final int LARGE_CONTAINERS = 100;

    private final Jdbi jdbi;
    private final RuleEngine engine;
    private final FindingRecorder recorder;

    /**
     * @param alertSuppression how long an open incident that keeps growing stays quiet after an alert about it
     * @param containerSizes   looks up what the folders and rooms of container findings hold
     * @param serviceAccount   whether a user id is the service's own account, whose recovery writes are no suspect
     * @param latency          where the time from crossing a limit to an opened incident is recorded
     */
    public Detector(Jdbi jdbi, RuleEngine engine, IncidentService incidents, AutoDisablePolicy autoDisable,
                    Alerts alerts, Duration alertSuppression, ContainerSizes containerSizes,
                    Predicate<String> serviceAccount, DetectionLatency latency, Clock clock) {
        this.jdbi = jdbi;
        this.engine = engine;
        this.recorder = new FindingRecorder(incidents,
                new AlertPolicy(incidents, autoDisable, alerts, alertSuppression, clock), containerSizes,
                serviceAccount, latency);
    }

    /**
     * Evaluates {@code fresh} with the stored events within the longest rule window on both sides, so a late
     * event joins the burst it belongs to and a window spanning two scans is whole. The context, the findings
     * and the version stamped on incidents all come from one rule set, even if a reload happens meanwhile.
     */
    FindingRecorder.Outcome evaluateAround(List<AuditEntry> fresh) {
        return evaluate(fresh);
    }

    /**
     * Whether a window is longer than the longest rule window: then carrying the rules' state through it
     * ({@link #chunked}) costs less than judging each batch with the stored window around it.
     */
    boolean worthCarrying(Instant from, Instant to) {
        return Duration.between(from, to).compareTo(engine.active().longestWindow()) > 0;
    }

    /**
     * An evaluation of a scan's chunks in order with the rules' state carried over ({@link ChunkedEvaluation}),
     * started on the stored events before {@code from}; the caller closes it.
     */
    ChunkedEvaluation chunked(Instant from) {
        return chunked(from, ChunkedEvaluation.RENEW_AFTER);
    }

    /** As {@link #chunked(Instant)}, the rule sessions renewed every {@code renewAfter} of event time. */
    ChunkedEvaluation chunked(Instant from, Duration renewAfter) {
        return new ChunkedEvaluation(this, recorder, engine::active, engine::continuous, from, renewAfter);
    }

    /** As {@link #evaluateAround} for one activity DocSpace pushed. */
    FindingRecorder.Outcome evaluatePushed(AuditEntry pushed) {
        return evaluate(List.of(pushed));
    }

    private FindingRecorder.Outcome evaluate(List<AuditEntry> fresh) {
        RuleSet ruleSet = engine.active();
        List<AuditEntry> around = context(fresh, ruleSet);
        Map<String, String> userNames = new HashMap<>();
        Map<Long, AuditEntry> byId = new HashMap<>();
        around.forEach(e -> {
            byId.put(e.id(), e);
            if (e.userName() != null) {
                userNames.put(e.userId(), e.userName());
            }
        });
        List<Finding> findings = engine.run(ruleSet, around.stream().map(AuditEntry::toFact).toList()).findings();
        return recorder.record(findings, byId, userNames::get, ruleSet.version());
    }

    /**
     * The stored events the rules need to judge {@code fresh}: those within the longest window on both sides, and
     * the pushed activities in that span that no audit row reports yet (an action seen both ways counts once, as its
     * audit row; audit rows a little outside the span are read too, since they may report a pushed activity in it).
     * When no rule mixes users, only the users of the fresh events can have new findings, so only their events are
     * kept: a busy portal's other users would multiply the work of every scan without changing its outcome.
     */
    private List<AuditEntry> context(List<AuditEntry> fresh, RuleSet ruleSet) {
        Instant first = fresh.stream().map(AuditEntry::at).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = fresh.stream().map(AuditEntry::at).max(Comparator.naturalOrder()).orElseThrow();
        Duration window = ruleSet.longestWindow();
        Set<String> users = new HashSet<>();
        fresh.forEach(e -> users.add(e.userId()));
        return stored(first.minus(window), last.plus(window), ruleSet.crossUserRules().isEmpty() ? users : null);
    }

    /**
     * The stored events with {@code from <= time <= to}, of {@code users} (every user when null), without their raw
     * JSON: the audit rows and the pushed activities no audit row reports yet. Audit rows a little outside the span
     * are read too, since they may report a pushed activity in it.
     */
    List<AuditEntry> stored(Instant from, Instant to, Set<String> users) {
        Instant auditFrom = from.minus(WebhookTriggers.TOLERANCE);
        Instant auditTo = to.plus(WebhookTriggers.TOLERANCE);
        AuditEventDao auditEvents = jdbi.onDemand(AuditEventDao.class);
        List<AuditEntry> audit = users == null ? auditEvents.betweenWithoutRaw(auditFrom, auditTo)
                // One user (a push, a quiet scan) is an index walk; many are one range read filtered in Java.
                : users.size() == 1 ? auditEvents.ofUserBetween(users.iterator().next(), auditFrom, auditTo)
                : auditEvents.betweenFor(auditFrom, auditTo, users);
        List<AuditEntry> pushed = jdbi.onDemand(PushedEventDao.class).between(from, to).stream()
                .filter(e -> users == null || users.contains(e.userId())).toList();
        List<AuditEntry> around = new ArrayList<>(audit.size() + pushed.size());
        for (AuditEntry entry : audit) {
            if (!entry.at().isBefore(from) && !entry.at().isAfter(to)) {
                around.add(entry);
            }
        }
        around.addAll(PushedEvidence.uncovered(pushed, audit));
        return around;
    }
}
