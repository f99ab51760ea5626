/* test-audit.c — the audit log, and every way of going behind Mamori's back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tamper test builds a small organisation through the core (so every row has its
 * entries), then changes the file with a second, plain sqlite3 connection — as another
 * program or a person with the sqlite3 shell would — and asserts that mamori_audit_verify
 * and mamori_check_run name exactly the entry or record concerned.
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <string.h>

typedef struct
{
  char        *dir;
  char        *path;
  MamoriStore *store;
  sqlite3     *raw;        /* the other program */
  gint64       department;
  gint64       section;
  gint64       person;
  char        *section_uuid;
  char        *asset_uuid;
} Fixture;

static void
add_asset (Fixture    *f,
           const char *code,
           char      **out_uuid)
{
  g_autoptr(GError) error = NULL;
  MamoriAssetRecord r = { 0 };

  r.code = g_strdup (code);
  r.name = g_strdup_printf ("住民記録 %s", code);
  r.kind = g_strdup ("electronic");
  r.owner_section_id = f->section;
  r.class_code = g_strdup ("I");
  r.criteria = g_strdup ("ア");
  r.lockable = MAMORI_YES;
  r.finalised = MAMORI_NO;
  r.write_protected = MAMORI_UNKNOWN;
  r.registered_on = g_strdup ("2026-04-01");
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_asset_insert (f->store, &r, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (f->store, &error));
  if (out_uuid)
    *out_uuid = mt_sqlite_text (mamori_store_get_db (f->store),
                                "SELECT uuid FROM assets ORDER BY id DESC LIMIT 1");
  mamori_asset_record_clear (&r);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = mt_tmpdir_new ();
  f->path = g_build_filename (f->dir, "t.db", NULL);
  f->store = mt_store_new (f->dir, "t.db");
  mamori_store_set_actor (f->store, "佐藤 花子");
  /* Assets are classified with the classes of the loaded standard. */
  g_assert_true (mamori_standard_load_default (f->store, &error));

  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", "そうむぶ", 0,
                                         &f->department, &error));
  g_assert_true (mamori_org_add_section (f->store, "010100", "情報政策課", NULL, f->department,
                                         &f->section, &error));
  g_assert_true (mamori_org_add_section (f->store, "010200", "人事課", NULL, f->department, NULL,
                                         &error));
  g_assert_true (mamori_org_add_person (f->store, "000001", "佐藤 花子", NULL, "課長",
                                        f->section, &f->person, &error));
  g_assert_true (mamori_org_assign_role (f->store, f->person, "section-officer", f->section,
                                         &error));
  g_assert_true (mamori_org_ensure_fiscal_year (f->store, 2026, &error));
  g_assert_no_error (error);
  add_asset (f, "A-1", &f->asset_uuid);
  add_asset (f, "A-2", NULL);
  add_asset (f, "A-3", NULL);

  f->section_uuid = mt_sqlite_text (mamori_store_get_db (f->store),
                                    "SELECT uuid FROM sections WHERE code = '010100'");
  f->raw = mt_sqlite_open (f->path, SQLITE_OPEN_READWRITE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sqlite3_close (f->raw);
  g_clear_object (&f->store);
  g_free (f->section_uuid);
  g_free (f->asset_uuid);
  g_free (f->path);
  mt_tmpdir_free (f->dir);
}

#define ADD(path, func) \
  MT_ADD (path, Fixture, fixture_set_up, func, fixture_tear_down)

static GPtrArray *
verify (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *problems = NULL;
  MamoriAuditSummary summary = { 0 };

  g_assert_true (mamori_audit_verify (f->store, 20, &problems, &summary, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    {
      MamoriAuditProblem *p = g_ptr_array_index (problems, i);
      g_test_message ("problem kind %d seq %" G_GINT64_FORMAT " %s %s: %s", p->kind, p->seq,
                      p->table ? p->table : "-", p->row_key ? p->row_key : "-", p->message);
    }
  mamori_audit_summary_clear (&summary);
  return problems;
}

static MamoriCheckReport *
check (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  MamoriCheckReport *report = mamori_check_run (f->store, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static gint64
last_entry_about (Fixture    *f,
                  const char *table,
                  const char *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT max (seq) FROM audit_log WHERE tbl = '%s' "
                                          "AND row_key = '%s'", table, uuid);

  return mt_sqlite_int (f->raw, sql);
}

/* Every audited write ------------------------------------------------------------------------ */

static void
test_every_write_recorded (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  sqlite3 *db = mamori_store_get_db (f->store);
  static const char *const tables[] = {
    "sections", "people", "person_roles", "fiscal_years", "assets",
  };

  /* Every row of every audited table has an insert entry whose after is the row. */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *expr = mamori_store_row_json_expr (f->store, tables[i], "t", NULL);
      g_autofree char *sql = NULL;

      g_assert_nonnull (expr);
      sql = g_strdup_printf ("SELECT count (*) FROM \"%s\" AS t WHERE NOT EXISTS ("
                             " SELECT 1 FROM audit_log AS a"
                             " WHERE a.tbl = '%s' AND a.row_key = t.uuid"
                             " AND a.action = 'insert' AND a.before IS NULL AND a.after = %s"
                             " AND a.actor = '佐藤 花子')", tables[i], tables[i], expr);
      g_assert_cmpint (mt_sqlite_int (db, sql), ==, 0);
      g_free (sql);
      sql = g_strdup_printf ("SELECT count (*) FROM \"%s\"", tables[i]);
      g_assert_cmpint (mt_sqlite_int (db, sql), >, 0);
    }

  /* Ten rows, ten entries, plus one schema event per migration. */
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM audit_log WHERE action = 'insert'"),
                   ==, 3 + 1 + 1 + 1 + 3);
  g_assert_cmpint (mt_count_events (db, "schema"), ==, mamori_store_migration_count ());
  {
    g_autofree char *code = mt_sqlite_text (db, "SELECT json_extract (after, '$.code') FROM "
                                                "audit_log WHERE tbl = 'sections' AND row_key = "
                                                "(SELECT uuid FROM sections WHERE id = 2)");
    g_assert_cmpstr (code, ==, "010100");
  }

  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 0);
  report = check (f);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpint (report->audit.entries, ==,
                   mt_sqlite_int (db, "SELECT count (*) FROM audit_log"));
  {
    g_autofree char *head = mt_sqlite_text (db, "SELECT hash FROM audit_log ORDER BY seq DESC");
    g_assert_cmpstr (report->audit.head_hash, ==, head);
  }
}

static void
test_update_records_before_and_after (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  sqlite3 *db = mamori_store_get_db (f->store);
  sqlite3_stmt *stmt;
  gint64 entries = mt_sqlite_int (db, "SELECT count (*) FROM audit_log");

  /* An UPDATE that changes nothing writes no entry. */
  g_assert_true (mamori_store_begin (f->store, &error));
  stmt = mamori_store_prepare (f->store, "UPDATE sections SET name = name WHERE uuid = ?", &error);
  g_assert_nonnull (stmt);
  mamori_bind_text (stmt, 1, f->section_uuid);
  g_assert_true (mamori_store_audited_step (f->store, "sections", f->section_uuid,
                                            MAMORI_AUDIT_UPDATE, stmt, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM audit_log"), ==, entries);

  /* One that does writes one, with the row before and after. */
  g_assert_true (mamori_store_begin (f->store, &error));
  stmt = mamori_store_prepare (f->store, "UPDATE sections SET name = '情報システム課' "
                                         "WHERE uuid = ?", &error);
  mamori_bind_text (stmt, 1, f->section_uuid);
  g_assert_true (mamori_store_audited_step (f->store, "sections", f->section_uuid,
                                            MAMORI_AUDIT_UPDATE, stmt, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM audit_log"), ==, entries + 1);
  g_assert_cmpint (mt_sqlite_int (db,
                                  "SELECT action = 'update' "
                                  " AND json_extract (before, '$.name') = '情報政策課' "
                                  " AND json_extract (after, '$.name') = '情報システム課' "
                                  " AND json_extract (before, '$.code') = '010100' "
                                  " AND json_extract (after, '$.code') = '010100' "
                                  "FROM audit_log ORDER BY seq DESC LIMIT 1"), ==, 1);

  /* A delete records the row as it was and no after. */
  g_assert_true (mamori_store_begin (f->store, &error));
  stmt = mamori_store_prepare (f->store, "DELETE FROM assets WHERE uuid = ?", &error);
  mamori_bind_text (stmt, 1, f->asset_uuid);
  g_assert_true (mamori_store_audited_step (f->store, "assets", f->asset_uuid,
                                            MAMORI_AUDIT_DELETE, stmt, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_cmpint (mt_sqlite_int (db,
                                  "SELECT action = 'delete' AND after IS NULL "
                                  " AND json_extract (before, '$.code') = 'A-1' "
                                  "FROM audit_log ORDER BY seq DESC LIMIT 1"), ==, 1);

  /* A change of a row that is gone is refused, and nothing is written. */
  entries = mt_sqlite_int (db, "SELECT count (*) FROM audit_log");
  g_assert_true (mamori_store_begin (f->store, &error));
  stmt = mamori_store_prepare (f->store, "DELETE FROM assets WHERE uuid = ?", &error);
  mamori_bind_text (stmt, 1, f->asset_uuid);
  g_assert_false (mamori_store_audited_step (f->store, "assets", f->asset_uuid,
                                             MAMORI_AUDIT_DELETE, stmt, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND);
  mamori_store_rollback (f->store);
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM audit_log"), ==, entries);

  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *head = mt_audit_head (f->raw);
  g_autofree char *after = NULL;
  sqlite3 *dbs[2] = { mamori_store_get_db (f->store), f->raw };

  /* Neither through the store's connection nor through another program's. */
  for (guint i = 0; i < G_N_ELEMENTS (dbs); i++)
    {
      /* (the store's connection reports extended codes: SQLITE_CONSTRAINT_TRIGGER) */
      g_assert_cmpint (sqlite3_exec (dbs[i], "UPDATE audit_log SET actor = 'x' WHERE seq = 2",
                                     NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
      g_assert_nonnull (strstr (sqlite3_errmsg (dbs[i]), "append-only"));
      g_assert_cmpint (sqlite3_exec (dbs[i], "DELETE FROM audit_log WHERE seq = 2", NULL, NULL,
                                     NULL) & 0xff, ==, SQLITE_CONSTRAINT);
      g_assert_nonnull (strstr (sqlite3_errmsg (dbs[i]), "append-only"));
      g_assert_cmpint (sqlite3_exec (dbs[i], "DELETE FROM audit_log", NULL, NULL, NULL) & 0xff,
                       ==, SQLITE_CONSTRAINT);
    }
  after = mt_audit_head (f->raw);
  g_assert_cmpstr (head, ==, after);
  g_assert_cmpint (mt_sqlite_int (f->raw, "SELECT count (*) FROM audit_log WHERE actor = 'x'"),
                   ==, 0);
}

static void
test_hash_canonical_form (Fixture       *f,
                          gconstpointer  data)
{
  sqlite3_stmt *stmt = NULL;
  int n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (f->raw, "SELECT seq, at, actor, action, tbl, row_key, "
                                               "before, after, prev_hash, hash FROM audit_log "
                                               "ORDER BY seq", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MamoriAuditFields fields = {
        .seq = sqlite3_column_int64 (stmt, 0),
        .at = (const char *)sqlite3_column_text (stmt, 1),
        .actor = (const char *)sqlite3_column_text (stmt, 2),
        .action = (const char *)sqlite3_column_text (stmt, 3),
        .table = (const char *)sqlite3_column_text (stmt, 4),
        .row_key = (const char *)sqlite3_column_text (stmt, 5),
        .before = (const char *)sqlite3_column_text (stmt, 6),
        .after = (const char *)sqlite3_column_text (stmt, 7),
        .prev_hash = (const char *)sqlite3_column_text (stmt, 8),
      };
      const char *stored = (const char *)sqlite3_column_text (stmt, 9);
      g_autofree char *hash = mamori_audit_entry_hash (&fields);
      g_autoptr(GString) canonical = g_string_new (NULL);
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, fields.seq);
      const char *values[] = {
        "mamori-audit-1", seq, fields.at, fields.actor, fields.action, fields.table,
        fields.row_key, fields.before, fields.after, fields.prev_hash,
      };
      g_autofree char *independent = NULL;

      g_assert_cmpstr (hash, ==, stored);

      /* The documented form, written out here independently: each field as
       * "<byte length>:<bytes>;", a NULL field as "~;", in this order. */
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        {
          if (values[i] == NULL)
            g_string_append (canonical, "~;");
          else
            g_string_append_printf (canonical, "%zu:%s;", strlen (values[i]), values[i]);
        }
      independent = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical->str,
                                                   canonical->len);
      g_assert_cmpstr (independent, ==, stored);
      g_assert_cmpuint (strlen (stored), ==, 64);
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (n, >, 5);

  /* NULL and the empty string are different entries. */
  {
    MamoriAuditFields a = {
      .seq = 1, .at = "t", .actor = "a", .action = "event", .table = "x", .row_key = NULL,
      .before = NULL, .after = "", .prev_hash = MAMORI_AUDIT_GENESIS,
    };
    MamoriAuditFields b = a;
    g_autofree char *ha = NULL;
    g_autofree char *hb = NULL;

    b.after = NULL;
    ha = mamori_audit_entry_hash (&a);
    hb = mamori_audit_entry_hash (&b);
    g_assert_cmpstr (ha, !=, hb);
  }
}

/* Tampering ------------------------------------------------------------------------------------ */

static void
test_tamper_edit_row (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  gint64 seq = last_entry_about (f, "sections", f->section_uuid);
  g_autofree char *entry = g_strdup_printf ("#%" G_GINT64_FORMAT, seq);

  g_assert_cmpint (seq, >, 0);
  mt_sqlite_exec (f->raw, "UPDATE sections SET name = '改ざん課' WHERE code = '010100'");

  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (mt_has_problem (problems, MAMORI_AUDIT_PROBLEM_CHANGED, seq, f->section_uuid));
  g_assert_cmpstr (((MamoriAuditProblem *)g_ptr_array_index (problems, 0))->table, ==, "sections");

  report = check (f);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (mt_report_mentions (report, f->section_uuid, entry, NULL));
}

static void
test_tamper_delete_row (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  gint64 seq = last_entry_about (f, "assets", f->asset_uuid);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM assets WHERE uuid = '%s'", f->asset_uuid);
  g_autofree char *entry = g_strdup_printf ("#%" G_GINT64_FORMAT, seq);

  mt_sqlite_exec (f->raw, sql);

  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (mt_has_problem (problems, MAMORI_AUDIT_PROBLEM_DELETED, seq, f->asset_uuid));

  report = check (f);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (mt_report_mentions (report, f->asset_uuid, entry, NULL));
}

static void
test_tamper_insert_row (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  const char *uuid = "00000000-0000-4000-8000-000000000bad";
  g_autofree char *sql = g_strdup_printf ("INSERT INTO sections (uuid, code, name, level, "
                                          "parent_id) VALUES ('%s', '019900', '幽霊課', "
                                          "'section', %" G_GINT64_FORMAT ")", uuid,
                                          f->department);

  mt_sqlite_exec (f->raw, sql);

  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (mt_has_problem (problems, MAMORI_AUDIT_PROBLEM_UNRECORDED, 0, uuid));

  report = check (f);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (mt_report_mentions (report, uuid, NULL));
}

static void
test_tamper_entry_actor (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  g_autofree char *person = mt_sqlite_text (f->raw, "SELECT uuid FROM people");
  gint64 seq = last_entry_about (f, "people", person);

  /* The triggers stand in the way: drop them, as someone covering their tracks would. */
  mt_sqlite_exec (f->raw, "DROP TRIGGER audit_log_no_update");
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE audit_log SET actor = '鈴木 太郎' WHERE seq = %"
                                            G_GINT64_FORMAT, seq);
    mt_sqlite_exec (f->raw, sql);
  }

  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (mt_has_problem (problems, MAMORI_AUDIT_PROBLEM_CHAIN, seq, NULL));

  report = check (f);
  {
    g_autofree char *entry = g_strdup_printf ("#%" G_GINT64_FORMAT " ", seq);
    g_assert_cmpuint (report->problems->len, ==, 1);
    g_assert_true (mt_report_mentions (report, entry, "altered", NULL));
  }
}

static void
test_tamper_delete_entry (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  gint64 total = mt_sqlite_int (f->raw, "SELECT count (*) FROM audit_log");
  /* The first entry about a row from the middle on (events name no row). */
  g_autofree char *middle_sql = g_strdup_printf ("SELECT min (seq) FROM audit_log WHERE seq >= %"
                                                 G_GINT64_FORMAT " AND row_key IS NOT NULL",
                                                 total / 2);
  gint64 middle = mt_sqlite_int (f->raw, middle_sql);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM audit_log WHERE seq = %" G_GINT64_FORMAT,
                                          middle);
  g_autofree char *entry = g_strdup_printf ("#%" G_GINT64_FORMAT " ", middle);
  g_autofree char *row_key = g_strdup_printf ("SELECT row_key FROM audit_log WHERE seq = %"
                                              G_GINT64_FORMAT, middle);
  g_autofree char *key = mt_sqlite_text (f->raw, row_key);

  g_assert_cmpint (middle, >, 1);
  mt_sqlite_exec (f->raw, "DROP TRIGGER audit_log_no_delete");
  mt_sqlite_exec (f->raw, sql);

  problems = verify (f);
  g_assert_true (mt_has_problem (problems, MAMORI_AUDIT_PROBLEM_CHAIN, middle, NULL));
  /* The chain problem comes first, and only one: past the break nothing can be trusted. */
  g_assert_cmpint (((MamoriAuditProblem *)g_ptr_array_index (problems, 0))->kind, ==,
                   MAMORI_AUDIT_PROBLEM_CHAIN);
  {
    guint chain = 0;
    for (guint i = 0; i < problems->len; i++)
      chain += ((MamoriAuditProblem *)g_ptr_array_index (problems, i))->kind ==
               MAMORI_AUDIT_PROBLEM_CHAIN;
    g_assert_cmpuint (chain, ==, 1);
  }
  /* The row the lost entry was about now has no entry: it is reported too. */
  g_assert_nonnull (key);
  g_assert_true (mt_has_problem (problems, MAMORI_AUDIT_PROBLEM_UNRECORDED, 0, key));

  report = check (f);
  g_assert_true (mt_report_mentions (report, entry, "missing", NULL));
}

static void
test_tamper_prev_hash (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  gint64 seq = 4;

  mt_sqlite_exec (f->raw, "DROP TRIGGER audit_log_no_update");
  mt_sqlite_exec (f->raw, "UPDATE audit_log SET prev_hash = "
                          "'1111111111111111111111111111111111111111111111111111111111111111' "
                          "WHERE seq = 4");

  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (mt_has_problem (problems, MAMORI_AUDIT_PROBLEM_CHAIN, seq, NULL));

  report = check (f);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (mt_report_mentions (report, "#4 ", NULL));
}

static void
test_tamper_rewrite_chain_tail (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  gint64 seq = last_entry_about (f, "sections", f->section_uuid);
  g_autofree char *sql = NULL;

  /* Edit the row and its entry's after together, without recomputing the hash: the entry's
   * hash gives it away. */
  mt_sqlite_exec (f->raw, "DROP TRIGGER audit_log_no_update");
  mt_sqlite_exec (f->raw, "UPDATE sections SET name = '改ざん課' WHERE code = '010100'");
  sql = g_strdup_printf ("UPDATE audit_log SET after = json_set (after, '$.name', '改ざん課') "
                         "WHERE seq = %" G_GINT64_FORMAT, seq);
  mt_sqlite_exec (f->raw, sql);

  problems = verify (f);
  g_assert_true (mt_has_problem (problems, MAMORI_AUDIT_PROBLEM_CHAIN, seq, NULL));
  g_assert_false (mt_has_problem (problems, MAMORI_AUDIT_PROBLEM_CHANGED, seq, f->section_uuid));
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  ADD ("/audit/every-write-recorded", test_every_write_recorded);
  ADD ("/audit/update-before-after", test_update_records_before_and_after);
  ADD ("/audit/append-only", test_append_only);
  ADD ("/audit/hash-canonical-form", test_hash_canonical_form);
  ADD ("/audit/tamper/edit-row", test_tamper_edit_row);
  ADD ("/audit/tamper/delete-row", test_tamper_delete_row);
  ADD ("/audit/tamper/insert-row", test_tamper_insert_row);
  ADD ("/audit/tamper/entry-actor", test_tamper_entry_actor);
  ADD ("/audit/tamper/delete-entry", test_tamper_delete_entry);
  ADD ("/audit/tamper/prev-hash", test_tamper_prev_hash);
  ADD ("/audit/tamper/rewrite-entry", test_tamper_rewrite_chain_tail);

  return g_test_run ();
}
