package io.docspaceguard.incident;

/**
 * Where committed audit-trail entries are copied to, e.g. a SIEM. The database trail stays the record: an
 * export may be slow, fail or drop entries, and never affects the decision that wrote the entry.
 */
@FunctionalInterface
public interface TrailExport {
    TrailExport NONE = entry -> { };

    /** Called once per stored entry after its transaction committed; must not block on the network. */
    void export(TrailEntry entry);
}
