-- The employee's side of the portal: a second factor (TOTP, RFC 6238) with single-use
-- recovery codes, and the "forgot password" requests that rate limits count.

-- One row per enrolment. 'pending' until a current code confirms it; then 'active' (the one
-- `verify` asks a code for); 'retired' when replaced or reset by HR, its secret destroyed.
CREATE TABLE second_factors (
    id           INTEGER PRIMARY KEY,
    employee_id  INTEGER NOT NULL REFERENCES employees (id),
    -- 1, 2, 3… for each employee, never reused: with employee_id it is the associated data
    -- the secret is sealed under.
    version      INTEGER NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'active', 'retired')),
    -- The TOTP secret, XChaCha20-Poly1305 under vault.key; NULL once retired.
    sealed       BLOB,
    -- The last time step a code was accepted for: that step and earlier ones are refused.
    last_step    INTEGER,
    created_at   INTEGER NOT NULL,
    confirmed_at INTEGER,
    UNIQUE (employee_id, version),
    CHECK ((state = 'retired') = (sealed IS NULL))
) STRICT;

CREATE UNIQUE INDEX second_factors_one_active ON second_factors (employee_id)
    WHERE state = 'active';
CREATE UNIQUE INDEX second_factors_one_pending ON second_factors (employee_id)
    WHERE state = 'pending';

-- Ten per confirmed factor, shown once; kept as keyed BLAKE2b hashes (80 random bits each).
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    factor_id INTEGER NOT NULL REFERENCES second_factors (id),
    hash      TEXT    NOT NULL,
    used_at   INTEGER,
    UNIQUE (factor_id, hash)
) STRICT;

-- Every `hrpass forgot` request of the last day (older ones are pruned; the audit trail
-- keeps them all). employee_id is NULL when no employee matched.
CREATE TABLE forgot_requests (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    employee_id INTEGER REFERENCES employees (id),
    outcome     TEXT    NOT NULL
        CHECK (outcome IN ('issued', 'unknown', 'inactive', 'limited', 'disabled'))
) STRICT;

CREATE INDEX forgot_requests_at ON forgot_requests (at);
CREATE INDEX forgot_requests_employee ON forgot_requests (employee_id, at)
    WHERE employee_id IS NOT NULL;
