-- Passerelle schema, version 8: the school calendar a team adopted, per
-- establishment and school year (rentrée, first and last day off of each holiday,
-- first day of the summer holidays; ISO dates). A year without a row uses the
-- national default of the establishment's zone (data/school_calendar.toml).
-- The order of the dates is checked here too, as a last safety net.
CREATE TABLE school_calendar (
    id INTEGER PRIMARY KEY,
    establishment_id INTEGER NOT NULL REFERENCES establishment(id),
    school_year TEXT NOT NULL CHECK (school_year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
    zone TEXT NOT NULL CHECK (zone IN ('A', 'B', 'C', 'hors_zone')),
    rentree TEXT NOT NULL CHECK (rentree GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    toussaint_first TEXT NOT NULL CHECK (toussaint_first GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    toussaint_last TEXT NOT NULL CHECK (toussaint_last GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    noel_first TEXT NOT NULL CHECK (noel_first GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    noel_last TEXT NOT NULL CHECK (noel_last GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    hiver_first TEXT NOT NULL CHECK (hiver_first GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    hiver_last TEXT NOT NULL CHECK (hiver_last GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    printemps_first TEXT NOT NULL CHECK (printemps_first GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    printemps_last TEXT NOT NULL CHECK (printemps_last GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    summer_first TEXT NOT NULL CHECK (summer_first GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (establishment_id, school_year),
    CHECK (rentree < toussaint_first AND
        toussaint_first <= toussaint_last AND
        toussaint_last < noel_first AND
        noel_first <= noel_last AND
        noel_last < hiver_first AND
        hiver_first <= hiver_last AND
        hiver_last < printemps_first AND
        printemps_first <= printemps_last AND
        printemps_last < summer_first)
);
