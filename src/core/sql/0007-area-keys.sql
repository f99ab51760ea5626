-- Mamori schema 7: the lending register of the keys and authentication cards of managed areas
-- (鍵・入館証 貸出簿, 第3-2-(2)-ア (イ)): who borrowed which key or card of which area, when,
-- approved by whom, by when it is due back and when it came back.
--
-- Times are ISO 8601 local time without seconds ("2026-04-01T09:30").  A loan not returned by
-- its due time (or, without one, by the end of the day it was lent) fails the standard's
-- area-key-return rule; that is computed when read (mamori-area-keys.c), not stored.

CREATE TABLE area_key_loans (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,
  area_id      INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
  key_number   TEXT NOT NULL CHECK (length (key_number) BETWEEN 1 AND 64),
  person_id    INTEGER REFERENCES people (id) ON DELETE RESTRICT,
  name         TEXT NOT NULL CHECK (length (name) BETWEEN 1 AND 100),
  approver_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
  lent_at      TEXT NOT NULL CHECK (length (lent_at) = 16),
  due_at       TEXT CHECK (due_at IS NULL OR (length (due_at) = 16 AND due_at >= lent_at)),
  returned_at  TEXT CHECK (returned_at IS NULL OR returned_at >= lent_at),
  note         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX area_key_loans_area ON area_key_loans (area_id, lent_at);
-- The keys out now, one loan a key at a time.
CREATE UNIQUE INDEX area_key_loans_open ON area_key_loans (area_id, key_number)
  WHERE returned_at IS NULL;

INSERT INTO audited_tables (name, label) VALUES
  ('area_key_loans', 'Key and card loans');
