-- What the console counts, kept as counts: the status tabs, each rule's incidents by status and dismissal reason,
-- and each user's incidents by name and status. Reading them costs a few (thousand) rows whatever the number of
-- incidents; counting the incident table cost a pass over all of it (140-290 ms at 100,000 incidents). IncidentDao
-- changes them in the same transaction as every incident it stores and every status it moves, and only there: an
-- incident's user, name, rule and severity never change, and its status and dismissal reason change only through it.
-- (The API benchmark loads its incidents with COPY and then counts them as below.)

-- Incidents per rule, severity, status and dismissal reason ('' when there is none: a key column cannot be NULL).
CREATE TABLE incident_count (
    rule             VARCHAR NOT NULL,
    severity         VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
    dismissal_reason VARCHAR(32) NOT NULL,
    n                INT NOT NULL,
    CONSTRAINT incident_count_key PRIMARY KEY (rule, severity, status, dismissal_reason)
);

-- Incidents per user and name, a column per status: a name search matches these few thousand names instead of every
-- incident's. The name is not part of a key, as a name can be longer than PostgreSQL indexes (about 2,700 bytes): a
-- writer adds to the first row of its user and name, or inserts one. Two writers inserting the same at once leave
-- two rows; the counts are their sums, so they stay right.
CREATE TABLE incident_user_count (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     VARCHAR NOT NULL,
    user_name   VARCHAR,
    n_open      INT NOT NULL,
    n_disabled  INT NOT NULL,
    n_dismissed INT NOT NULL,
    n_reenabled INT NOT NULL
);
CREATE INDEX incident_user_count_user ON incident_user_count (user_id, id);

INSERT INTO incident_count (rule, severity, status, dismissal_reason, n)
SELECT rule, severity, status, COALESCE(dismissal_reason, ''), count(*)
FROM incident GROUP BY rule, severity, status, COALESCE(dismissal_reason, '');

INSERT INTO incident_user_count (user_id, user_name, n_open, n_disabled, n_dismissed, n_reenabled)
SELECT user_id, user_name, sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END),
       sum(CASE WHEN status = 'disabled' THEN 1 ELSE 0 END), sum(CASE WHEN status = 'dismissed' THEN 1 ELSE 0 END),
       sum(CASE WHEN status = 'reenabled' THEN 1 ELSE 0 END)
FROM incident GROUP BY user_id, user_name;

-- Per-rule counts were read from this index alone; incident_count holds them now.
DROP INDEX incident_rule_status_reason;

-- The console lists a status tab's incidents of the users a name search found: this reads just those, where walking
-- the newest incidents would read them all to find the few open ones of a user with thousands dismissed.
CREATE INDEX incident_user_status_id ON incident (user_id, status, id);
