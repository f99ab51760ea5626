-- Mamori schema 2: the asset inventory (情報資産目録, 第2).
--
-- class_code and criteria hold codes of the loaded standard's classification (Shinjuku: I/II
-- and ア〜オ); Mamori does not know them in advance.  criteria is the codes joined by ','.
-- Booleans that a person may not have recorded yet are NULL ("unknown"), not 0.

CREATE TABLE assets (
  id                 INTEGER PRIMARY KEY,
  uuid               TEXT NOT NULL UNIQUE,
  code               TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
  description        TEXT NOT NULL DEFAULT '',
  kind               TEXT NOT NULL CHECK (kind IN ('electronic', 'paper', 'medium', 'equipment',
                                                   'software', 'design-doc', 'other')),
  owner_section_id   INTEGER NOT NULL REFERENCES sections (id) ON DELETE RESTRICT,
  holding_section_id INTEGER REFERENCES sections (id) ON DELETE RESTRICT,
  original_id        INTEGER REFERENCES assets (id) ON DELETE RESTRICT,
  class_code         TEXT NOT NULL,
  criteria           TEXT NOT NULL DEFAULT '',
  cia_note           TEXT NOT NULL DEFAULT '',
  medium             TEXT NOT NULL DEFAULT '',
  storage_place      TEXT NOT NULL DEFAULT '',
  lockable           INTEGER CHECK (lockable IN (0, 1)),
  finalised          INTEGER CHECK (finalised IN (0, 1)),
  write_protected    INTEGER CHECK (write_protected IN (0, 1)),
  marking            TEXT NOT NULL DEFAULT '',
  backup_cycle_days  INTEGER CHECK (backup_cycle_days IS NULL OR backup_cycle_days > 0),
  last_backup_on     TEXT,
  status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disposed')),
  registered_on      TEXT NOT NULL,
  search_text        TEXT NOT NULL DEFAULT '',
  CHECK (original_id IS NULL OR original_id <> id)
) STRICT;

CREATE INDEX assets_owner ON assets (owner_section_id, code);
CREATE INDEX assets_name ON assets (name);
CREATE INDEX assets_class ON assets (class_code, code);
CREATE INDEX assets_kind ON assets (kind, code);
CREATE INDEX assets_status ON assets (status, code);
CREATE INDEX assets_original ON assets (original_id) WHERE original_id IS NOT NULL;

INSERT INTO audited_tables (name, label) VALUES ('assets', 'Assets');
