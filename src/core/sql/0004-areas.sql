-- Mamori schema 4: managed areas (管理区域), their permitted people, the entry log
-- (入退室管理簿) and the equipment moved in and out.
--
-- class_code is a code of the loaded standard's area classes (Shinjuku: I/II); the measures an
-- area records (area_measure_notes.measure_code) are codes of that class's measures.  Times
-- are ISO 8601 local time without seconds ("2026-04-01T09:30"); dates ISO 8601.
-- rule_flags on entries and moves are derived (mamori-reconcile.c), like assets.rule_flags:
-- kept up to date by the core and not recorded in the audit log.

CREATE TABLE areas (
  id             INTEGER PRIMARY KEY,
  uuid           TEXT NOT NULL UNIQUE,
  code           TEXT NOT NULL UNIQUE CHECK (length (code) BETWEEN 1 AND 32),
  name           TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  class_code     TEXT NOT NULL,
  building       TEXT NOT NULL DEFAULT '',
  floor          TEXT NOT NULL DEFAULT '',
  room           TEXT NOT NULL DEFAULT '',
  section_id     INTEGER REFERENCES sections (id) ON DELETE RESTRICT,
  officer_id     INTEGER REFERENCES people (id) ON DELETE RESTRICT,
  designated_on  TEXT,
  note           TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX areas_section ON areas (section_id);

-- How an area meets each measure of its class (for Ⅰ the four of 第3-2-(2)-ア, for Ⅱ how
-- comings and goings are managed, 第3-2-(2)-イ).
CREATE TABLE area_measure_notes (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  area_id      INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
  measure_code TEXT NOT NULL,
  how          TEXT NOT NULL CHECK (length (how) BETWEEN 1 AND 2000),
  UNIQUE (area_id, measure_code)
) STRICT;

-- The people allowed into an area (入室許可者): staff of the register or named outsiders;
-- a contractor's person names the contract by its number.
CREATE TABLE area_permits (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT NOT NULL UNIQUE,
  area_id         INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
  person_id       INTEGER REFERENCES people (id) ON DELETE RESTRICT,
  name            TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 100),
  affiliation     TEXT NOT NULL DEFAULT '',
  kind            TEXT NOT NULL CHECK (kind IN ('staff', 'contractor', 'other')),
  contract_number TEXT NOT NULL DEFAULT '',
  card_number     TEXT NOT NULL DEFAULT '',
  valid_from      TEXT NOT NULL,
  valid_to        TEXT,
  note            TEXT NOT NULL DEFAULT '',
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;

CREATE INDEX area_permits_area ON area_permits (area_id, name);

-- The assets and equipment kept in an area (from the inventory): an asset is in one area.
CREATE TABLE area_assets (
  id        INTEGER PRIMARY KEY,
  uuid      TEXT NOT NULL UNIQUE,
  area_id   INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
  asset_id  INTEGER NOT NULL UNIQUE REFERENCES assets (id) ON DELETE CASCADE
) STRICT;

CREATE INDEX area_assets_area ON area_assets (area_id);

-- The 入退室管理簿: one row a visit.
CREATE TABLE area_entries (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT NOT NULL UNIQUE,
  area_id         INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
  person_id       INTEGER REFERENCES people (id) ON DELETE RESTRICT,
  name            TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 100),
  affiliation     TEXT NOT NULL DEFAULT '',
  kind            TEXT NOT NULL CHECK (kind IN ('staff', 'contractor', 'other')),
  purpose         TEXT NOT NULL DEFAULT '',
  entered_at      TEXT NOT NULL CHECK (length (entered_at) = 16),
  left_at         TEXT CHECK (left_at IS NULL OR left_at >= entered_at),
  escort_id       INTEGER REFERENCES people (id) ON DELETE RESTRICT,
  id_checked      INTEGER NOT NULL DEFAULT 0 CHECK (id_checked IN (0, 1)),
  card_number     TEXT NOT NULL DEFAULT '',
  items           TEXT NOT NULL DEFAULT '',
  unissued_media  INTEGER NOT NULL DEFAULT 0 CHECK (unissued_media IN (0, 1)),
  note            TEXT NOT NULL DEFAULT '',
  rule_flags      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX area_entries_area ON area_entries (area_id, entered_at);
CREATE INDEX area_entries_time ON area_entries (entered_at);
CREATE INDEX area_entries_name ON area_entries (name, entered_at);
-- The defective few, by area and by time; rule_flags in the index so that counting them by
-- defect reads the index alone.
CREATE INDEX area_entries_defects ON area_entries (area_id, entered_at, rule_flags)
  WHERE rule_flags <> 0;
CREATE INDEX area_entries_defects_time ON area_entries (entered_at, rule_flags)
  WHERE rule_flags <> 0;

-- Equipment and media carried into or out of an area (第3-2-(3)-イ).
CREATE TABLE area_moves (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  area_id     INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
  direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  moved_at    TEXT NOT NULL CHECK (length (moved_at) = 16),
  item        TEXT NOT NULL CHECK (length (item) BETWEEN 1 AND 400),
  asset_id    INTEGER REFERENCES assets (id) ON DELETE SET NULL,
  is_medium   INTEGER NOT NULL DEFAULT 0 CHECK (is_medium IN (0, 1)),
  issued      INTEGER NOT NULL DEFAULT 1 CHECK (issued IN (0, 1)),
  carried_by  TEXT NOT NULL DEFAULT '',
  witness_id  INTEGER REFERENCES people (id) ON DELETE RESTRICT,
  note        TEXT NOT NULL DEFAULT '',
  rule_flags  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX area_moves_area ON area_moves (area_id, moved_at);
CREATE INDEX area_moves_defects ON area_moves (area_id, rule_flags) WHERE rule_flags <> 0;

-- A sampling check of an area's log (§8.4 of the practice notes): the days drawn and what
-- was found on them, kept as evidence for the inspection.
CREATE TABLE area_samples (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  area_id     INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
  period_from TEXT NOT NULL,
  period_to   TEXT NOT NULL,
  days        TEXT NOT NULL,
  sampled     INTEGER NOT NULL CHECK (sampled >= 0),
  defective   INTEGER NOT NULL CHECK (defective BETWEEN 0 AND sampled),
  done_on     TEXT NOT NULL,
  CHECK (period_to >= period_from)
) STRICT;

CREATE INDEX area_samples_area ON area_samples (area_id, done_on);

INSERT INTO audited_tables (name, label) VALUES
  ('areas', 'Managed areas'),
  ('area_measure_notes', 'Area measures'),
  ('area_permits', 'Permitted people'),
  ('area_assets', 'Assets in areas'),
  ('area_entries', 'Entry log'),
  ('area_moves', 'Equipment moves'),
  ('area_samples', 'Entry log sampling checks');
