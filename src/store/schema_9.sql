-- Passerelle schema, version 9: the module planner. A module runs as groups in a
-- period of a school year; each group has its sessions, its members (a student
-- moved to another group keeps the history: from_date / to_date), and a roll per
-- session. Hours granted per school year, by module or as an envelope (module NULL).
CREATE TABLE module_group (
    id INTEGER PRIMARY KEY,
    module_id INTEGER NOT NULL REFERENCES module(id),
    school_year TEXT NOT NULL CHECK (school_year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
    period INTEGER CHECK (period IS NULL OR period BETWEEN 1 AND 5),
    label TEXT NOT NULL,
    leader_id INTEGER REFERENCES staff(id),
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    place TEXT,
    establishment_id INTEGER REFERENCES establishment(id),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX module_group_year ON module_group(school_year, module_id, period);
CREATE INDEX module_group_module ON module_group(module_id);

CREATE TABLE group_session (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES module_group(id),
    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    start TEXT NOT NULL CHECK (start GLOB '[0-2][0-9]:[0-5][0-9]' AND start < '24:00'),
    minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 720),
    place TEXT,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
    cancel_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX group_session_group ON group_session(group_id, date, start);
CREATE INDEX group_session_date ON group_session(date);

CREATE TABLE group_member (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES module_group(id),
    student_id INTEGER NOT NULL REFERENCES student(id),
    from_date TEXT NOT NULL CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    to_date TEXT CHECK (to_date IS NULL OR
        (to_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND to_date >= from_date)),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX group_member_group ON group_member(group_id, to_date);
CREATE INDEX group_member_student ON group_member(student_id);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES group_session(id),
    student_id INTEGER NOT NULL REFERENCES student(id),
    status TEXT NOT NULL CHECK (status IN ('present', 'retard', 'absent_excuse', 'absent')),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (session_id, student_id)
);
CREATE INDEX attendance_student ON attendance(student_id, session_id);

CREATE TABLE hours_grant (
    id INTEGER PRIMARY KEY,
    school_year TEXT NOT NULL CHECK (school_year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
    module_id INTEGER REFERENCES module(id),
    label TEXT NOT NULL,
    hours REAL NOT NULL CHECK (hours >= 0),
    establishment_id INTEGER REFERENCES establishment(id),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX hours_grant_year ON hours_grant(school_year, module_id);
