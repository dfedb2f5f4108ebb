package io.docspaceguard.engine;

import io.docspaceguard.facts.ActionType;
import io.docspaceguard.facts.ActiveUser;
import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.FileActivity;
import io.docspaceguard.facts.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieServices;
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
 * once per type and remembered for the session. The raw {@link AuditEvent} goes in as well when some rule
 * matches it (its lifetime is the {@code @expires} declared in classification.drl).
 *
 * <p>Rules fire before the clock moves on. Events with the same timestamp are evaluated together, which
 * is exact: nothing leaves a window until the clock advances, so no threshold crossing can be missed.
 */
public final class RuleSession implements EventStream {
    /**
     * The clock stands this far after the latest event. Drools expires an event of {@code @expires(10m)}
     * once the clock is past ts + 10m; one millisecond of lead makes that "once the clock reaches
     * ts + 10m" at the latest event's time, so an activity counts while the event time is before ts + 10m.
     */
    private static final long CLOCK_LEAD_MS = 1;

    private final KieSession session;
    private final RuleSet ruleSet;
    private final boolean insertAuditEvents;
    private final SessionPseudoClock clock;
    private final Set<String> activeUsers = new HashSet<>();
    private final Map<ActionType, List<String>> kinds = new HashMap<>();
    private boolean pending;

    RuleSession(RuleSet ruleSet) {
        KieSessionConfiguration configuration = KieServices.Factory.get().newKieSessionConfiguration();
        configuration.setOption(ClockTypeOption.PSEUDO);
        // One writer per session (see above), and queries are read, never listened to.
        configuration.setOption(ThreadSafeOption.NO);
        configuration.setOption(QueryListenerOption.LIGHTWEIGHT);
        this.ruleSet = ruleSet;
        this.session = ruleSet.kieBase().newKieSession(configuration, null);
        this.insertAuditEvents = ruleSet.matchesAuditEvents();
        this.clock = session.getSessionClock();
    }

    /**
     * Inserts one event. Events must come in time order; an event older than the session clock is
     * evaluated at the current clock time.
     */
    @Override
    public void insert(AuditEvent event) {
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
        List<String> eventKinds = kindsOf(new ActionType(event.actionId(), event.entries()));
        if (eventKinds.isEmpty()) {
            return;
        }
        // One anchor per user, inserted before the user's first activity: window rules join on it.
        if (activeUsers.add(event.userId())) {
            session.insert(new ActiveUser(event.userId()));
        }
        for (String kind : eventKinds) {
            session.insert(FileActivity.of(kind, event.id(), event.ts(), event.userId(), file));
        }
        pending = true;
    }

    /** The kinds the classification rules give an action type, asked once per type. */
    private List<String> kindsOf(ActionType type) {
        List<String> known = kinds.get(type);
        if (known != null) {
            return known;
        }
        fire();
        session.insert(type);
        session.fireAllRules();
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
        List<Finding> findings = new ArrayList<>();
        for (QueryResultsRow row : session.getQueryResults(RuleCompiler.FINDINGS_QUERY)) {
            Finding finding = (Finding) row.get("$finding");
            findings.add(finding.withWindowMillis(ruleSet.windowOf(finding.activityKind())));
            session.delete(row.getFactHandle("$finding"));
        }
        return findings;
    }

    /** The facts of one type in the session now; for rule tests. */
    <T> List<T> facts(Class<T> type) {
        fire();
        return session.getObjects(type::isInstance).stream().map(type::cast).toList();
    }

    private void fire() {
        if (pending) {
            session.fireAllRules();
            pending = false;
        }
    }

    @Override
    public void close() {
        session.dispose();
    }
}
