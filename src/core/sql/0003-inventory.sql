-- Mamori schema 3: the registers of the inventory, the checks a standard enables, search.
--
-- Take-outs and transmissions (持出し・送信), disposals (廃棄) and the people with access
-- rights hang off an asset; each is audited.  The checks (standard_rules) tie Mamori's
-- generic rules to the article of the loaded standard that requires them.

CREATE TABLE standard_rules (
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  code        TEXT NOT NULL,
  ref         TEXT NOT NULL,
  body        TEXT NOT NULL,
  gloss       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (standard_id, code)
) STRICT;

-- Who may access an asset (第2-4-(2)-ア in Shinjuku's numbering): a person of the register,
-- or a group described in words ("税務課 課税係の職員").
CREATE TABLE asset_access (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  asset_id    INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  person_id   INTEGER REFERENCES people (id) ON DELETE RESTRICT,
  description TEXT NOT NULL DEFAULT '',
  CHECK (person_id IS NOT NULL OR length (description) > 0),
  UNIQUE (asset_id, person_id)
) STRICT;

CREATE INDEX asset_access_asset ON asset_access (asset_id);

-- Taking an asset out of its section, or transmitting it.
CREATE TABLE asset_takeouts (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  asset_id     INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('take-out', 'transmission')),
  purpose      TEXT NOT NULL CHECK (length (purpose) > 0),
  method       TEXT NOT NULL DEFAULT '',
  handling     TEXT NOT NULL DEFAULT '',
  destination  TEXT NOT NULL DEFAULT '',
  requested_by TEXT NOT NULL DEFAULT '',
  approver_id  INTEGER REFERENCES people (id) ON DELETE RESTRICT,
  approved_on  TEXT,
  out_on       TEXT NOT NULL,
  returned_on  TEXT,
  note         TEXT NOT NULL DEFAULT '',
  CHECK ((approver_id IS NULL) = (approved_on IS NULL)),
  CHECK (returned_on IS NULL OR returned_on >= out_on)
) STRICT;

CREATE INDEX asset_takeouts_asset ON asset_takeouts (asset_id, out_on);
CREATE INDEX asset_takeouts_unapproved ON asset_takeouts (asset_id) WHERE approver_id IS NULL;

-- The disposal of an asset: one per asset; the asset is read-only afterwards.
CREATE TABLE asset_disposals (
  id             INTEGER PRIMARY KEY,
  uuid           TEXT NOT NULL UNIQUE,
  asset_id       INTEGER NOT NULL UNIQUE REFERENCES assets (id) ON DELETE CASCADE,
  approver_id    INTEGER REFERENCES people (id) ON DELETE RESTRICT,
  approved_on    TEXT,
  erasure_method TEXT NOT NULL DEFAULT '',
  disposed_on    TEXT NOT NULL,
  witness_id     INTEGER REFERENCES people (id) ON DELETE RESTRICT,
  note           TEXT NOT NULL DEFAULT '',
  CHECK ((approver_id IS NULL) = (approved_on IS NULL))
) STRICT;

-- Which of the standard's checks an asset fails, one bit per check (see mamori-rules.c).
-- Derived from the row, its registers and the date, like search_text: kept up to date by the
-- core and not recorded in the audit log.
ALTER TABLE assets ADD COLUMN rule_flags INTEGER NOT NULL DEFAULT 0;
CREATE INDEX assets_attention ON assets (rule_flags, code) WHERE rule_flags <> 0;

-- The list filters by the holding section too, and sorts by the registration date.
CREATE INDEX assets_holding ON assets (holding_section_id, code) WHERE holding_section_id IS NOT NULL;
CREATE INDEX assets_registered ON assets (registered_on, code);

-- Sorting by name breaks ties by code: one index serves both, with no sort of the whole table.
DROP INDEX assets_name;
CREATE INDEX assets_name ON assets (name, code);

-- Bookkeeping of derived data (when the checks were last computed, …): not audited, because
-- it records nothing a person did and can be recomputed at any time.
CREATE TABLE derived_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Column mappings of CSV ledgers, kept for the next import of the same ledger.
CREATE TABLE import_mappings (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('inventory', 'entry-log')),
  name       TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 200),
  mapping    TEXT NOT NULL CHECK (json_valid (mapping)),
  UNIQUE (kind, name)
) STRICT;

-- Search: the assets' folded text (search_text) in overlapping character pairs, so that a
-- query of two characters finds them as fast as a longer one.  Maintained by the core, not
-- by triggers, so that the database stays editable with tools that do not know the tokenizer.
CREATE VIRTUAL TABLE asset_search USING fts5 (
  search_text,
  content = 'assets',
  content_rowid = 'id',
  tokenize = 'mamori_bigram',
  detail = 'none'
);

INSERT INTO asset_search (asset_search) VALUES ('rebuild');

INSERT INTO audited_tables (name, label) VALUES
  ('asset_access', 'Access rights'),
  ('asset_takeouts', 'Take-outs'),
  ('asset_disposals', 'Disposals'),
  ('import_mappings', 'Import mappings');
