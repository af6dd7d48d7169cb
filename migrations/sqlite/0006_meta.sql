-- Facts about the store itself. `vault_fingerprint`: the fingerprint of the vault.key that
-- seals this store's issued passwords, so a missing or replaced key is named before anything
-- is written with the wrong one.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
