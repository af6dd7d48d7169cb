-- The prune at every sign-in (the employee's sessions over for more than 90 days: ended, or
-- never ended but past their absolute expiry, as a session left in a closed browser is)
-- finds those rows by when they were over, not by reading every session the employee has.
-- It replaces the index on (employee_id, created_at): what used that one (the account page's
-- last sign-ins, ending all of an employee's sessions) asks only for the employee, and one
-- index fewer is one page fewer written at every sign-in.
CREATE INDEX portal_sessions_over ON portal_sessions (employee_id, coalesce(ended_at, expires_at));
DROP INDEX portal_sessions_employee;
