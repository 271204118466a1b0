-- Passerelle schema, version 10: one grant per module, school year and
-- establishment, so that two colleagues granting the same module at once cannot
-- double its hours. Grants already doubled are merged first: their hours are
-- added into the oldest row, the others deleted.
UPDATE hours_grant SET hours = (
    SELECT sum(o.hours) FROM hours_grant o
    WHERE o.school_year = hours_grant.school_year AND o.module_id = hours_grant.module_id
      AND o.establishment_id IS hours_grant.establishment_id)
WHERE module_id IS NOT NULL AND id = (
    SELECT min(o.id) FROM hours_grant o
    WHERE o.school_year = hours_grant.school_year AND o.module_id = hours_grant.module_id
      AND o.establishment_id IS hours_grant.establishment_id);
DELETE FROM hours_grant WHERE module_id IS NOT NULL AND id <> (
    SELECT min(o.id) FROM hours_grant o
    WHERE o.school_year = hours_grant.school_year AND o.module_id = hours_grant.module_id
      AND o.establishment_id IS hours_grant.establishment_id);
CREATE UNIQUE INDEX hours_grant_module_once
    ON hours_grant(school_year, module_id, ifnull(establishment_id, 0))
    WHERE module_id IS NOT NULL;
