-- Work sharing between senders: see migrations/sqlite/0007.

ALTER TABLE outbox ADD COLUMN leased_by TEXT;
ALTER TABLE outbox ADD COLUMN lease_until BIGINT;

CREATE INDEX outbox_leased ON outbox (leased_by) WHERE leased_by IS NOT NULL;
