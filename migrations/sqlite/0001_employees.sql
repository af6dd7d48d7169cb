-- Employees, their reporting line, the "Selected employees" list and the audit trail.

CREATE TABLE employees (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL UNIQUE,
    first_name   TEXT    NOT NULL DEFAULT '',
    last_name    TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL,
    department   TEXT    NOT NULL DEFAULT '',
    job_title    TEXT    NOT NULL DEFAULT '',
    -- The employee code of their manager. Not a foreign key: every write path checks it and
    -- reports the file line or flag at fault, and a deferred key cost a bulk upload 2.7 s per
    -- million rows for a check that could only repeat ours.
    manager_code TEXT,
    status       TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    -- Code, names and email folded to lower-case ASCII ("Zoë" → "zoe"), for search.
    search_key   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at   INTEGER NOT NULL DEFAULT (unixepoch()),
    CHECK (manager_code IS NULL OR manager_code <> code)
) STRICT;

CREATE INDEX employees_manager ON employees (manager_code) WHERE manager_code IS NOT NULL;

-- Substring search over search_key. Kept in step by the store's EmployeeWriter, which adds
-- a batch's rows in one statement when it finishes: row-by-row triggers would make FTS5 flush
-- a segment per row (measured: 70 µs a row, ten times the rest of an upload).
CREATE VIRTUAL TABLE employee_search USING fts5 (
    search_key,
    content = 'employees',
    content_rowid = 'id',
    tokenize = 'trigram',
    detail = 'none'
);

CREATE TABLE selection (
    employee_id INTEGER PRIMARY KEY REFERENCES employees (id) ON DELETE CASCADE,
    added_at    INTEGER NOT NULL DEFAULT (unixepoch()),
    added_by    TEXT    NOT NULL
) STRICT;

-- Append-only: nothing in hrpass updates or deletes a row here, and no secret is ever written.
CREATE TABLE audit (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL DEFAULT (unixepoch()),
    operator      TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    employee_code TEXT,
    detail        TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE (ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE (ABORT, 'the audit trail is append-only');
END;
