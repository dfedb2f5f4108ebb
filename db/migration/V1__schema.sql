-- docspace-guard schema. Runs unchanged on PostgreSQL 15 and on H2 in MODE=PostgreSQL, so it keeps to
-- the SQL both accept: identity columns, TIMESTAMP WITH TIME ZONE, no partial indexes, no generated columns.
-- TEXT is used only for unindexed payloads (H2 stores it as a CLOB); everything compared or indexed is VARCHAR.

-- Audit events as DocSpace delivered them. The primary key is DocSpace's own event id, which is what
-- makes overlapping polls, retries and backfills idempotent.
CREATE TABLE audit_event (
    id          BIGINT PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    user_id     VARCHAR NOT NULL,
    user_name   VARCHAR,
    action_id   INT NOT NULL,
    action      VARCHAR,
    entries     VARCHAR NOT NULL,  -- entry types, comma-separated: '1,2'; '' for none
    target      TEXT NOT NULL,     -- target ids as a JSON array of strings
    raw         TEXT NOT NULL,     -- the event's JSON exactly as received
    stored_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
CREATE INDEX audit_event_time ON audit_event (occurred_at, id);
CREATE INDEX audit_event_user_time ON audit_event (user_id, occurred_at);

-- Events that failed validation are kept with the reason instead of being dropped.
CREATE TABLE rejected_event (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    reason      VARCHAR NOT NULL,
    raw         TEXT
);

-- open_key is user_id/rule while the incident is open and NULL otherwise. Its UNIQUE constraint is the
-- "at most one open incident per (user, rule)" guarantee; a partial unique index would say it more
-- directly but H2 has none. The CHECK keeps open_key from drifting away from status (IS NOT NULL is
-- spelled out because a CHECK that evaluates to NULL passes).
CREATE TABLE incident (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        VARCHAR NOT NULL,
    user_name      VARCHAR,
    rule           VARCHAR NOT NULL,
    severity       VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    file_count     INT NOT NULL,
    first_event_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_event_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    rules_version  VARCHAR NOT NULL,
    auto_disable   BOOLEAN NOT NULL,
    open_key       VARCHAR,
    CONSTRAINT incident_status_known CHECK (status IN ('open', 'disabled', 'dismissed', 'reenabled')),
    CONSTRAINT incident_open_key_follows_status CHECK (
        (status = 'open' AND open_key IS NOT NULL AND open_key = user_id || '/' || rule) OR (status <> 'open' AND open_key IS NULL)),
    CONSTRAINT incident_one_open_per_user_rule UNIQUE (open_key)
);
-- Lists are newest first by id (the primary key serves the unfiltered case); filters keep that order.
CREATE INDEX incident_status_id ON incident (status, id);
CREATE INDEX incident_user_id ON incident (user_id, id);
CREATE INDEX incident_rule_id ON incident (rule, id);

CREATE TABLE incident_file (
    incident_id BIGINT NOT NULL REFERENCES incident (id),
    file_id     VARCHAR NOT NULL,
    PRIMARY KEY (incident_id, file_id)
);

-- No foreign key to audit_event: a finding may name events that were replayed and never stored.
CREATE TABLE incident_event (
    incident_id BIGINT NOT NULL REFERENCES incident (id),
    event_id    BIGINT NOT NULL,
    PRIMARY KEY (incident_id, event_id)
);
-- "Were these events already handled by an earlier incident?" looks up by event.
CREATE INDEX incident_event_event ON incident_event (event_id);

-- Who did what, when, why, under which rule version. Append-only: the code never updates or deletes it.
CREATE TABLE audit_trail (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    actor         VARCHAR NOT NULL,
    action        VARCHAR NOT NULL,
    incident_id   BIGINT REFERENCES incident (id),
    user_id       VARCHAR,
    comment       VARCHAR,
    outcome       VARCHAR,
    rules_version VARCHAR
);
CREATE INDEX audit_trail_incident ON audit_trail (incident_id, id);
CREATE INDEX audit_trail_user ON audit_trail (user_id, id);
CREATE INDEX audit_trail_at ON audit_trail (at);

CREATE TABLE scan_run (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at        TIMESTAMP WITH TIME ZONE,
    trigger_kind       VARCHAR NOT NULL,
    window_from        TIMESTAMP WITH TIME ZONE NOT NULL,
    window_to          TIMESTAMP WITH TIME ZONE NOT NULL,
    events_read        INT DEFAULT 0 NOT NULL,
    events_new         INT DEFAULT 0 NOT NULL,
    events_rejected    INT DEFAULT 0 NOT NULL,
    incidents_opened   INT DEFAULT 0 NOT NULL,
    incidents_extended INT DEFAULT 0 NOT NULL,
    status             VARCHAR NOT NULL,
    message            VARCHAR,
    CONSTRAINT scan_run_trigger_known CHECK (trigger_kind IN ('schedule', 'api', 'cli')),
    CONSTRAINT scan_run_status_known CHECK (status IN ('running', 'ok', 'degraded', 'failed'))
);

-- Polling checkpoints by name: the end of the last window read completely.
CREATE TABLE checkpoint (
    name VARCHAR PRIMARY KEY,
    at   TIMESTAMP WITH TIME ZONE NOT NULL
);
