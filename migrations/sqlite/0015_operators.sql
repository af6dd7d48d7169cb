-- Named operators (issue 22): who may run hrpass on this store, in which role, over which
-- employees; their CLI sessions and the tokens scripts sign in with.

-- One row per operator. A removed operator's row stays (the audit trail names them) with
-- `removed_at` set; the name is free again for a new operator. Sign-in is a password
-- (argon2id, the employees' parameters) and a TOTP secret sealed under the vault key, both
-- or neither: an operator without them signs in only with tokens (`operator token`).
CREATE TABLE operators (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    role           TEXT    NOT NULL
                   CHECK (role IN ('hr-admin', 'hr-manager', 'sender', 'auditor')),
    -- Scope by the reporting graph: everyone below this employee code.
    reports_to     TEXT,
    -- PostgreSQL: the database login role this operator signs in as.
    db_role        TEXT,
    password_hash  TEXT,
    totp_sealed    BLOB,
    -- The last TOTP step accepted (a code is good once); 0 before the first sign-in, which
    -- is also what confirms the enrolment.
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    -- After `signin::LOCK_AFTER` failures in a row, no sign-in until then.
    locked_until   INTEGER,
    -- Bumped by every change of role, scope or sign-in: the compare-and-set of `operator set`.
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    created_by     TEXT    NOT NULL,
    updated_at     INTEGER NOT NULL,
    removed_at     INTEGER,
    CHECK ((password_hash IS NULL) = (totp_sealed IS NULL))
) STRICT;

CREATE UNIQUE INDEX operators_live_name ON operators (name) WHERE removed_at IS NULL;

-- Scope by department: the operator sees and acts on employees of these departments (and,
-- with `reports_to`, everyone below that employee too).
CREATE TABLE operator_departments (
    operator_id INTEGER NOT NULL REFERENCES operators (id),
    department  TEXT    NOT NULL,
    PRIMARY KEY (operator_id, department)
) STRICT;

-- CLI sessions (`hrpass login`) and script tokens (`operator token`): only the BLAKE2b-256
-- hash of each token is kept. A session ends when idle too long, at its absolute end, at
-- `logout`, or when its operator is changed or removed; a token at its expiry or removal.
CREATE TABLE operator_sessions (
    id          INTEGER PRIMARY KEY,
    operator_id INTEGER NOT NULL REFERENCES operators (id),
    token_hash  BLOB    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('session', 'token')),
    created_at  INTEGER NOT NULL,
    seen_at     INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    ended_why   TEXT,
    CHECK ((ended_at IS NULL) = (ended_why IS NULL))
) STRICT;

CREATE INDEX operator_sessions_operator ON operator_sessions (operator_id);
