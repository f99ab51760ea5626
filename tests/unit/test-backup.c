/* test-backup.c — copies of the database, and putting one back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct
{
  char        *dir;
  char        *path;
  char        *backup;
  MamoriStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MamoriDemoOptions options;

  f->dir = mt_tmpdir_new ();
  f->path = g_build_filename (f->dir, "live.db", NULL);
  f->backup = g_build_filename (f->dir, "copy.mamori-backup", NULL);
  f->store = mt_store_new (f->dir, "live.db");

  mamori_demo_options_init (&options);
  options.sections = 8;
  options.assets = 300;
  g_assert_true (mamori_demo_build (f->store, &options, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  g_free (f->backup);
  mt_tmpdir_free (f->dir);
}

#define ADD(path, func) \
  MT_ADD (path, Fixture, fixture_set_up, func, fixture_tear_down)

static void
write_backup (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mamori_backup_write (f->store, f->backup, &error));
  g_assert_no_error (error);
}

static GPtrArray *
files_with (const char *dir,
            const char *infix)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, infix) != NULL)
      g_ptr_array_add (found, g_build_filename (dir, name, NULL));
  return found;
}

static void
assert_check_passes (MamoriStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckReport) report = mamori_check_run (store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("problem: %s", (const char *)g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, 0);
}

static void
test_write (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->backup, "-wal", NULL);
  g_autofree char *mode = NULL;
  g_autofree char *live = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GPtrArray) partial = NULL;
  g_autofree char *detail = NULL;
  const char *const tables[] = { "sections", "people", "person_roles", "assets", "standards",
                                 "articles", "audit_log", NULL };
  gint64 entries;
  sqlite3 *db;

  entries = mt_sqlite_int (mamori_store_get_db (f->store), "SELECT count (*) FROM audit_log");
  live = mt_db_fingerprint (mamori_store_get_db (f->store), tables, NULL);
  write_backup (f);

  /* One file, for the owner only, with no WAL beside it. */
  g_assert_cmpint (mt_file_mode (f->backup), ==, 0600);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  partial = files_with (f->dir, ".partial-");
  g_assert_cmpuint (partial->len, ==, 0);

  /* Readable by plain sqlite3, read-only, on its own. */
  db = mt_sqlite_open (f->backup, SQLITE_OPEN_READONLY);
  mode = mt_sqlite_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "delete");
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM assets"), ==, 300);
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM sections WHERE level = 'section'"),
                   ==, 8);
  g_assert_cmpint (mt_sqlite_int (db, "SELECT count (*) FROM audit_log"), ==, entries);
  g_assert_cmpint (mt_sqlite_int (db, "PRAGMA application_id"), ==, MAMORI_STORE_APPLICATION_ID);
  g_assert_cmpint (mt_sqlite_int (db, "PRAGMA user_version"), ==, mamori_store_latest_version ());
  copy = mt_db_fingerprint (db, tables, NULL);
  g_assert_cmpstr (copy, ==, live);
  sqlite3_close (db);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* The backup is in the source's audit log (after the copy, so not in the copy). */
  g_assert_cmpint (mt_count_events (mamori_store_get_db (f->store), "backup"), ==, 1);
  detail = mt_sqlite_text (mamori_store_get_db (f->store),
                           "SELECT json_extract (after, '$.file') FROM audit_log WHERE tbl = "
                           "'backup'");
  g_assert_cmpstr (detail, ==, f->backup);
  assert_check_passes (f->store);

  /* And the copy checks clean as a Mamori database of its own. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MamoriStore) ro = mamori_store_open (f->backup, MAMORI_STORE_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    assert_check_passes (ro);
  }
}

static void
test_write_refuses_existing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) after = NULL;
  static const char precious[] = "someone's file";

  g_assert_true (g_file_set_contents (f->backup, precious, -1, NULL));
  g_assert_false (mamori_backup_write (f->store, f->backup, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, f->backup));

  after = mt_file_bytes (f->backup);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), precious,
                   strlen (precious));
  g_assert_cmpint (mt_count_events (mamori_store_get_db (f->store), "backup"), ==, 0);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *safety = NULL;
  g_autofree char *mode = NULL;
  gint64 sections;
  sqlite3 *kept;

  write_backup (f);
  sections = mt_sqlite_int (mamori_store_get_db (f->store), "SELECT count (*) FROM sections");

  /* A change made after the backup … */
  g_assert_true (mamori_org_add_section (f->store, "990000", "復元後に消える部", NULL, 0, NULL,
                                         &error));
  g_assert_no_error (error);

  g_assert_true (mamori_backup_restore (f->store, f->backup, &safety, &error));
  g_assert_no_error (error);

  /* … is gone. */
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (f->store),
                                  "SELECT count (*) FROM sections WHERE code = '990000'"), ==, 0);
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (f->store), "SELECT count (*) FROM sections"),
                   ==, sections);

  /* The database as it was is kept, change and all. */
  g_assert_nonnull (safety);
  g_assert_true (g_str_has_prefix (safety, f->path));
  g_assert_true (g_file_test (safety, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (mt_file_mode (safety), ==, 0600);
  kept = mt_sqlite_open (safety, SQLITE_OPEN_READONLY);
  g_assert_cmpint (mt_sqlite_int (kept, "SELECT count (*) FROM sections WHERE code = '990000'"),
                   ==, 1);
  sqlite3_close (kept);

  /* The restore is recorded, the chain holds, and the file is still a WAL database. */
  g_assert_cmpint (mt_count_events (mamori_store_get_db (f->store), "restore"), ==, 1);
  assert_check_passes (f->store);
  mode = mt_sqlite_text (mamori_store_get_db (f->store), "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");

  /* It can be written to, and another connection sees the restored content. */
  g_assert_true (mamori_org_add_section (f->store, "990001", "復元後の部", NULL, 0, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);
  f->store = mt_store_new (f->dir, "live.db");
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (f->store),
                                  "SELECT count (*) FROM sections "
                                  "WHERE code IN ('990000', '990001')"),
                   ==, 1);
  assert_check_passes (f->store);
}

static void
test_restore_tampered (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *safety = NULL;
  sqlite3 *db;

  write_backup (f);
  g_assert_true (mamori_org_add_section (f->store, "990000", "残るべき部", NULL, 0, NULL, &error));
  before = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);

  /* Someone edits a row of the backup file. */
  db = mt_sqlite_open (f->backup, SQLITE_OPEN_READWRITE);
  uuid = mt_sqlite_text (db, "SELECT uuid FROM assets ORDER BY id LIMIT 1");
  mt_sqlite_exec (db, "UPDATE assets SET name = name || '（書換）' WHERE id = "
                      "(SELECT min (id) FROM assets)");
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);

  g_assert_false (mamori_backup_restore (f->store, f->backup, &safety, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  /* The message names the file and the record that was altered. */
  g_assert_nonnull (strstr (error->message, f->backup));
  g_assert_nonnull (strstr (error->message, uuid));

  /* The live database is exactly as it was, and no safety copy was needed. */
  after = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);
  g_assert_cmpstr (before, ==, after);
  kept = files_with (f->dir, "before-restore");
  g_assert_cmpuint (kept->len, ==, 0);
}

static void
test_restore_not_a_database (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);

  g_assert_true (g_file_set_contents (f->backup, "SQLite format 3\0 but not really", 32, NULL));
  before = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);

  g_assert_false (mamori_backup_restore (f->store, f->backup, NULL, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_MAMORI);
  g_assert_nonnull (strstr (error->message, f->backup));
  g_clear_error (&error);

  /* Nor a file that is not there (and nothing is created in its place). */
  g_assert_false (mamori_backup_restore (f->store, missing, NULL, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Nor a database of another program. */
  {
    g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
    sqlite3 *db = mt_sqlite_open (other, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

    mt_sqlite_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    sqlite3_close (db);
    g_assert_false (mamori_backup_restore (f->store, other, NULL, &error));
    g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_MAMORI);
  }

  after = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);
  g_assert_cmpstr (before, ==, after);
  {
    g_autoptr(GPtrArray) kept = files_with (f->dir, "before-restore");
    g_assert_cmpuint (kept->len, ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  ADD ("/backup/write", test_write);
  ADD ("/backup/write-refuses-existing", test_write_refuses_existing);
  ADD ("/backup/restore", test_restore);
  ADD ("/backup/restore-tampered", test_restore_tampered);
  ADD ("/backup/restore-not-a-database", test_restore_not_a_database);

  return g_test_run ();
}
