package io.docspaceguard.engine;

import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.Finding;
import java.util.List;

/** Audit events in, findings out, on event time. One writer: events must come in time order. */
public interface EventStream extends AutoCloseable {
    void insert(AuditEvent event);

    /** Fires the rules for everything inserted so far, then removes and returns what they found. */
    List<Finding> drainFindings();

    @Override
    void close();
}
