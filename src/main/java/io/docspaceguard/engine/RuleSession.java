package io.docspaceguard.engine;

import io.docspaceguard.facts.ActiveUser;
import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.QueryResultsRow;
import org.kie.api.time.SessionPseudoClock;

/**
 * One stream of audit events through a rule set, on event time: the session's pseudo clock is moved to
 * each event's timestamp before the event is inserted, so windows slide on when things happened, not on
 * when they arrived. Not thread-safe: one writer per session.
 *
 * <p>Rules fire before the clock moves on. Events with the same timestamp are evaluated together, which
 * is exact: nothing leaves a window until the clock advances, so no threshold crossing can be missed.
 */
public final class RuleSession implements AutoCloseable {
    private final KieSession session;
    private final SessionPseudoClock clock;
    private final Set<String> activeUsers = new HashSet<>();
    private boolean pending;

    RuleSession(RuleSet ruleSet) {
        KieSessionConfiguration configuration = KieServices.Factory.get().newKieSessionConfiguration();
        configuration.setOption(ClockTypeOption.PSEUDO);
        this.session = ruleSet.kieBase().newKieSession(configuration, null);
        this.clock = session.getSessionClock();
    }

    /**
     * Inserts one event. Events must come in time order; an event older than the session clock is
     * evaluated at the current clock time.
     */
    public void insert(AuditEvent event) {
        long now = clock.getCurrentTime();
        if (event.ts() > now) {
            fire();
            clock.advanceTime(event.ts() - now, TimeUnit.MILLISECONDS);
        }
        // One anchor per user, inserted before the user's first event: window rules join on it.
        if (event.userId() != null && activeUsers.add(event.userId())) {
            session.insert(new ActiveUser(event.userId()));
        }
        session.insert(event);
        pending = true;
    }

    /** Fires the rules for everything inserted so far, then removes and returns what they found. */
    public List<Finding> drainFindings() {
        fire();
        List<Finding> findings = new ArrayList<>();
        for (QueryResultsRow row : session.getQueryResults(RuleCompiler.FINDINGS_QUERY)) {
            findings.add((Finding) row.get("$finding"));
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
