-- Mail without a password through the same outbox: `send-email` (kind 'email', a general
-- message to the selection) and `notify-expiring` (kind 'expiry', a reminder about an issued
-- password, so it names that credential). Only password deliveries ('regenerate',
-- 'existing') carry a credential's password; only they are one-queued-per-employee. A
-- reminder goes once per credential. Templates get a kind: 'password' ones must use
-- {{ password }}, 'message' ones must not.

ALTER TABLE templates ADD COLUMN kind TEXT NOT NULL DEFAULT 'password'
    CHECK (kind IN ('password', 'message'));

ALTER TABLE outbox ALTER COLUMN credential_id DROP NOT NULL;
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('regenerate', 'existing', 'email', 'expiry'));
ALTER TABLE outbox ADD CONSTRAINT outbox_credential_check
    CHECK ((kind = 'email') = (credential_id IS NULL));

DROP INDEX outbox_one_queued;
CREATE UNIQUE INDEX outbox_one_queued ON outbox (employee_id)
    WHERE state = 'queued' AND kind IN ('regenerate', 'existing');
CREATE UNIQUE INDEX outbox_one_reminder ON outbox (credential_id) WHERE kind = 'expiry';
