-- Activity DocSpace pushed through its webhook, one row per delivery. The primary key is the delivery's own
-- event id, which DocSpace repeats on every retry: that is what makes a replayed delivery change nothing.
-- The columns mirror audit_event so the rules read a pushed row as an audit event (its id negated, so it
-- never collides with an audit id). Rows are evidence only until the audit poll brings the same actions;
-- they are pruned once older than the longest rule window.
CREATE TABLE pushed_event (
    delivery_id  BIGINT PRIMARY KEY,
    trigger_name VARCHAR NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    user_id      VARCHAR NOT NULL,
    action_id    INT NOT NULL,       -- the MessageAction the trigger stands for, e.g. 5002 for file.updated
    action       VARCHAR,
    entries      VARCHAR NOT NULL,   -- as in audit_event: '1' file, '2' folder
    target       TEXT NOT NULL,      -- as in audit_event: a JSON array with the item id
    raw          TEXT NOT NULL,      -- the delivery's body exactly as received
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    evaluated_at TIMESTAMP WITH TIME ZONE  -- NULL until the rules ran over it: a retry of a failed one runs them again
);
CREATE INDEX pushed_event_user_time ON pushed_event (user_id, occurred_at);
CREATE INDEX pushed_event_time ON pushed_event (occurred_at);
CREATE INDEX pushed_event_received ON pushed_event (received_at);
