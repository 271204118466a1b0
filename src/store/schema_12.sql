-- Passerelle schema, version 12: every CHECK (x IN ('a', 'b', …)) of the tables becomes
-- CHECK ((x = 'a' OR x = 'b' OR …)). Same rule, NULL included; but SQLite builds a
-- temporary table for an IN list of more than two values at every row it checks, which
-- was half of the time of a 10,000-pupil import. Only the text of the CHECK constraints
-- changes (no stored row does), so the rewrite is done in place on `sqlite_schema`, as
-- SQLite's ALTER TABLE page documents for such changes, by `store::checks`: see there.
SELECT 1;
