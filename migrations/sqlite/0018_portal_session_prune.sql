-- The prune at every sign-in (the employee's sessions over for more than 90 days: ended, or
-- never ended but past their absolute expiry, as a session left in a closed browser is)
-- finds those rows by when they were over, not by reading every session the employee has.
CREATE INDEX portal_sessions_over ON portal_sessions (employee_id, coalesce(ended_at, expires_at));
