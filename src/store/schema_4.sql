-- Passerelle schema, version 4: the pré-conseil meetings, kept with their minutes.

-- One pré-conseil meeting: when, for which school year, who attended.
CREATE TABLE meeting (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,
    school_year TEXT,
    attendees TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- A student seen in a meeting and the decisions as they stood when the meeting
-- last recorded something for them (later changes in suivi do not rewrite the minutes).
-- `modules` lists the running modules' ids, comma-separated.
CREATE TABLE meeting_student (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    student_id INTEGER NOT NULL REFERENCES student(id),
    proposal TEXT CHECK (proposal IN ('propose', 'accepte', 'refuse', 'non_necessaire')),
    referent_id INTEGER REFERENCES staff(id),
    first_checkin_date TEXT,
    commitments TEXT,
    modules TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (meeting_id, student_id)
);
CREATE INDEX meeting_student_student ON meeting_student(student_id);
