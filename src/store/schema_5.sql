-- Passerelle schema, version 5: the establishment's city (nullable, so older rows
-- and older JSON exports stay valid).
ALTER TABLE establishment ADD COLUMN city TEXT;
