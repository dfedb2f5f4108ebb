-- Alerts worth reading.
-- reason: why the incident was opened, in a reviewer's words (count against limit, window, names), rebuilt as
-- it grows. alerted_at: when its last alert went out, so a growing incident alerts again at most once per
-- suppression period. suppressed_by: the declared bulk work whose time covers all of the incident's activity;
-- such an incident is recorded and shown, but not alerted and never restricted automatically.
ALTER TABLE incident ADD COLUMN reason VARCHAR(2000);
ALTER TABLE incident ADD COLUMN alerted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE incident ADD COLUMN suppressed_by BIGINT;
-- container_files: how many files the folders and rooms of a container incident hold, where DocSpace let the
-- service read them (a trashed folder only its owner can); NULL when none could be read or it counts no containers.
ALTER TABLE incident ADD COLUMN container_files INT;

-- Bulk work a reviewer declared ahead of (or during) a migration, a clean-up, a re-organisation: findings of
-- that user (NULL: everyone) between starts_at and ends_at are suppressed. Revoked declarations stay for the
-- record; nothing is ever deleted.
CREATE TABLE bulk_work (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     VARCHAR,
    starts_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    reason      VARCHAR(500) NOT NULL,
    declared_by VARCHAR NOT NULL,
    declared_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_by  VARCHAR,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT bulk_work_ordered CHECK (starts_at < ends_at)
);
CREATE INDEX bulk_work_ends ON bulk_work (ends_at, id);
ALTER TABLE incident ADD CONSTRAINT incident_suppressed_by_bulk_work FOREIGN KEY (suppressed_by) REFERENCES bulk_work (id);
