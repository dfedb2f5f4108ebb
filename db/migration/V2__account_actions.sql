-- Account actions in DocSpace (disable, re-enable). The intent is stored before DocSpace is called and
-- the outcome after, so a restart in between reconciles from the account's real status instead of
-- losing the action or sending it twice.
CREATE TABLE account_action (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id   BIGINT NOT NULL REFERENCES incident (id),
    user_id       VARCHAR NOT NULL,
    action        VARCHAR NOT NULL,   -- approve, reenable, auto_disable, auto_reenable
    target_status INT NOT NULL,       -- DocSpace EmployeeStatus wanted: 2 disabled, 1 active
    actor         VARCHAR NOT NULL,
    comment       VARCHAR,
    requested_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at   TIMESTAMP WITH TIME ZONE,
    state         VARCHAR NOT NULL,
    outcome       VARCHAR,
    pending_key   BIGINT,             -- equals incident_id while pending: one action in flight per incident
    CONSTRAINT account_action_known CHECK (action IN ('approve', 'reenable', 'auto_disable', 'auto_reenable')),
    CONSTRAINT account_action_state_known CHECK (state IN ('pending', 'done', 'failed', 'dry_run')),
    CONSTRAINT account_action_pending_key CHECK (
        (state = 'pending' AND pending_key IS NOT NULL AND pending_key = incident_id)
        OR (state <> 'pending' AND pending_key IS NULL)),
    CONSTRAINT account_action_one_pending UNIQUE (pending_key)
);
CREATE INDEX account_action_state ON account_action (state, id);
CREATE INDEX account_action_incident ON account_action (incident_id, id);

-- Who disabled the account (a reviewer, or rule:<id> for an automatic disable) and when; a reviewer's
-- confirmation of an automatic disable; the status DocSpace last reported for the account; when the
-- incident first left 'open' (activity dated before then is late evidence of it, not new activity).
ALTER TABLE incident ADD COLUMN disabled_by VARCHAR;
ALTER TABLE incident ADD COLUMN disabled_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE incident ADD COLUMN confirmed_by VARCHAR;
ALTER TABLE incident ADD COLUMN confirmed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE incident ADD COLUMN account_status INT;
ALTER TABLE incident ADD COLUMN closed_at TIMESTAMP WITH TIME ZONE;
