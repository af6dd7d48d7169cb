-- Deliveries of passwords: one row per message to send, kept after it is sent.

CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    employee_id   INTEGER NOT NULL REFERENCES employees (id),
    credential_id INTEGER NOT NULL REFERENCES credentials (id),
    kind          TEXT    NOT NULL CHECK (kind IN ('regenerate', 'existing')),
    template      TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'cancelled')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_reply    TEXT,
    -- The same for every attempt at this delivery, so a duplicate is recognisable.
    message_id    TEXT    NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at    INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

-- At most one delivery waiting per employee.
CREATE UNIQUE INDEX outbox_one_queued ON outbox (employee_id) WHERE state = 'queued';
CREATE INDEX outbox_state ON outbox (state);
