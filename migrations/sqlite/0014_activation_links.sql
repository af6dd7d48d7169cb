-- `send-password --link`: a single-use activation link instead of a password in the mail.
-- The link carries 32 random bytes; only their BLAKE2b-256 hash is kept for the portal to
-- find it, and a copy sealed under vault.key so that a resent mail (a 4xx, a crash before the
-- outcome was recorded) carries the same link. The seal is destroyed once the link is used
-- or void.
--
-- pending ──its mail accepted──▶ usable ──the employee sets a password──▶ used
--    └──────────────┴──newer link or password, the employee's change, deactivation,
--                      HR's cancel, its delivery obsolete──▶ void
CREATE TABLE activation_links (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees (id),
    token_hash  BLOB    NOT NULL UNIQUE,
    sealed      BLOB,
    state       TEXT    NOT NULL CHECK (state IN ('pending', 'usable', 'used', 'void')),
    created_at  INTEGER NOT NULL,
    -- Pending: until when its mail may still go; usable: until when it works.
    expires_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    ended_why   TEXT,
    CHECK ((state IN ('used', 'void')) = (ended_at IS NOT NULL)),
    CHECK ((state IN ('used', 'void')) = (ended_why IS NOT NULL)),
    CHECK (state IN ('pending', 'usable') OR sealed IS NULL)
) STRICT;

-- At most one link in play per employee: a newer one voids the one before.
CREATE UNIQUE INDEX activation_links_one_open ON activation_links (employee_id)
    WHERE state IN ('pending', 'usable');

-- Templates of kind 'link' must use {{ link }} and cannot use {{ password }}.
CREATE TABLE templates_next (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    subject    TEXT    NOT NULL CHECK (instr(subject, char(10)) = 0 AND instr(subject, char(13)) = 0),
    text_body  TEXT    NOT NULL,
    html_body  TEXT,
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    created_by TEXT    NOT NULL,
    kind       TEXT    NOT NULL DEFAULT 'password' CHECK (kind IN ('password', 'message', 'link')),
    UNIQUE (name, version)
) STRICT;

INSERT INTO templates_next (id, name, version, subject, text_body, html_body, created_at,
                            created_by, kind)
SELECT id, name, version, subject, text_body, html_body, created_at, created_by, kind
FROM templates;

DROP TABLE templates;
ALTER TABLE templates_next RENAME TO templates;

-- A delivery of kind 'link' carries a link instead of a credential's password; like a
-- password delivery it is one queued per employee (the newest way in wins).
CREATE TABLE outbox_next (
    id               INTEGER PRIMARY KEY,
    employee_id      INTEGER NOT NULL REFERENCES employees (id),
    credential_id    INTEGER REFERENCES credentials (id),
    kind             TEXT    NOT NULL
                     CHECK (kind IN ('regenerate', 'existing', 'email', 'expiry', 'link')),
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
    link_id          INTEGER REFERENCES activation_links (id),
    CHECK ((kind IN ('email', 'link')) = (credential_id IS NULL)),
    CHECK ((kind = 'link') = (link_id IS NOT NULL))
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
    WHERE state = 'queued' AND kind IN ('regenerate', 'existing', 'link');
CREATE UNIQUE INDEX outbox_one_reminder ON outbox (credential_id) WHERE kind = 'expiry';
CREATE UNIQUE INDEX outbox_one_link ON outbox (link_id) WHERE link_id IS NOT NULL;
CREATE INDEX outbox_state ON outbox (state);
CREATE INDEX outbox_employee ON outbox (employee_id);
CREATE INDEX outbox_leased ON outbox (leased_by) WHERE leased_by IS NOT NULL;
