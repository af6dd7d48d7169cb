-- Mail without a password through the same outbox: `send-email` (kind 'email', a general
-- message to the selection) and `notify-expiring` (kind 'expiry', a reminder about an issued
-- password, so it names that credential). Only password deliveries ('regenerate',
-- 'existing') carry a credential's password; only they are one-queued-per-employee. A
-- reminder goes once per credential. Templates get a kind: 'password' ones must use
-- {{ password }}, 'message' ones must not.

ALTER TABLE templates ADD COLUMN kind TEXT NOT NULL DEFAULT 'password'
    CHECK (kind IN ('password', 'message'));

CREATE TABLE outbox_next (
    id               INTEGER PRIMARY KEY,
    employee_id      INTEGER NOT NULL REFERENCES employees (id),
    -- The password a delivery carries, or the one a reminder is about; NULL for 'email'.
    credential_id    INTEGER REFERENCES credentials (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('regenerate', 'existing', 'email', 'expiry')),
    template         TEXT    NOT NULL,
    template_version INTEGER,
    address          TEXT,
    state            TEXT    NOT NULL CHECK (state IN
                         ('queued', 'sent', 'failed', 'cancelled', 'superseded', 'obsolete')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_reply       TEXT,
    message_id       TEXT    NOT NULL UNIQUE,
    created_at       INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at       INTEGER NOT NULL DEFAULT (unixepoch()),
    leased_by        TEXT,
    lease_until      INTEGER,
    CHECK ((kind = 'email') = (credential_id IS NULL))
) STRICT;

INSERT INTO outbox_next (id, employee_id, credential_id, kind, template, template_version,
                         address, state, attempts, last_reply, message_id, created_at,
                         updated_at, leased_by, lease_until)
SELECT id, employee_id, credential_id, kind, template, template_version, address, state,
       attempts, last_reply, message_id, created_at, updated_at, leased_by, lease_until
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;

CREATE UNIQUE INDEX outbox_one_queued ON outbox (employee_id)
    WHERE state = 'queued' AND kind IN ('regenerate', 'existing');
CREATE UNIQUE INDEX outbox_one_reminder ON outbox (credential_id) WHERE kind = 'expiry';
CREATE INDEX outbox_state ON outbox (state);
CREATE INDEX outbox_employee ON outbox (employee_id);
CREATE INDEX outbox_leased ON outbox (leased_by) WHERE leased_by IS NOT NULL;
