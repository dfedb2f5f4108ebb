-- Triage in the console. dismissal_reason: why a reviewer dismissed the incident, one of a closed set, so a rule's
-- author can count false positives per rule; NULL unless dismissed. assignee: the reviewer who took the incident;
-- NULL while nobody has.
ALTER TABLE incident ADD COLUMN dismissal_reason VARCHAR(32);
ALTER TABLE incident ADD COLUMN assignee VARCHAR(128);
ALTER TABLE incident ADD CONSTRAINT incident_dismissal_reason_known CHECK (
    dismissal_reason IS NULL OR dismissal_reason IN ('false_positive', 'expected_activity', 'handled_elsewhere'));
-- "Assigned to me", newest first, on its own index like the other filters.
CREATE INDEX incident_assignee_id ON incident (assignee, id);
-- Per-rule counts by status and dismissal reason are read from this index alone, not from the table.
CREATE INDEX incident_rule_status_reason ON incident (rule, status, dismissal_reason);
