-- The OAuth2 sign-in of the sending mailbox (`hrpass mail login`): one row per mailbox, its
-- refresh token sealed under vault.key (XChaCha20-Poly1305, bound to the mailbox and the
-- version). Access tokens live in memory only and are never written.
CREATE TABLE mail_logins (
    -- The [smtp] username the token signs in as.
    mailbox      TEXT    PRIMARY KEY,
    provider     TEXT    NOT NULL,
    client_id    TEXT    NOT NULL,
    -- 1 at sign-in, +1 at every rotation: what a refresh compares and sets on.
    version      BIGINT  NOT NULL,
    sealed       BYTEA   NOT NULL,
    signed_in_at BIGINT  NOT NULL,
    signed_in_by TEXT    NOT NULL,
    refreshed_at BIGINT
);
