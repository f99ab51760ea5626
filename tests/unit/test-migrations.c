/* test-migrations.c — a database of the first schema, upgraded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/fixtures/schema-1.sql is a database written when schema 1 was the latest (see
 * make-schema1.c beside it).  Opening it must upgrade it to the latest schema, keep a copy of
 * it as it was, keep every row and the audit chain whole, and record the upgrade.
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>

static const char *const org_tables[] = {
  "sections", "people", "person_roles", "fiscal_years", "settings", NULL,
};

typedef struct
{
  char *dir;
  char *path;
} Fixture;

/* A new file holding the fixture, as schema 1 left it. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *fixture = mt_test_data ("fixtures", "schema-1.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  f->dir = mt_tmpdir_new ();
  f->path = g_build_filename (f->dir, "old.db", NULL);

  g_file_get_contents (fixture, &sql, NULL, &error);
  g_assert_no_error (error);
  db = mt_sqlite_open (f->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  mt_sqlite_exec (db, sql);
  g_assert_cmpint (mt_sqlite_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (mt_sqlite_int (db, "PRAGMA application_id"), ==, MAMORI_STORE_APPLICATION_ID);
  sqlite3_close (db);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->path);
  mt_tmpdir_free (f->dir);
}

static GPtrArray *
list_backups (const char *dir)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, ".schema1-") != NULL && g_str_has_suffix (name, ".bak"))
      g_ptr_array_add (found, g_build_filename (dir, name, NULL));
  return found;
}

static void
test_upgrade_schema1 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autofree char *org_before = NULL;
  g_autofree char *org_after = NULL;
  g_autofree char *org_backup = NULL;
  g_autofree char *all_before = NULL;
  g_autofree char *all_backup = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *detail = NULL;
  gint64 entries_before;
  sqlite3 *db;

  db = mt_sqlite_open (f->path, SQLITE_OPEN_READONLY);
  org_before = mt_db_fingerprint (db, org_tables, NULL);
  all_before = mt_db_fingerprint (db, NULL, NULL);
  entries_before = mt_sqlite_int (db, "SELECT count (*) FROM audit_log");
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM sqlite_schema WHERE name = 'assets'"),
                   ==, 0);
  /* The fixture is not empty, or this test would prove little. */
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM sections"), >=, 4);
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM people"), >=, 3);
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM person_roles"), >=, 4);
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM fiscal_years"), >=, 1);
  sqlite3_close (db);

  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mamori_store_get_version (store), ==, mamori_store_latest_version ());
  g_assert_cmpint (mamori_store_latest_version (), >, 1);

  /* A copy of the file as it was, beside it, named after the schema it holds. */
  g_assert_nonnull (mamori_store_get_backup_path (store));
  prefix = g_strconcat (f->path, ".schema1-", NULL);
  g_assert_true (g_str_has_prefix (mamori_store_get_backup_path (store), prefix));
  g_assert_true (g_str_has_suffix (mamori_store_get_backup_path (store), ".bak"));
  g_assert_true (g_file_test (mamori_store_get_backup_path (store), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (mt_file_mode (mamori_store_get_backup_path (store)), ==, 0600);
  backups = list_backups (f->dir);
  g_assert_cmpuint (backups->len, ==, 1);

  db = mt_sqlite_open (mamori_store_get_backup_path (store), SQLITE_OPEN_READONLY);
  g_assert_cmpint (mt_sqlite_int (db, "PRAGMA user_version"), ==, 1);
  org_backup = mt_db_fingerprint (db, org_tables, NULL);
  all_backup = mt_db_fingerprint (db, NULL, NULL);
  sqlite3_close (db);
  g_assert_cmpstr (org_backup, ==, org_before);
  g_assert_cmpstr (all_backup, ==, all_before);

  /* The organisation is intact; the new table exists. */
  org_after = mt_db_fingerprint (mamori_store_get_db (store), org_tables, NULL);
  g_assert_cmpstr (org_after, ==, org_before);
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (store),
                                  "SELECT count (*) FROM sqlite_schema WHERE type = 'table' "
                                  "AND name = 'assets'"), ==, 1);
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (store),
                                  "SELECT count (*) FROM audited_tables WHERE name = 'assets'"),
                   ==, 1);

  /* The upgrade is recorded: one schema event per step, the last naming the latest schema. */
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (store), "SELECT count (*) FROM audit_log"),
                   ==, entries_before + mamori_store_migration_count () - 1);
  detail = mt_sqlite_text (mamori_store_get_db (store),
                           "SELECT after FROM audit_log WHERE action = 'event' AND tbl = 'schema' "
                           "ORDER BY seq DESC LIMIT 1");
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (store),
                                  "SELECT json_extract (after, '$.schema') FROM audit_log "
                                  "ORDER BY seq DESC LIMIT 1"), ==, mamori_store_latest_version ());
  g_assert_nonnull (detail);

  /* The chain runs on across the upgrade, and every row matches it. */
  report = mamori_check_run (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("problem: %s", (const char *)g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpint (report->audit.entries, ==, entries_before + mamori_store_migration_count () - 1);
  g_assert_cmpint (report->schema_version, ==, mamori_store_latest_version ());

  /* And the upgraded file takes new records of the new schema. */
  {
    MamoriAssetRecord r = { 0 };
    gint64 owner = mt_sqlite_int (mamori_store_get_db (store),
                                  "SELECT id FROM sections WHERE level = 'section' LIMIT 1");

    r.code = g_strdup ("A-1");
    r.name = g_strdup ("住民記録");
    r.kind = g_strdup ("electronic");
    r.owner_section_id = owner;
    r.class_code = g_strdup ("I");
    r.lockable = r.finalised = r.write_protected = MAMORI_UNKNOWN;
    g_assert_true (mamori_standard_ensure_loaded (store, &error));
    g_assert_true (mamori_store_begin (store, &error));
    g_assert_true (mamori_asset_insert (store, &r, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (mamori_store_commit (store, &error));
    mamori_asset_record_clear (&r);
  }
  g_clear_pointer (&report, mamori_check_report_free);
  report = mamori_check_run (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->problems->len, ==, 0);
}

static void
test_idempotent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mamori_store_get_backup_path (store));
  first = mt_db_fingerprint (mamori_store_get_db (store), NULL, NULL);
  g_clear_object (&store);

  /* Opening again: nothing to do, no new backup, no new entry. */
  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_null (mamori_store_get_backup_path (store));
  second = mt_db_fingerprint (mamori_store_get_db (store), NULL, NULL);
  g_assert_cmpstr (first, ==, second);
  g_assert_true (mamori_store_migrate (store, &error));
  g_assert_no_error (error);
  g_assert_null (mamori_store_get_backup_path (store));
  g_clear_pointer (&second, g_free);
  second = mt_db_fingerprint (mamori_store_get_db (store), NULL, NULL);
  g_assert_cmpstr (first, ==, second);

  backups = list_backups (f->dir);
  g_assert_cmpuint (backups->len, ==, 1);
}

static void
test_no_migrate_flag (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  /* NO_MIGRATE leaves an old file as it is (for restore, or a check of an old copy). */
  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_NO_MIGRATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mamori_store_get_version (store), ==, 1);
  g_assert_null (mamori_store_get_backup_path (store));
  backups = list_backups (f->dir);
  g_assert_cmpuint (backups->len, ==, 0);

  /* An old file checks clean as it is. */
  {
    g_autoptr(MamoriCheckReport) report = mamori_check_run (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->problems->len, ==, 0);
    g_assert_cmpint (report->schema_version, ==, 1);
  }
}

/* Two threads, each with its own connection, open one new file at once. */

typedef struct
{
  const char *path;
  GCond      *cond;
  GMutex     *mutex;
  gboolean   *go;
  GError     *error;
  int         version;
} Opener;

static gpointer
open_in_thread (gpointer data)
{
  Opener *o = data;
  MamoriStore *store;

  g_mutex_lock (o->mutex);
  while (!*o->go)
    g_cond_wait (o->cond, o->mutex);
  g_mutex_unlock (o->mutex);

  store = mamori_store_open (o->path, MAMORI_STORE_OPEN_DEFAULT, &o->error);
  if (store != NULL)
    {
      o->version = mamori_store_get_version (store);
      g_object_unref (store);
    }
  return NULL;
}

static void
test_two_threads (void)
{
  g_autofree char *dir = mt_tmpdir_new ();

  /* The race is in a few milliseconds around the first writes to a new file (turning it to
   * WAL, creating the schema): one round rarely hits it, a hundred do. */

  for (guint round = 0; round < 100; round++)
    {
      g_autofree char *name = g_strdup_printf ("race%u.db", round);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GMutex mutex;
      GCond cond;
      gboolean go = FALSE;
      Opener openers[2];
      GThread *threads[2];
      sqlite3 *db;

      g_mutex_init (&mutex);
      g_cond_init (&cond);
      for (guint i = 0; i < 2; i++)
        {
          openers[i] = (Opener) { path, &cond, &mutex, &go, NULL, 0 };
          threads[i] = g_thread_new ("opener", open_in_thread, &openers[i]);
        }
      g_mutex_lock (&mutex);
      go = TRUE;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&mutex);
      for (guint i = 0; i < 2; i++)
        {
          g_thread_join (threads[i]);
          g_assert_no_error (openers[i].error);
          g_assert_cmpint (openers[i].version, ==, mamori_store_latest_version ());
        }
      g_mutex_clear (&mutex);
      g_cond_clear (&cond);

      /* The schema was applied once: one schema event per migration, no more. */
      db = mt_sqlite_open (path, SQLITE_OPEN_READONLY);
      g_assert_cmpint (mt_count_events (db, "schema"), ==, mamori_store_migration_count ());
      g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM audited_tables"), ==,
                       mt_sqlite_int (db, "SELECT count (DISTINCT name) FROM audited_tables"));
      sqlite3_close (db);
    }

  mt_tmpdir_free (g_steal_pointer (&dir));
}

/* Schema 8: the tables an import writes a million rows of check their lists of values without
 * the temporary table SQLite builds for an IN list in every INSERT, and still refuse what
 * they refused. */
static const char *const list_inserts[] = {
  "INSERT INTO audit_log (seq, at, actor, action, tbl, row_key, before, after, prev_hash, hash) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  "INSERT INTO assets (uuid, code, name, kind, owner_section_id, class_code, registered_on) "
  "VALUES (?, ?, ?, ?, ?, ?, ?)",
  "INSERT INTO area_entries (uuid, area_id, name, kind, entered_at) VALUES (?, ?, ?, ?, ?)",
};

static void
assert_no_temporary_table (sqlite3 *db)
{
  for (guint i = 0; i < G_N_ELEMENTS (list_inserts); i++)
    {
      g_autofree char *sql = g_strdup_printf ("EXPLAIN %s", list_inserts[i]);
      sqlite3_stmt *stmt = NULL;
      guint opcodes = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          opcodes++;
          if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), "OpenEphemeral") == 0)
            g_error ("%s opens a temporary table", list_inserts[i]);
        }
      sqlite3_finalize (stmt);
      g_assert_cmpuint (opcodes, >, 10);
    }
}

static int
try_insert (sqlite3    *db,
            const char *sql)
{
  int rc;

  mt_sqlite_exec (db, "SAVEPOINT try");
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  mt_sqlite_exec (db, "ROLLBACK TO try; RELEASE try");
  return rc & 0xff;
}

static void
assert_lists_enforced (sqlite3 *db)
{
  static const char *const hash = "'" "0123456789abcdef0123456789abcdef"
                                  "0123456789abcdef0123456789abcdef" "'";
  gint64 section = mt_sqlite_int (db, "SELECT id FROM sections LIMIT 1");
  g_autofree char *audit = NULL, *asset = NULL;

  g_assert_cmpint (section, >, 0);
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM areas"), >, 0);
  for (const char *const *action = (const char *const[]){ "'update'", "'Update'", "'event'",
                                                          "'remove'", NULL };
       *action; action++)
    {
      gboolean valid = strcmp (*action, "'update'") == 0;

      g_free (audit);
      audit = g_strdup_printf ("INSERT INTO audit_log (seq, at, actor, action, tbl, row_key, "
                               "prev_hash, hash) VALUES (1000000, 'now', 'test', %s, 'assets', "
                               "%s, %s, %s)", *action,
                               strcmp (*action, "'event'") == 0 ? "'x'" : "'uuid'", hash, hash);
      /* An event names no row: 'event' with a row is refused by the other rule. */
      g_assert_cmpint (try_insert (db, audit), ==, valid ? SQLITE_OK : SQLITE_CONSTRAINT);
    }
  for (const char *const *kind = (const char *const[]){ "'design-doc'", "'other'", "'paper'",
                                                        "'Paper'", "'book'", "''", "NULL", NULL };
       *kind; kind++)
    {
      gboolean valid = strcmp (*kind, "'design-doc'") == 0 || strcmp (*kind, "'other'") == 0 ||
                       strcmp (*kind, "'paper'") == 0;

      g_free (asset);
      asset = g_strdup_printf ("INSERT INTO assets (uuid, code, name, kind, owner_section_id, "
                               "class_code, registered_on) VALUES ('u-8', 'C-8', '台帳', %s, "
                               "%" G_GINT64_FORMAT ", 'II', '2026-04-01')", *kind, section);
      g_assert_cmpint (try_insert (db, asset), ==, valid ? SQLITE_OK : SQLITE_CONSTRAINT);
    }
  for (const char *const *kind = (const char *const[]){ "'staff'", "'contractor'", "'other'",
                                                        "'visitor'", NULL };
       *kind; kind++)
    {
      g_autofree char *entry = g_strdup_printf ("INSERT INTO area_entries (uuid, area_id, name, "
                                                "kind, entered_at) SELECT 'e-8', id, '新宿 花子', "
                                                "%s, '2026-04-01T09:00' FROM areas "
                                                "LIMIT 1", *kind);

      g_assert_cmpint (try_insert (db, entry), ==,
                       strcmp (*kind, "'visitor'") != 0 ? SQLITE_OK : SQLITE_CONSTRAINT);
    }
}

static void
test_checks_without_lists (void)
{
  static const char *const tables[] = { "assets", "area_entries", "areas", "sections", "people",
                                        NULL };
  g_autofree char *dir = mt_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "ward.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *rows_before = NULL, *rows_after = NULL;
  MamoriCheckReport *report;

  /* A ward of schema 7 with assets and their audit entries, upgraded. */
  {
    g_autoptr(MamoriStore) store = mamori_store_open (path, MAMORI_STORE_OPEN_NO_MIGRATE, &error);

    g_assert_no_error (error);
    g_assert_true (mamori_store_migrate_to (store, 7, &error));
    g_assert_no_error (error);
    g_assert_true (mamori_demo_build (store, &(MamoriDemoOptions){ .sections = 4, .assets = 50,
                                                                  .areas = 2, .entries = 40,
                                                                  .seed = 8 }, NULL, &error));
    g_assert_no_error (error);
    rows_before = mt_db_fingerprint (mamori_store_get_db (store), tables, NULL);
    g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (store), "SELECT count (*) FROM "
                                    "sqlite_schema WHERE sql LIKE '%kind IN (''electronic''%'"),
                     ==, 1);
  }
  {
    g_autoptr(MamoriStore) store = mamori_store_open (path, MAMORI_STORE_OPEN_DEFAULT, &error);
    g_autofree char *integrity = NULL;
    sqlite3 *db;

    g_assert_no_error (error);
    db = mamori_store_get_db (store);
    g_assert_cmpint (mamori_store_get_version (store), ==, mamori_store_latest_version ());
    g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM sqlite_schema WHERE (sql LIKE "
                                        "'%kind IN (%' OR sql LIKE '%action IN (%') AND name IN "
                                        "('audit_log', 'assets', 'area_entries', 'area_permits')"),
                     ==, 0);
    assert_no_temporary_table (db);
    assert_lists_enforced (db);
    integrity = mt_sqlite_text (db, "PRAGMA integrity_check");
    g_assert_cmpstr (integrity, ==, "ok");
    report = mamori_check_run (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->problems->len, ==, 0);
    mamori_check_report_free (report);
    /* Every row as it was. */
    rows_after = mt_db_fingerprint (db, tables, NULL);
    g_assert_cmpstr (rows_after, ==, rows_before);
  }
  /* A new ward is made the same way. */
  {
    g_autofree char *fresh = g_build_filename (dir, "new.db", NULL);
    g_autoptr(MamoriStore) store = mamori_store_open (fresh, MAMORI_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    assert_no_temporary_table (mamori_store_get_db (store));
  }
  mt_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  MT_ADD ("/migrations/schema1/upgrade", Fixture, fixture_set_up, test_upgrade_schema1,
          fixture_tear_down);
  MT_ADD ("/migrations/schema1/idempotent", Fixture, fixture_set_up, test_idempotent,
          fixture_tear_down);
  MT_ADD ("/migrations/schema1/no-migrate", Fixture, fixture_set_up, test_no_migrate_flag,
          fixture_tear_down);
  mt_add_func ("/migrations/two-threads-new-file", test_two_threads);
  mt_add_func ("/migrations/schema8/checks-without-lists", test_checks_without_lists);

  return g_test_run ();
}
