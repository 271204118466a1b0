-- Passerelle schema, version 3: what an exit records beyond date, cause and
-- destination (the referral made, a note), and the next planned point d'étape.

ALTER TABLE student ADD COLUMN exit_referral TEXT
    CHECK (exit_referral IN ('mission_locale', 'psad', 'mlds', 'autre', 'aucune'));
ALTER TABLE student ADD COLUMN exit_note TEXT;
ALTER TABLE student ADD COLUMN next_checkin_date TEXT;
