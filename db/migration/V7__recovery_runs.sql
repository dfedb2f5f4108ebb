-- Recovery runs: the journal of undoing an incident's changes to files. Each file is a step whose intent is
-- stored before its DocSpace write and whose outcome after it, so a crash or restart resumes where it stopped,
-- never writes a file twice and never loses a result.
CREATE TABLE recovery_run (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id         BIGINT NOT NULL REFERENCES incident (id),
    status              VARCHAR NOT NULL,
    requested_by        VARCHAR NOT NULL,
    comment             VARCHAR(2000) NOT NULL,
    dry_run             BOOLEAN NOT NULL,
    owner               VARCHAR NOT NULL,   -- the instance running it; another takes it over only when it is gone
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at         TIMESTAMP WITH TIME ZONE,
    cancel_requested_by VARCHAR,
    CONSTRAINT recovery_run_status_known CHECK (status IN ('running', 'done', 'cancelled'))
);
CREATE INDEX recovery_run_incident ON recovery_run (incident_id, id);

-- state: pending (not started), writing (intent stored, DocSpace may have been asked), done, failed, skipped.
-- base_version: the file's version when the step was planned; a restore that happened shows as a newer one.
CREATE TABLE recovery_step (
    run_id          BIGINT NOT NULL REFERENCES recovery_run (id),
    file_id         VARCHAR NOT NULL,
    title           VARCHAR,
    restore_version INT,
    rename_to       VARCHAR,
    base_version    INT,
    state           VARCHAR NOT NULL,
    outcome         VARCHAR(2000),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, file_id),
    CONSTRAINT recovery_step_state_known CHECK (state IN ('pending', 'writing', 'done', 'failed', 'skipped'))
);
CREATE INDEX recovery_step_updated ON recovery_step (state, updated_at);
