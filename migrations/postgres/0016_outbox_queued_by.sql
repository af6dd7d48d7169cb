-- Who queued each delivery: the database login role of the run (PostgreSQL sets it, the
-- client cannot choose it). Row-level security lets a run finish what it has in flight
-- (record the server's answer, promote the password it carried) even when its operator's
-- scope changed or the operator was removed meanwhile.
ALTER TABLE outbox ADD COLUMN queued_by TEXT NOT NULL DEFAULT current_user;
