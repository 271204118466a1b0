-- Passerelle schema, version 1.
-- Every editable table carries version / updated_at / updated_by for optimistic writes.

CREATE TABLE establishment (
    id INTEGER PRIMARY KEY,
    uai TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    academie TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE section (
    id INTEGER PRIMARY KEY,
    establishment_id INTEGER NOT NULL REFERENCES establishment(id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sector TEXT NOT NULL CHECK (sector IN ('production', 'services')),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE cohort (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES section(id),
    school_year TEXT NOT NULL CHECK (school_year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (section_id, school_year)
);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('prof_bts', 'plp', 'cpe', 'psy_en', 'assistante_sociale', 'infirmiere', 'ddfpt', 'autre')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE criterion (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    domain TEXT NOT NULL CHECK (domain IN ('conditions_de_vie', 'performances_scolaires', 'projet_formation')),
    label TEXT NOT NULL,
    description TEXT,
    difficulty TEXT,
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE difficulty_type (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    description TEXT,
    module_types TEXT NOT NULL DEFAULT '',
    retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE module (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    module_type TEXT NOT NULL CHECK (module_type IN ('soutien', 'perseverance', 'renforce')),
    competence TEXT NOT NULL CHECK (competence IN ('psychosociales', 'scolaires')),
    difficulties TEXT NOT NULL DEFAULT '',
    objectives TEXT,
    content TEXT,
    led_by TEXT,
    sessions INTEGER CHECK (sessions IS NULL OR sessions >= 0),
    session_minutes INTEGER CHECK (session_minutes IS NULL OR session_minutes >= 0),
    group_size INTEGER CHECK (group_size IS NULL OR group_size >= 0),
    period TEXT,
    place TEXT,
    evaluation TEXT,
    hours_granted REAL CHECK (hours_granted IS NULL OR hours_granted >= 0),
    retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE student (
    id INTEGER PRIMARY KEY,
    cohort_id INTEGER NOT NULL REFERENCES cohort(id),
    last_name TEXT NOT NULL CHECK (last_name <> ''),
    first_name TEXT NOT NULL,
    ine TEXT UNIQUE,
    birth_date TEXT,
    bac_pro INTEGER NOT NULL DEFAULT 1 CHECK (bac_pro IN (0, 1)),
    bac_pro_specialty TEXT,
    origin_lycee TEXT,
    schooling TEXT NOT NULL DEFAULT 'scolaire' CHECK (schooling IN ('scolaire', 'apprenti')),
    parcoursup_rank INTEGER CHECK (parcoursup_rank IS NULL OR parcoursup_rank > 0),
    parcours_differencie TEXT CHECK (parcours_differencie IN ('poursuite_etudes', 'insertion_pro', 'non_suivi')),
    referent_id INTEGER REFERENCES staff(id),
    verdict TEXT CHECK (verdict IN ('repere', 'non_repere', 'a_revoir')),
    difficulties TEXT NOT NULL DEFAULT '',
    proposal TEXT CHECK (proposal IN ('propose', 'accepte', 'refuse', 'non_necessaire')),
    pre_conseil_date TEXT,
    commitments TEXT,
    first_checkin_date TEXT,
    bilan_s1 TEXT,
    bilan_s1_date TEXT,
    decision_s2 TEXT CHECK (decision_s2 IN ('passage', 'redoublement', 'bts_3_ans')),
    decision_s2_date TEXT,
    exit_date TEXT,
    exit_cause TEXT CHECK (exit_cause IN ('difficultes_scolaires', 'orientation_subie', 'emploi', 'raisons_personnelles', 'inconnue')),
    exit_destination TEXT CHECK (exit_destination IN ('emploi', 'autre_formation', 'reorientation', 'aucune', 'inconnue')),
    diploma TEXT CHECK (diploma IN ('obtenu_2_ans', 'obtenu_3_ans', 'non_obtenu')),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX student_cohort ON student(cohort_id);
CREATE INDEX student_name ON student(last_name, first_name);

-- Sensitive: conditions de vie notes, kept apart so screens mask them and exports omit them.
CREATE TABLE life_note (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
    area TEXT NOT NULL CHECK (area IN ('logement', 'transport', 'emploi', 'finances', 'sante', 'famille')),
    note TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (student_id, area)
);

CREATE TABLE grid_value (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES criterion(id),
    level INTEGER CHECK (level IS NULL OR level BETWEEN 0 AND 3),
    comment TEXT,
    source TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (student_id, criterion_id)
);

CREATE TABLE checkin (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    attendance TEXT CHECK (attendance IN ('assidu', 'irregulier', 'absent')),
    progress TEXT CHECK (progress IN ('en_progres', 'stable', 'en_recul')),
    engagement TEXT CHECK (engagement IN ('fort', 'moyen', 'faible')),
    note TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX checkin_student ON checkin(student_id, date);

CREATE TABLE enrolment (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
    module_id INTEGER NOT NULL REFERENCES module(id),
    start_date TEXT NOT NULL,
    end_date TEXT,
    checkin_id INTEGER REFERENCES checkin(id),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX enrolment_student ON enrolment(student_id);

-- One row per user action (a batch of changes); undo and redo are batches too.
CREATE TABLE batch (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'undo', 'redo', 'import')),
    target INTEGER REFERENCES batch(id)
);

-- Append-only history of every change. Sensitive values are never copied here.
CREATE TABLE journal (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batch(id),
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    student_id INTEGER,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    sensitive INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX journal_student ON journal(student_id);
CREATE INDEX journal_batch ON journal(batch_id);
CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
    BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
    BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

-- Values of sensitive changes, kept only so that a recent mistake can be undone;
-- pruned to the most recent rows, never exported, never shown in a history.
CREATE TABLE sensitive_undo (
    journal_id INTEGER PRIMARY KEY REFERENCES journal(id),
    old_value TEXT,
    new_value TEXT
);
