-- SQLite's 0012 rebuilt its FTS5 trigram index (case-sensitive, no per-row sizes). PostgreSQL's
-- pg_trgm index is unchanged; this step keeps the two engines at the same schema version.
SELECT 1;
