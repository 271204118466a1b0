-- Passerelle schema, version 2: who and which running program made each change,
-- and the privacy traces (sensitive data shown or exported, erasures).

-- The running program that made a batch (undo is offered per session), and the OS
-- account it ran under (kept beside the name the user gave: shared accounts).
ALTER TABLE batch ADD COLUMN session TEXT;
ALTER TABLE batch ADD COLUMN os_user TEXT;
CREATE INDEX batch_session ON batch(session, id);

-- Every time sensitive data is shown in clear or exported: who, when, which
-- student or file. Never exported by default; erased with the student.
CREATE TABLE sensitive_access (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    os_user TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('reveal', 'export')),
    student_id INTEGER,
    target TEXT
);
CREATE INDEX sensitive_access_student ON sensitive_access(student_id);

-- The trace left by an erasure (one student forgotten, or older cohorts purged):
-- no personal data, only that it happened, by whom, and how many students.
-- `in_progress` is 1 only inside the erasing transaction: it lets that transaction,
-- and nothing else, delete journal rows.
CREATE TABLE erasure (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    os_user TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('forget', 'purge')),
    scope TEXT NOT NULL,
    students INTEGER NOT NULL,
    in_progress INTEGER NOT NULL DEFAULT 0 CHECK (in_progress IN (0, 1))
);

DROP TRIGGER journal_append_only_delete;
CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
    WHEN NOT EXISTS (SELECT 1 FROM erasure WHERE in_progress = 1)
    BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
