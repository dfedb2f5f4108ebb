package io.docspaceguard.engine;

import io.docspaceguard.facts.ActionType;
import io.docspaceguard.facts.ActiveUser;
import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.FileActivity;
import io.docspaceguard.facts.Finding;
import io.docspaceguard.facts.SuspiciousName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieServices;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.conf.QueryListenerOption;
import org.kie.api.runtime.conf.ThreadSafeOption;
import org.kie.api.runtime.rule.QueryResultsRow;
import org.kie.api.time.SessionPseudoClock;

/**
 * One stream of audit events through a rule set, on event time: the session's pseudo clock is moved to
 * each event's timestamp before the event goes in, so windows slide on when things happened, not on
 * when they arrived. Not thread-safe: one writer per session.
 *
 * <p>An audit event enters the session as the file activities the classification rules give its action
 * type. The rules see only the {@link ActionType} (action id and entry types), so their answer is asked
 * once per type and remembered for the session. A change whose file name is on a name list in the rules
 * folder also goes in as a {@link SuspiciousName}, and the raw {@link AuditEvent} goes in as well when some
 * rule matches it (their lifetimes are the windows and {@code @expires} the rules declare).
 *
 * <p>Rules fire before the clock moves on. Events with the same timestamp are evaluated together, which
 * is exact: nothing leaves a window until the clock advances, so no threshold crossing can be missed.
 *
 * <p>Every session works under a {@link RuleBudget}: rule firings are counted (per rule, to name the one to
 * blame) and capped, and the time is checked between events and between firings. Going over either stops
 * the session with a {@link RuleBudgetExceededException}.
 */
public final class RuleSession implements EventStream {
    /**
     * The clock stands this far after the latest event. Drools lets an event leave a window of 10m once the
     * clock is past ts + 10m; one millisecond of lead makes that "once the clock reaches ts + 10m" at the
     * latest event's time, so an activity counts while the event time is before ts + 10m.
     */
    private static final long CLOCK_LEAD_MS = 1;

    private final KieSession session;
    private final RuleSet ruleSet;
    private final boolean insertAuditEvents;
    private final boolean insertSuspiciousNames;
    private final SessionPseudoClock clock;
    private final Set<String> activeUsers = new HashSet<>();
    private final Map<ActionType, List<String>> kinds = new HashMap<>();
    private final Map<ActionType, List<String>> countedKinds = new HashMap<>();
    private final RuleBudget budget;
    private final Deadline deadline;
    private final FiringMeter meter = new FiringMeter();
    private final FindingMerger.Folder found = new FindingMerger.Folder();
    /** Whether the rules inserted a finding since the last collection: the query runs only then. */
    private boolean findingsInserted;
    private long events;
    private boolean pending;

    /** @param deadline by when the session must be done with what it was given */
    RuleSession(RuleSet ruleSet, RuleBudget budget, Deadline deadline) {
        KieSessionConfiguration configuration = KieServices.Factory.get().newKieSessionConfiguration();
        configuration.setOption(ClockTypeOption.PSEUDO);
        // One writer per session (see above), and queries are read, never listened to.
        configuration.setOption(ThreadSafeOption.NO);
        configuration.setOption(QueryListenerOption.LIGHTWEIGHT);
        this.ruleSet = ruleSet;
        this.session = ruleSet.kieBase().newKieSession(configuration, null);
        this.insertAuditEvents = ruleSet.matchesAuditEvents();
        this.insertSuspiciousNames = ruleSet.matchesSuspiciousNames();
        this.clock = session.getSessionClock();
        this.budget = budget;
        this.deadline = deadline;
        session.addEventListener(meter);
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                findingsInserted |= event.getObject() instanceof Finding;
            }
        });
    }

    /**
     * Inserts one event. Events must come in time order; an event older than the session clock is
     * evaluated at the current clock time.
     */
    @Override
    public void insert(AuditEvent event) {
        events++;
        checkTime();
        long now = clock.getCurrentTime();
        if (event.ts() + CLOCK_LEAD_MS > now) {
            fire();
            clock.advanceTime(event.ts() + CLOCK_LEAD_MS - now, TimeUnit.MILLISECONDS);
        }
        if (insertAuditEvents) {
            session.insert(event);
            pending = true;
        }
        String file = event.firstTarget();
        if (file == null || event.userId() == null) {
            return; // no file or no account to count it for
        }
        List<String> eventKinds = countedKindsOf(new ActionType(event.actionId(), event.entries()));
        if (eventKinds.isEmpty()) {
            return;
        }
        // One anchor per user, inserted before the user's first activity: window rules join on it.
        if (activeUsers.add(event.userId())) {
            session.insert(new ActiveUser(event.userId()));
        }
        for (String kind : eventKinds) {
            session.insert(FileActivity.of(kind, event.id(), event.ts(), event.userId(), file));
            if (insertSuspiciousNames && kind.equals(FileActivity.CHANGE)) {
                // A file arriving under a listed name: uploads, renames, copies and creations are all changes.
                for (NameLists.Match match : ruleSet.nameLists().matches(event.action())) {
                    session.insert(new SuspiciousName(event.id(), event.ts(), event.userId(), file, match.list(),
                            match.match()));
                }
            }
        }
        pending = true;
    }

    /** The kinds the classification rules give the event's action type; for rule tests. */
    List<String> classify(AuditEvent event) {
        return kindsOf(new ActionType(event.actionId(), event.entries()));
    }

    /**
     * The kinds of an action type that some rule counts. Kinds no rule matches are not inserted: nothing would
     * ever take them out of the session again.
     */
    private List<String> countedKindsOf(ActionType type) {
        List<String> known = countedKinds.get(type);
        if (known == null) {
            known = kindsOf(type).stream().filter(kind -> ruleSet.outline().matches(FileActivity.TYPES.get(kind)))
                    .toList();
            countedKinds.put(type, known);
        }
        return known;
    }

    /** The kinds the classification rules give an action type, asked once per type. */
    private List<String> kindsOf(ActionType type) {
        List<String> known = kinds.get(type);
        if (known != null) {
            return known;
        }
        fire();
        session.insert(type);
        pending = true;
        fire();
        List<String> answer = new ArrayList<>();
        for (QueryResultsRow row : session.getQueryResults(RuleCompiler.KINDS_QUERY, type)) {
            String kind = (String) row.get("$kind");
            if (!FileActivity.KINDS.contains(kind)) {
                throw new IllegalStateException("classification gave " + type + " the unknown kind '" + kind
                        + "'; known kinds: " + FileActivity.KINDS);
            }
            answer.add(kind);
        }
        kinds.put(type, List.copyOf(answer));
        return kinds.get(type);
    }

    @Override
    public List<Finding> drainFindings() {
        fire();
        collectFindings();
        return found.drain();
    }

    /** How many findings the session holds, not yet collected; for tests. */
    int findingsInSession() {
        return session.getQueryResults(RuleCompiler.FINDINGS_QUERY).size();
    }

    /**
     * Takes what the rules found out of the session as soon as they have fired, folded into episodes: while a burst
     * stays over its limit every event fires its rule again with the whole window, and keeping each of those findings
     * until the batch ends took memory that grew with the square of the burst (5,000 files overran a 272 MB heap).
     */
    private void collectFindings() {
        if (!findingsInserted) {
            return;
        }
        findingsInserted = false;
        for (QueryResultsRow row : session.getQueryResults(RuleCompiler.FINDINGS_QUERY)) {
            Finding finding = (Finding) row.get("$finding");
            session.delete(row.getFactHandle("$finding"));
            if (!ruleSet.allows(finding.rule(), finding.userId())) {
                found.add(finding.withWindowMillis(ruleSet.windowOf(finding.rule())));
            }
        }
    }

    private void fire() {
        if (pending) {
            long allowed = budget.firingsFor(events) - meter.total;
            session.fireAllRules((int) Math.min(Integer.MAX_VALUE, Math.max(allowed, 0)));
            pending = false;
            if (meter.total >= budget.firingsFor(events)) {
                throw new RuleBudgetExceededException(meter.busiest(), "rule '" + meter.busiest() + "' fired "
                        + meter.firingsOf(meter.busiest()) + " times over " + events + " events; the budget is "
                        + budget.firingsFor(events) + " firings in all (" + budget.baseFirings() + " + "
                        + budget.firingsPerEvent() + " per event): it looks like a rule that keeps firing itself");
            }
            checkTime();
            collectFindings();
        }
    }

    private void checkTime() {
        if (deadline.passed()) {
            String rule = meter.busiest();
            throw new RuleBudgetExceededException(rule, "the rules ran longer than their time budget of "
                    + budget.time().toSeconds() + " s over " + events + " events"
                    + (rule == null ? "" : "; the busiest rule was '" + rule + "' with " + meter.firingsOf(rule)
                    + " firings"));
        }
    }

    /** Counts firings per rule, and halts a firing spree that runs past the deadline. */
    private final class FiringMeter extends DefaultAgendaEventListener {
        /** How often the clock is read while rules fire: reading it per firing would cost more than the rules. */
        private static final int TIME_CHECK_EVERY = 1024;
        private final Map<String, int[]> perRule = new HashMap<>();
        private long total;

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            perRule.computeIfAbsent(event.getMatch().getRule().getName(), name -> new int[1])[0]++;
            if (++total % TIME_CHECK_EVERY == 0 && deadline.passed()) {
                session.halt();
            }
        }

        String busiest() {
            return perRule.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a[0], b[0])))
                    .map(Map.Entry::getKey).orElse(null);
        }

        int firingsOf(String rule) {
            int[] count = perRule.get(rule);
            return count == null ? 0 : count[0];
        }
    }

    @Override
    public void close() {
        session.dispose();
    }
}
