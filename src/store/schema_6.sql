-- Passerelle schema, version 6: section codes are unique per establishment, not
-- across the file (a cité scolaire, an académie consolidating several lycées).
-- SQLite cannot drop a UNIQUE column constraint, so the table is rebuilt with the
-- same ids; foreign-key checks are deferred to the commit, when every cohort
-- finds its section again.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE section_copy AS SELECT * FROM section;
DROP TABLE section;
CREATE TABLE section (
    id INTEGER PRIMARY KEY,
    establishment_id INTEGER NOT NULL REFERENCES establishment(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    sector TEXT NOT NULL CHECK (sector IN ('production', 'services')),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (establishment_id, code)
);
INSERT INTO section (id, establishment_id, code, name, sector, version, updated_at, updated_by)
    SELECT id, establishment_id, code, name, sector, version, updated_at, updated_by
    FROM section_copy;
DROP TABLE section_copy;
