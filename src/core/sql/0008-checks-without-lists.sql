-- Mamori schema 8: the same rules, written so that writing a row costs less.
--
-- SQLite checks "x IN ('a', 'b', 'c')" (a list of more than two values) in a CHECK
-- constraint by building a temporary table of the values each time a statement runs: for an
-- INSERT, once for every row.  The audit log (an entry for every change), the inventory and
-- the entry logs are written a million rows at a time by an import, where this was a fifth of
-- the work.  Their lists are written here as the equivalent "x = 'a' OR x = 'b' OR x = 'c'".
--
-- No row is read or written.  The tables' definitions are edited in place: the procedure
-- SQLite documents for changes to constraints that leave the stored rows as they are
-- (lang_altertable.html, "Making Other Kinds Of Table Schema Changes").  Every row already
-- satisfies the new constraints, which are the same rules.  A definition that does not read
-- exactly as schemas 1, 2 and 4 wrote it is left as it is: still correct, only slower.

PRAGMA writable_schema = ON;

UPDATE sqlite_schema
   SET sql = replace (sql, 'action IN (''insert'', ''update'', ''delete'', ''event'')',
                      'action = ''insert'' OR action = ''update'' OR action = ''delete'' ' ||
                      'OR action = ''event''')
 WHERE type = 'table' AND name = 'audit_log';

UPDATE sqlite_schema
   SET sql = replace (sql, 'kind IN (''electronic'', ''paper'', ''medium'', ''equipment'',' ||
                           char (10) || '                                                   ' ||
                           '''software'', ''design-doc'', ''other'')',
                      'kind = ''electronic'' OR kind = ''paper'' OR kind = ''medium'' OR ' ||
                      'kind = ''equipment'' OR' || char (10) ||
                      '                                  kind = ''software'' OR ' ||
                      'kind = ''design-doc'' OR kind = ''other''')
 WHERE type = 'table' AND name = 'assets';

UPDATE sqlite_schema
   SET sql = replace (sql, 'kind IN (''staff'', ''contractor'', ''other'')',
                      'kind = ''staff'' OR kind = ''contractor'' OR kind = ''other''')
 WHERE type = 'table' AND name IN ('area_entries', 'area_permits');

-- This connection reads the definitions again; the table made and dropped changes the schema's
-- version, so that every other connection reads them again too.
PRAGMA writable_schema = RESET;
CREATE TABLE mamori_schema_8 (x);
DROP TABLE mamori_schema_8;
