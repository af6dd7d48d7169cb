#!/usr/bin/env bash
# The work of an hrpass upload done by the sqlite3 shell, for scripts/bench.sh to time beside
# hrpass: the same table (unique code, checks), the same manager index and the same trigram
# index, in WAL mode with synchronous=FULL as hrpass writes. Two orders:
#   after   .import into a scratch table, then one INSERT … SELECT, the manager index and the
#           trigram index built once over the rows (what hrpass itself does for a first load)
#   before  the schema first, then .import into it, the indexes kept in step row by row
#           (triggers, as the FTS5 documentation keeps an external-content index)
# usage: sqlite3-same-work.sh after|before FILE.csv DB
set -euo pipefail
order=$1 csv=$2 db=$3
rm -f "$db" "$db-wal" "$db-shm"
case $order in
after) sqlite3 "$db" >/dev/null <<EOF
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TEMP TABLE raw (code TEXT, first_name TEXT, last_name TEXT, email TEXT, department TEXT,
                       job_title TEXT, manager_code TEXT, status TEXT);
.import --csv --skip 1 $csv raw
BEGIN;
CREATE TABLE employees (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '', email TEXT NOT NULL, department TEXT NOT NULL DEFAULT '',
    job_title TEXT NOT NULL DEFAULT '', manager_code TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    search_key TEXT NOT NULL, created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
    CHECK (manager_code IS NULL OR manager_code <> code)) STRICT;
INSERT INTO employees (code, first_name, last_name, email, department, job_title, manager_code, status, search_key)
    SELECT code, first_name, last_name, email, department, job_title, nullif(manager_code, ''), status,
           lower(code || char(31) || first_name || ' ' || last_name || char(31) || email) FROM raw;
CREATE INDEX employees_manager ON employees (manager_code) WHERE manager_code IS NOT NULL;
CREATE VIRTUAL TABLE employee_search USING fts5 (search_key, content = 'employees', content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1', detail = 'none', columnsize = 0);
INSERT INTO employee_search (employee_search, rank) VALUES ('automerge', 0);
INSERT INTO employee_search (rowid, search_key) SELECT id, search_key FROM employees;
COMMIT;
EOF
;;
before) sqlite3 "$db" >/dev/null <<EOF
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE employees (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '', email TEXT NOT NULL, department TEXT NOT NULL DEFAULT '',
    job_title TEXT NOT NULL DEFAULT '', manager_code TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    search_key TEXT, created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
    CHECK (manager_code IS NULL OR manager_code <> code)) STRICT;
CREATE INDEX employees_manager ON employees (manager_code) WHERE manager_code IS NOT NULL;
CREATE VIRTUAL TABLE employee_search USING fts5 (search_key, content = 'employees', content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1', detail = 'none', columnsize = 0);
CREATE VIEW load AS SELECT code, first_name, last_name, email, department, job_title, manager_code, status FROM employees;
CREATE TRIGGER load_row INSTEAD OF INSERT ON load BEGIN
    INSERT INTO employees (code, first_name, last_name, email, department, job_title, manager_code, status, search_key)
    VALUES (new.code, new.first_name, new.last_name, new.email, new.department, new.job_title,
            nullif(new.manager_code, ''), new.status,
            lower(new.code || char(31) || new.first_name || ' ' || new.last_name || char(31) || new.email));
    INSERT INTO employee_search (rowid, search_key) VALUES (last_insert_rowid(),
            lower(new.code || char(31) || new.first_name || ' ' || new.last_name || char(31) || new.email));
END;
.import --csv --skip 1 $csv load
EOF
;;
*) echo "usage: $0 after|before FILE.csv DB" >&2; exit 2 ;;
esac
