-- PostgreSQL's migration 0016 records who queued each delivery for its row-level security;
-- a SQLite store has no database roles (the file's permissions are its boundary), so there
-- is nothing to record here. The step keeps both engines' schema versions in step.
SELECT 1;
