-- Email templates, versioned: the highest version of a name is the one in force.

CREATE TABLE templates (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    subject    TEXT    NOT NULL CHECK (instr(subject, char(10)) = 0 AND instr(subject, char(13)) = 0),
    text_body  TEXT    NOT NULL,
    html_body  TEXT,
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    created_by TEXT    NOT NULL,
    UNIQUE (name, version)
) STRICT;
