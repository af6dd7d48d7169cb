-- `hrpass serve`: the employees' signed-in sessions, and the sign-in attempts counted per
-- client address.

-- One row per session. The cookie carries 32 random bytes; only their BLAKE2b-256 hash is
-- kept, so a copy of the store signs nobody in. A session moves through its stages by being
-- replaced (a new token and a new row at every sign-in step and factor change); ended rows
-- stay as the employee's sign-in history (the account page) until pruned.
CREATE TABLE portal_sessions (
    id            INTEGER PRIMARY KEY,
    token_hash    BLOB    NOT NULL UNIQUE,
    employee_id   INTEGER NOT NULL REFERENCES employees (id),
    -- The credential the password was checked against: a second-factor step goes on only
    -- while it is still the active one.
    credential_id INTEGER NOT NULL REFERENCES credentials (id),
    -- 'second_factor': the password was right, the code is still to come; 'change': must
    -- set a new password first; 'enroll': must enrol a second factor first; 'full': in.
    stage         TEXT    NOT NULL
                  CHECK (stage IN ('second_factor', 'change', 'enroll', 'full')),
    -- When the employee signed in (kept across the stages of one sign-in).
    signed_in_at  INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    seen_at       INTEGER NOT NULL,
    -- The absolute end (the policy's session_max_hours from the sign-in).
    expires_at    INTEGER NOT NULL,
    ended_at      INTEGER,
    ended_why     TEXT,
    -- The client's address (the peer, or the forwarded one from a trusted proxy) and its
    -- User-Agent, shortened, for the account page's "last sign-ins".
    address       TEXT    NOT NULL,
    client        TEXT    NOT NULL,
    CHECK ((ended_at IS NULL) = (ended_why IS NULL))
) STRICT;

CREATE INDEX portal_sessions_employee ON portal_sessions (employee_id, created_at);

-- Every sign-in attempt at the portal of the last hour, by client address (older ones are
-- pruned; the audit trail keeps them all with the address).
CREATE TABLE portal_attempts (
    id      INTEGER PRIMARY KEY,
    address TEXT    NOT NULL,
    at      INTEGER NOT NULL
) STRICT;

CREATE INDEX portal_attempts_address ON portal_attempts (address, at);
-- The hourly prune at every attempt finds the old rows by time, not by scanning.
CREATE INDEX portal_attempts_at ON portal_attempts (at);
