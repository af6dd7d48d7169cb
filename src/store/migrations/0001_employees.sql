-- Employees, their reporting line, the "Selected employees" list and the audit trail.

CREATE TABLE employees (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL UNIQUE,
    first_name   TEXT    NOT NULL DEFAULT '',
    last_name    TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL,
    department   TEXT    NOT NULL DEFAULT '',
    job_title    TEXT    NOT NULL DEFAULT '',
    -- Deferred: a bulk upload may name a manager on a later row of the same file.
    manager_code TEXT    REFERENCES employees (code) DEFERRABLE INITIALLY DEFERRED,
    status       TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    -- Code, names and email folded to lower-case ASCII ("Zoë" → "zoe"), for search.
    search_key   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at   INTEGER NOT NULL DEFAULT (unixepoch()),
    CHECK (manager_code IS NULL OR manager_code <> code)
) STRICT;

CREATE INDEX employees_manager ON employees (manager_code) WHERE manager_code IS NOT NULL;

-- Substring search over search_key; kept in step with employees by the triggers below.
CREATE VIRTUAL TABLE employee_search USING fts5 (
    search_key,
    content = 'employees',
    content_rowid = 'id',
    tokenize = 'trigram'
);

CREATE TRIGGER employees_search_insert AFTER INSERT ON employees BEGIN
    INSERT INTO employee_search (rowid, search_key) VALUES (new.id, new.search_key);
END;

CREATE TRIGGER employees_search_delete AFTER DELETE ON employees BEGIN
    INSERT INTO employee_search (employee_search, rowid, search_key)
    VALUES ('delete', old.id, old.search_key);
END;

CREATE TRIGGER employees_search_update AFTER UPDATE OF search_key ON employees BEGIN
    INSERT INTO employee_search (employee_search, rowid, search_key)
    VALUES ('delete', old.id, old.search_key);
    INSERT INTO employee_search (rowid, search_key) VALUES (new.id, new.search_key);
END;

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
