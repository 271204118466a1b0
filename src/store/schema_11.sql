-- Passerelle schema, version 11: each student's place in the class list, so that the
-- first screenful can be read from an index instead of sorting every student. The key
-- is the folded last name, U+0001, the folded first name (accents, case, apostrophes
-- and hyphens ignored, as the list sorts); it is derived, set by the program on every
-- write of a name (`store::write::student_sort_key`), filled in for existing rows when
-- the file is first opened by this version, and never exported.
ALTER TABLE student ADD COLUMN sort_key TEXT;
CREATE INDEX student_sort ON student(sort_key, id);
