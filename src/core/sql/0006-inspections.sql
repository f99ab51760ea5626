-- Mamori schema 6: the yearly inspection cycle (点検), audit findings (監査), the management
-- evaluation (評価) and the review proposals (見直し) that come out of it.
--
-- A cycle pins the standard (and so the catalogue version) it was opened with: its items and
-- answer options are those rows, never a copy.  A section's sheet holds one row per answered
-- item; submitting freezes it (content_hash over its answers), and every submission and the
-- coordinator's decision on it is a row of inspection_submissions.  All of it is audited.

CREATE TABLE inspection_cycles (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('fiscal-year', 'ad-hoc')),
  fiscal_year INTEGER NOT NULL REFERENCES fiscal_years (year) ON DELETE RESTRICT,
  title       TEXT NOT NULL CHECK (length (title) BETWEEN 1 AND 200),
  standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE RESTRICT,
  period_from TEXT NOT NULL,
  period_to   TEXT NOT NULL,
  due_on      TEXT NOT NULL,
  previous_id INTEGER REFERENCES inspection_cycles (id) ON DELETE SET NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_on  TEXT NOT NULL,
  CHECK (period_from <= period_to)
) STRICT;

CREATE UNIQUE INDEX inspection_cycles_one_per_year ON inspection_cycles (fiscal_year)
  WHERE kind = 'fiscal-year';

-- One sheet per section in the cycle's scope.  version counts acceptances undone by a
-- change: a sheet changed after acceptance is a new version that needs acceptance again.
CREATE TABLE inspection_sheets (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  cycle_id     INTEGER NOT NULL REFERENCES inspection_cycles (id) ON DELETE CASCADE,
  section_id   INTEGER NOT NULL REFERENCES sections (id) ON DELETE RESTRICT,
  version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  status       TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'submitted', 'returned', 'accepted')),
  content_hash TEXT CHECK (content_hash IS NULL OR length (content_hash) = 64),
  submitted_by TEXT,
  submitted_at TEXT,
  reviewed_by  TEXT,
  reviewed_at  TEXT,
  return_reason TEXT,
  CHECK ((status IN ('submitted', 'accepted')) <= (content_hash IS NOT NULL)),
  CHECK (status <> 'returned' OR length (return_reason) > 0),
  UNIQUE (cycle_id, section_id)
) STRICT;

CREATE INDEX inspection_sheets_section ON inspection_sheets (section_id, cycle_id);

-- An answer to one catalogue item.  meaning is the answer option's meaning, kept beside the
-- code so that the roll-up counts without a join (the option rows are immutable).
CREATE TABLE inspection_answers (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  sheet_id     INTEGER NOT NULL REFERENCES inspection_sheets (id) ON DELETE CASCADE,
  item_id      INTEGER NOT NULL REFERENCES catalogue_items (id) ON DELETE RESTRICT,
  answer       TEXT NOT NULL,
  meaning      TEXT NOT NULL CHECK (meaning IN ('complied', 'partial', 'not-complied',
                                                'not-applicable')),
  evidence     TEXT NOT NULL DEFAULT '',
  observation  TEXT NOT NULL DEFAULT '',
  reason       TEXT NOT NULL DEFAULT '',
  plan_action  TEXT NOT NULL DEFAULT '',
  plan_owner   TEXT NOT NULL DEFAULT '',
  plan_due     TEXT,
  plan_done_on TEXT,
  fact_note    TEXT NOT NULL DEFAULT '',
  answered_by  TEXT NOT NULL,
  answered_at  TEXT NOT NULL,
  CHECK (meaning <> 'not-applicable' OR length (reason) > 0),
  CHECK (meaning NOT IN ('partial', 'not-complied')
         OR (length (plan_action) > 0 AND length (plan_owner) > 0 AND plan_due IS NOT NULL)),
  UNIQUE (sheet_id, item_id)
) STRICT;

CREATE INDEX inspection_answers_item ON inspection_answers (item_id, meaning);
-- The roll-up counts answers by meaning from this index alone, never reading the rows.
CREATE INDEX inspection_answers_rollup ON inspection_answers (sheet_id, item_id, meaning);

-- Every submission of a sheet, with the coordinator's decision on it.
CREATE TABLE inspection_submissions (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  sheet_id     INTEGER NOT NULL REFERENCES inspection_sheets (id) ON DELETE CASCADE,
  version      INTEGER NOT NULL,
  content_hash TEXT NOT NULL CHECK (length (content_hash) = 64),
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  decision     TEXT CHECK (decision IS NULL OR decision IN ('accepted', 'returned')),
  decided_by   TEXT,
  decided_at   TEXT,
  reason       TEXT,
  CHECK ((decision IS NULL) = (decided_at IS NULL)),
  CHECK (decision IS NOT 'returned' OR length (reason) > 0)
) STRICT;

CREATE INDEX inspection_submissions_sheet ON inspection_submissions (sheet_id, id);

-- 監査 (第7-1): a finding of an auditor on a section, about one item or the section as a whole.
CREATE TABLE audit_findings (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  cycle_id     INTEGER NOT NULL REFERENCES inspection_cycles (id) ON DELETE CASCADE,
  section_id   INTEGER NOT NULL REFERENCES sections (id) ON DELETE RESTRICT,
  item_id      INTEGER REFERENCES catalogue_items (id) ON DELETE RESTRICT,
  auditor_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
  severity     TEXT NOT NULL CHECK (severity IN ('nonconformity', 'observation', 'good')),
  finding      TEXT NOT NULL CHECK (length (finding) > 0),
  found_on     TEXT NOT NULL
) STRICT;

CREATE INDEX audit_findings_cycle ON audit_findings (cycle_id, section_id);

-- 評価 (第7-3): management's evaluation of one chapter of the standard in a cycle.
CREATE TABLE evaluations (
  id             INTEGER PRIMARY KEY,
  uuid           TEXT NOT NULL UNIQUE,
  cycle_id       INTEGER NOT NULL REFERENCES inspection_cycles (id) ON DELETE CASCADE,
  chapter_ref    TEXT NOT NULL,
  rating         TEXT NOT NULL CHECK (rating IN ('adequate', 'improvement-needed',
                                                  'inadequate')),
  assessment     TEXT NOT NULL CHECK (length (assessment) > 0),
  circumstances  TEXT NOT NULL DEFAULT '',
  evaluated_by   TEXT NOT NULL,
  evaluated_on   TEXT NOT NULL,
  UNIQUE (cycle_id, chapter_ref)
) STRICT;

-- 見直し (第7-4): what the evaluation proposes to change, and what became of it.
CREATE TABLE review_proposals (
  id             INTEGER PRIMARY KEY,
  uuid           TEXT NOT NULL UNIQUE,
  evaluation_id  INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  ref            TEXT NOT NULL DEFAULT '',
  proposal       TEXT NOT NULL CHECK (length (proposal) > 0),
  status         TEXT NOT NULL DEFAULT 'proposed'
                   CHECK (status IN ('proposed', 'adopted', 'rejected')),
  decided_on     TEXT,
  CHECK ((status = 'proposed') = (decided_on IS NULL))
) STRICT;

CREATE INDEX review_proposals_evaluation ON review_proposals (evaluation_id);

INSERT INTO audited_tables (name, label) VALUES
  ('inspection_cycles', 'Inspection cycles'),
  ('inspection_sheets', 'Inspection sheets'),
  ('inspection_answers', 'Inspection answers'),
  ('inspection_submissions', 'Inspection submissions'),
  ('audit_findings', 'Audit findings'),
  ('evaluations', 'Evaluations'),
  ('review_proposals', 'Review proposals');
