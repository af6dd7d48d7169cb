-- Password policy versions and credentials (the life cycle in ARCHITECTURE.md).

-- Every `policy set` adds a version; the highest is in force.
CREATE TABLE policies (
    version    INTEGER PRIMARY KEY,
    settings   TEXT    NOT NULL,  -- JSON of PasswordPolicy
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    created_by TEXT    NOT NULL
) STRICT;

CREATE TABLE credentials (
    id              INTEGER PRIMARY KEY,
    employee_id     INTEGER NOT NULL REFERENCES employees (id),
    -- 1, 2, 3… for each employee; with employee_id it names a credential in mail and audit.
    version         INTEGER NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'active', 'retired')),
    origin          TEXT    NOT NULL CHECK (origin IN ('issued', 'employee')),
    hash            TEXT    NOT NULL,  -- argon2id PHC string
    must_change     INTEGER NOT NULL CHECK (must_change IN (0, 1)),
    issued_at       INTEGER NOT NULL,
    expires_at      INTEGER,           -- NULL: never
    policy_version  INTEGER NOT NULL,
    -- What a later policy needs to judge this password without its plaintext.
    length          INTEGER NOT NULL,
    has_upper       INTEGER NOT NULL CHECK (has_upper IN (0, 1)),
    has_lower       INTEGER NOT NULL CHECK (has_lower IN (0, 1)),
    has_digit       INTEGER NOT NULL CHECK (has_digit IN (0, 1)),
    has_symbol      INTEGER NOT NULL CHECK (has_symbol IN (0, 1)),
    -- XChaCha20-Poly1305 under vault.key, issued passwords only; destroyed (NULL) once the
    -- employee sets their own, when it expires, and when a newer password becomes active.
    sealed          BLOB,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    UNIQUE (employee_id, version),
    CHECK (sealed IS NULL OR origin = 'issued')
) STRICT;

CREATE UNIQUE INDEX credentials_one_active ON credentials (employee_id) WHERE state = 'active';
CREATE UNIQUE INDEX credentials_one_pending ON credentials (employee_id) WHERE state = 'pending';
