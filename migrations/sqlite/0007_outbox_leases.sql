-- Work sharing between senders (several machines on one PostgreSQL store, or several runs):
-- a queued delivery is leased to the sender that will send it, until a time. Another sender
-- takes it only once the lease ran out (its sender crashed) or was released.

ALTER TABLE outbox ADD COLUMN leased_by TEXT;
ALTER TABLE outbox ADD COLUMN lease_until INTEGER;

CREATE INDEX outbox_leased ON outbox (leased_by) WHERE leased_by IS NOT NULL;
