-- The delivery life cycle of ARCHITECTURE.md: `superseded` (accepted after the employee's own
-- change or HR's cancel; its password never became active) and `obsolete` (its password was
-- replaced or expired before it could go; never retried). Each delivery also keeps the
-- address it goes to and the template version it was rendered with, so a resumed delivery is
-- the same message. SQLite cannot change a CHECK in place, so the table is rebuilt.

CREATE TABLE outbox_next (
    id               INTEGER PRIMARY KEY,
    employee_id      INTEGER NOT NULL REFERENCES employees (id),
    credential_id    INTEGER NOT NULL REFERENCES credentials (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('regenerate', 'existing')),
    template         TEXT    NOT NULL,
    -- NULL only for deliveries queued before this migration: the version then in force.
    template_version INTEGER,
    -- Where the message goes; NULL only for deliveries queued before this migration.
    address          TEXT,
    state            TEXT    NOT NULL CHECK (state IN
                         ('queued', 'sent', 'failed', 'cancelled', 'superseded', 'obsolete')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_reply       TEXT,
    -- The same for every attempt at this delivery, so a duplicate is recognisable.
    message_id       TEXT    NOT NULL UNIQUE,
    created_at       INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at       INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

INSERT INTO outbox_next (id, employee_id, credential_id, kind, template, state, attempts,
                         last_reply, message_id, created_at, updated_at)
SELECT id, employee_id, credential_id, kind, template, state, attempts, last_reply, message_id,
       created_at, updated_at
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;

-- At most one delivery waiting per employee.
CREATE UNIQUE INDEX outbox_one_queued ON outbox (employee_id) WHERE state = 'queued';
CREATE INDEX outbox_state ON outbox (state);
CREATE INDEX outbox_employee ON outbox (employee_id);
