package io.docspaceguard.engine;

import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.QueryResults;
import org.kie.api.runtime.rule.QueryResultsRow;
import org.kie.api.time.SessionPseudoClock;

/**
 * One stream of audit events through a rule set, on event time: the session's pseudo clock is moved to
 * each event's timestamp before the event is inserted, so windows slide on when things happened, not on
 * when they arrived. Not thread-safe: one writer per session.
 */
public final class RuleSession implements AutoCloseable {
    private final KieSession session;
    private final SessionPseudoClock clock;

    RuleSession(RuleSet ruleSet) {
        KieSessionConfiguration configuration = KieServices.Factory.get().newKieSessionConfiguration();
        configuration.setOption(ClockTypeOption.PSEUDO);
        this.session = ruleSet.kieBase().newKieSession(configuration, null);
        this.clock = session.getSessionClock();
    }

    /**
     * Inserts one event and fires the rules it triggers. Events must come in time order; an event older
     * than the session clock is evaluated at the current clock time.
     */
    public void insert(AuditEvent event) {
        long now = clock.getCurrentTime();
        if (event.ts() > now) {
            clock.advanceTime(event.ts() - now, TimeUnit.MILLISECONDS);
        }
        session.insert(event);
        session.fireAllRules();
    }

    /** Removes and returns the findings the rules inserted since the last call. */
    public List<Finding> drainFindings() {
        List<Finding> findings = new ArrayList<>();
        QueryResults results = session.getQueryResults(RuleCompiler.FINDINGS_QUERY);
        for (QueryResultsRow row : results) {
            findings.add((Finding) row.get("$finding"));
            session.delete(row.getFactHandle("$finding"));
        }
        return findings;
    }

    public long factCount() {
        return session.getFactCount();
    }

    @Override
    public void close() {
        session.dispose();
    }
}
