-- Mamori schema 5: outsourcing and dispatch contracts (委託契約) and their clause checklists.
--
-- A contract is checked against the clause set of its kind in the standard that was active
-- when it was entered (pinned by standard_id, like answers to a catalogue): one row of
-- contract_clauses per clause of that set, one row of contract_checks per operational check.
-- Which mandatory clauses are missing is computed when read, never stored, so that a row
-- always matches the last entry of the audit log about it.

CREATE TABLE contracts (
  id             INTEGER PRIMARY KEY,
  uuid           TEXT NOT NULL UNIQUE,
  number         TEXT NOT NULL UNIQUE CHECK (length (number) BETWEEN 1 AND 64),
  title          TEXT NOT NULL CHECK (length (title) BETWEEN 1 AND 200),
  vendor         TEXT NOT NULL CHECK (length (vendor) BETWEEN 1 AND 200),
  section_id     INTEGER NOT NULL REFERENCES sections (id) ON DELETE RESTRICT,
  kind           TEXT NOT NULL CHECK (kind IN ('outsourcing', 'dispatch')),
  standard_id    INTEGER NOT NULL REFERENCES standards (id) ON DELETE RESTRICT,
  starts_on      TEXT NOT NULL,
  ends_on        TEXT NOT NULL,
  class_code     TEXT NOT NULL DEFAULT '',
  subcontracting INTEGER NOT NULL DEFAULT 0 CHECK (subcontracting IN (0, 1)),
  subcontractor  TEXT NOT NULL DEFAULT '',
  responsible    TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'checked', 'concluded', 'ended')),
  concluded_on   TEXT,
  ended_on       TEXT,
  renewal_of     INTEGER REFERENCES contracts (id) ON DELETE SET NULL,
  note           TEXT NOT NULL DEFAULT '',
  CHECK (ends_on >= starts_on),
  CHECK ((status IN ('concluded', 'ended')) = (concluded_on IS NOT NULL)),
  CHECK ((status = 'ended') = (ended_on IS NOT NULL))
) STRICT;

CREATE INDEX contracts_section ON contracts (section_id, number);
CREATE INDEX contracts_ending ON contracts (ends_on) WHERE status = 'concluded';
CREATE INDEX contracts_renewal ON contracts (renewal_of) WHERE renewal_of IS NOT NULL;

-- A clause of the contract's set, answered: stated (明記あり), not-stated (明記なし),
-- not-applicable (該当なし) or NULL (not answered yet); the article of the contract document
-- that states it, and a note.
CREATE TABLE contract_clauses (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  clause_id   INTEGER NOT NULL REFERENCES clauses (id) ON DELETE RESTRICT,
  answer      TEXT CHECK (answer IN ('stated', 'not-stated', 'not-applicable')),
  article     TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  UNIQUE (contract_id, clause_id)
) STRICT;

CREATE INDEX contract_clauses_clause ON contract_clauses (clause_id, answer);
-- The answers that may leave a clause missing, for the list's count of missing clauses: a
-- few rows per contract instead of every clause of every contract.
CREATE INDEX contract_clauses_open ON contract_clauses (contract_id, clause_id)
  WHERE answer IS NULL OR answer <> 'stated';

-- An operational check of the contract's kind (第5-4-(4), 第5-5-(4) in Shinjuku's numbering):
-- done or not, when, and a note.
CREATE TABLE contract_checks (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  check_id    INTEGER NOT NULL REFERENCES operational_checks (id) ON DELETE RESTRICT,
  done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  done_on     TEXT,
  note        TEXT NOT NULL DEFAULT '',
  CHECK (done = 1 OR done_on IS NULL),
  UNIQUE (contract_id, check_id)
) STRICT;

-- The contractor's staff who do the work.  A managed area's permits name contractor staff by
-- contract number and name: area_permits.contract_number = contracts.number and
-- area_permits.name = contract_workers.name.
CREATE TABLE contract_workers (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 100),
  kana        TEXT NOT NULL DEFAULT '',
  role        TEXT NOT NULL DEFAULT '',
  id_shown_on TEXT,
  note        TEXT NOT NULL DEFAULT '',
  UNIQUE (contract_id, name)
) STRICT;

CREATE INDEX contract_workers_name ON contract_workers (name);

-- The contract document and other evidence.  The bytes live in document_blobs, named by
-- their SHA-256: written once, never changed, so that the audited row (name, size, digest)
-- says all that changes and a backup of the database carries the files with it.
CREATE TABLE document_blobs (
  sha256 TEXT PRIMARY KEY CHECK (length (sha256) = 64),
  size   INTEGER NOT NULL CHECK (size >= 0),
  bytes  BLOB NOT NULL,
  CHECK (length (bytes) = size)
) STRICT, WITHOUT ROWID;

CREATE TABLE contract_documents (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  file_name   TEXT NOT NULL CHECK (length (file_name) BETWEEN 1 AND 255),
  media_type  TEXT NOT NULL DEFAULT 'application/octet-stream',
  size        INTEGER NOT NULL CHECK (size >= 0),
  sha256      TEXT NOT NULL REFERENCES document_blobs (sha256) ON DELETE RESTRICT,
  attached_on TEXT NOT NULL
) STRICT;

CREATE INDEX contract_documents_contract ON contract_documents (contract_id);
CREATE INDEX contract_documents_blob ON contract_documents (sha256);

INSERT INTO audited_tables (name, label) VALUES
  ('contracts', 'Contracts'),
  ('contract_clauses', 'Contract clauses'),
  ('contract_checks', 'Contract checks'),
  ('contract_workers', 'Contractor staff'),
  ('contract_documents', 'Contract documents');
