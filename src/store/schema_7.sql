-- Passerelle schema, version 7: the team. New roles (proviseur adjoint, coordonnateur
-- MLDS, RBDE, partenaire extérieur, étudiant tuteur), a partner's organisation, a
-- discipline, an e-mail, and who coordinates the scheme (several possible).
-- SQLite cannot change a CHECK constraint, so the table is rebuilt with the same
-- ids; foreign-key checks (student and meeting référents) are deferred to the
-- commit, when every référent finds its member again.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE staff_copy AS SELECT * FROM staff;
DROP TABLE staff;
CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('prof_bts', 'plp', 'cpe', 'psy_en', 'assistante_sociale',
        'infirmiere', 'ddfpt', 'proviseur_adjoint', 'coordonnateur_mlds', 'rbde', 'partenaire',
        'etudiant_tuteur', 'autre')),
    organisation TEXT,
    discipline TEXT,
    email TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    coordinator INTEGER NOT NULL DEFAULT 0 CHECK (coordinator IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
INSERT INTO staff (id, last_name, first_name, role, active, version, updated_at, updated_by)
    SELECT id, last_name, first_name, role, active, version, updated_at, updated_by
    FROM staff_copy;
DROP TABLE staff_copy;
