-- Mamori schema 1: the audit log, the organisation, fiscal years and the standard as data.
--
-- The audit log comes first: every table that holds a user's records is listed in
-- audited_tables, and each change to one of its rows is an entry in audit_log chained by
-- SHA-256 (see mamori-audit.c).  STRICT everywhere; enumerations are CHECK constraints;
-- dates are ISO 8601 text; every record that travels between databases has a uuid.

CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'event')),
  tbl        TEXT,
  row_key    TEXT,
  before     TEXT,
  after      TEXT,
  prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash       TEXT NOT NULL CHECK (length(hash) = 64),
  CHECK ((action = 'event') = (row_key IS NULL))
) STRICT;

CREATE INDEX audit_log_row ON audit_log (tbl, row_key, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;

-- The tables whose rows the audit log covers, and the column that names a row in it.
CREATE TABLE audited_tables (
  name       TEXT PRIMARY KEY,
  label      TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Small facts about this database (first-start choice, sample ward flag, …).
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The organisation ---------------------------------------------------------------------------

-- 部 (department) and 課等 (section).  A section belongs to a department.
CREATE TABLE sections (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kana       TEXT NOT NULL DEFAULT '',
  level      TEXT NOT NULL CHECK (level IN ('department', 'section')),
  parent_id  INTEGER REFERENCES sections (id) ON DELETE RESTRICT,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  CHECK ((level = 'department') = (parent_id IS NULL))
) STRICT;

CREATE INDEX sections_parent ON sections (parent_id);

CREATE TABLE people (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  staff_no   TEXT UNIQUE CHECK (staff_no IS NULL OR length(staff_no) BETWEEN 1 AND 32),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kana       TEXT NOT NULL DEFAULT '',
  title      TEXT NOT NULL DEFAULT '',
  section_id INTEGER REFERENCES sections (id) ON DELETE RESTRICT,
  email      TEXT NOT NULL DEFAULT '',
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE INDEX people_section ON people (section_id);
CREATE INDEX people_name ON people (kana, name);

-- The roles a person holds under the standard.  The function is generic (the MIC
-- structure every municipality follows); what the loaded standard calls it is data.
-- section_id names the 課等 a section-officer is responsible for.
CREATE TABLE person_roles (
  id         INTEGER PRIMARY KEY,
  uuid       TEXT NOT NULL UNIQUE,
  person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  function   TEXT NOT NULL CHECK (function IN ('chief', 'coordinator', 'network-admin',
                                               'system-admin', 'section-officer', 'staff')),
  section_id INTEGER REFERENCES sections (id) ON DELETE RESTRICT,
  CHECK (function <> 'section-officer' OR section_id IS NOT NULL),
  UNIQUE (person_id, function, section_id)
) STRICT;

CREATE UNIQUE INDEX person_roles_one_officer ON person_roles (section_id)
  WHERE function = 'section-officer';
CREATE INDEX person_roles_function ON person_roles (function, section_id);

-- 年度: April to March, named by the year it starts in.
CREATE TABLE fiscal_years (
  year       INTEGER PRIMARY KEY CHECK (year BETWEEN 1989 AND 2200),
  uuid       TEXT NOT NULL UNIQUE,
  starts_on  TEXT NOT NULL,
  ends_on    TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  CHECK (starts_on = printf ('%04d-04-01', year)),
  CHECK (ends_on = printf ('%04d-03-31', year + 1))
) STRICT;

INSERT INTO audited_tables (name, label) VALUES
  ('sections', 'Sections'),
  ('people', 'People'),
  ('person_roles', 'Roles'),
  ('fiscal_years', 'Fiscal years');

-- The standard as data -------------------------------------------------------------------------
-- Loaded from data/standards/*.xml (validated against mamori-standard-1.xsd).  A standard's
-- content is never edited in place: loading a new version adds a row, and what was answered
-- against the old one stays pinned to it.  Loading is an event in the audit log carrying the
-- file's SHA-256.

CREATE TABLE standards (
  id                INTEGER PRIMARY KEY,
  code              TEXT NOT NULL,
  version           TEXT NOT NULL,
  catalogue_version TEXT NOT NULL,
  title             TEXT NOT NULL,
  title_en          TEXT NOT NULL DEFAULT '',
  issuer            TEXT NOT NULL,
  source_sha256     TEXT NOT NULL CHECK (length(source_sha256) = 64),
  loaded_at         TEXT NOT NULL,
  active            INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  UNIQUE (code, version, catalogue_version)
) STRICT;

CREATE UNIQUE INDEX standards_one_active ON standards (active) WHERE active = 1;

CREATE TABLE standard_revisions (
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  date        TEXT NOT NULL,
  in_force    TEXT,
  number      TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE standard_roles (
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  code        TEXT NOT NULL,
  function    TEXT NOT NULL CHECK (function IN ('chief', 'coordinator', 'network-admin',
                                                'system-admin', 'section-officer', 'staff',
                                                'headquarters')),
  name        TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  ordinal     INTEGER NOT NULL,
  PRIMARY KEY (standard_id, code)
) STRICT;

CREATE TABLE articles (
  id          INTEGER PRIMARY KEY,
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  ref         TEXT NOT NULL,
  parent_ref  TEXT,
  number      TEXT NOT NULL,
  depth       INTEGER NOT NULL CHECK (depth >= 0),
  ordinal     INTEGER NOT NULL,
  title       TEXT NOT NULL DEFAULT '',
  title_en    TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL DEFAULT '',
  gloss       TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  duty        INTEGER NOT NULL DEFAULT 0 CHECK (duty IN (0, 1)),
  search_text TEXT NOT NULL DEFAULT '',
  UNIQUE (standard_id, ref)
) STRICT;

CREATE INDEX articles_order ON articles (standard_id, ordinal);

CREATE TABLE classification_classes (
  standard_id        INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  code               TEXT NOT NULL,
  name               TEXT NOT NULL,
  name_en            TEXT NOT NULL DEFAULT '',
  ref                TEXT NOT NULL,
  rank               INTEGER NOT NULL,
  requires_criterion INTEGER NOT NULL CHECK (requires_criterion IN (0, 1)),
  PRIMARY KEY (standard_id, code)
) STRICT;

CREATE TABLE classification_criteria (
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  class_code  TEXT NOT NULL,
  code        TEXT NOT NULL,
  ref         TEXT NOT NULL,
  body        TEXT NOT NULL,
  gloss       TEXT NOT NULL DEFAULT '',
  ordinal     INTEGER NOT NULL,
  PRIMARY KEY (standard_id, class_code, code)
) STRICT;

CREATE TABLE area_classes (
  standard_id    INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  code           TEXT NOT NULL,
  name           TEXT NOT NULL,
  name_en        TEXT NOT NULL DEFAULT '',
  ref            TEXT NOT NULL,
  rank           INTEGER NOT NULL,
  description    TEXT NOT NULL,
  description_en TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (standard_id, code)
) STRICT;

CREATE TABLE area_measures (
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  area_class  TEXT NOT NULL,
  code        TEXT NOT NULL,
  ref         TEXT NOT NULL,
  body        TEXT NOT NULL,
  gloss       TEXT NOT NULL DEFAULT '',
  ordinal     INTEGER NOT NULL,
  PRIMARY KEY (standard_id, area_class, code)
) STRICT;

CREATE TABLE incident_steps (
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  code        TEXT NOT NULL,
  ref         TEXT NOT NULL,
  body        TEXT NOT NULL,
  gloss       TEXT NOT NULL DEFAULT '',
  ordinal     INTEGER NOT NULL,
  PRIMARY KEY (standard_id, code)
) STRICT;

CREATE TABLE answer_options (
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  scale       TEXT NOT NULL,
  scale_name  TEXT NOT NULL,
  code        TEXT NOT NULL,
  meaning     TEXT NOT NULL CHECK (meaning IN ('complied', 'partial', 'not-complied',
                                               'not-applicable')),
  label       TEXT NOT NULL,
  label_en    TEXT NOT NULL DEFAULT '',
  requires    TEXT NOT NULL CHECK (requires IN ('none', 'reason', 'plan')),
  ordinal     INTEGER NOT NULL,
  PRIMARY KEY (standard_id, scale, code)
) STRICT;

CREATE TABLE catalogue_items (
  id                INTEGER PRIMARY KEY,
  standard_id       INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  code              TEXT NOT NULL,
  chapter_ref       TEXT NOT NULL,
  scale             TEXT NOT NULL,
  question          TEXT NOT NULL,
  gloss             TEXT NOT NULL DEFAULT '',
  iso               TEXT NOT NULL DEFAULT '',
  note              TEXT NOT NULL DEFAULT '',
  evidence_required INTEGER NOT NULL CHECK (evidence_required IN (0, 1)),
  prohibition       INTEGER NOT NULL CHECK (prohibition IN (0, 1)),
  supplementary     INTEGER NOT NULL CHECK (supplementary IN (0, 1)),
  ordinal           INTEGER NOT NULL,
  search_text       TEXT NOT NULL DEFAULT '',
  UNIQUE (standard_id, code)
) STRICT;

CREATE TABLE item_citations (
  item_id     INTEGER NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
  ref         TEXT NOT NULL,
  PRIMARY KEY (item_id, ref)
) STRICT, WITHOUT ROWID;

CREATE INDEX item_citations_ref ON item_citations (ref);

CREATE TABLE item_respondents (
  item_id     INTEGER NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
  role_code   TEXT NOT NULL,
  PRIMARY KEY (item_id, role_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE clause_sets (
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('outsourcing', 'dispatch')),
  ref         TEXT NOT NULL,
  title       TEXT NOT NULL,
  title_en    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (standard_id, kind)
) STRICT;

CREATE TABLE clauses (
  id          INTEGER PRIMARY KEY,
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('outsourcing', 'dispatch')),
  code        TEXT NOT NULL,
  ref         TEXT,
  body        TEXT NOT NULL,
  gloss       TEXT NOT NULL DEFAULT '',
  mandatory   INTEGER NOT NULL CHECK (mandatory IN (0, 1)),
  source      TEXT NOT NULL DEFAULT '',
  ordinal     INTEGER NOT NULL,
  UNIQUE (standard_id, code),
  FOREIGN KEY (standard_id, kind) REFERENCES clause_sets (standard_id, kind)
) STRICT;

CREATE INDEX clauses_ref ON clauses (ref);

CREATE TABLE operational_checks (
  id          INTEGER PRIMARY KEY,
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('outsourcing', 'dispatch')),
  code        TEXT NOT NULL,
  body        TEXT NOT NULL,
  gloss       TEXT NOT NULL DEFAULT '',
  ordinal     INTEGER NOT NULL,
  UNIQUE (standard_id, code)
) STRICT;

CREATE TABLE operational_check_citations (
  check_id    INTEGER NOT NULL REFERENCES operational_checks (id) ON DELETE CASCADE,
  ref         TEXT NOT NULL,
  PRIMARY KEY (check_id, ref)
) STRICT, WITHOUT ROWID;
