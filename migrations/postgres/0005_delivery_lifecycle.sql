-- The delivery life cycle of ARCHITECTURE.md: `superseded` and `obsolete` states, and the
-- address and template version each delivery keeps (see migrations/sqlite/0005, which has
-- to rebuild the table; PostgreSQL changes it in place).

ALTER TABLE outbox DROP CONSTRAINT outbox_state_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_state_check CHECK (state IN
    ('queued', 'sent', 'failed', 'cancelled', 'superseded', 'obsolete'));
-- NULL only for deliveries queued before this migration.
ALTER TABLE outbox ADD COLUMN template_version BIGINT;
ALTER TABLE outbox ADD COLUMN address TEXT;

CREATE INDEX outbox_employee ON outbox (employee_id);
