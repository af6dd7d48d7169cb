-- `operator masquerade CODE --reason TEXT`: an hr-admin's read-only look at an employee's
-- portal account. The one-time URL carries 32 random bytes; only their BLAKE2b-256 hash is
-- kept. It opens once, within `open_by`, into a portal session marked with this row, which
-- changes nothing and lasts at most 15 minutes. The row stays as the record of who looked,
-- when and why.
CREATE TABLE masquerades (
    id          INTEGER PRIMARY KEY,
    token_hash  BLOB    NOT NULL UNIQUE,
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    operator    TEXT    NOT NULL,
    reason      TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_at  INTEGER NOT NULL,
    open_by     INTEGER NOT NULL,
    opened_at   INTEGER,
    -- Where it was opened from (the client address, as the portal judged it).
    opened_from TEXT
) STRICT;

-- A portal session opened by a masquerade link: read only, with the banner naming who.
ALTER TABLE portal_sessions ADD COLUMN masquerade_id INTEGER REFERENCES masquerades (id);
