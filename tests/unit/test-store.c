/* test-store.c — opening, refusing, transactions, settings, a busy file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <glib/gstdio.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = mt_tmpdir_new ();
  f->path = g_build_filename (f->dir, "t.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->path);
  mt_tmpdir_free (f->dir);
}

#define ADD(path, func) \
  MT_ADD (path, Fixture, fixture_set_up, func, fixture_tear_down)

static gint64
count (MamoriStore *store,
       const char  *sql)
{
  return mt_sqlite_int (mamori_store_get_db (store), sql);
}

static void
test_create_permissions (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *nested = g_build_filename (f->dir, "a", "mamori", "mamori.db", NULL);
  g_autofree char *folder = g_path_get_dirname (nested);
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = mamori_store_open (nested, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpint (mt_file_mode (folder), ==, 0700);
  g_assert_cmpint (mt_file_mode (nested), ==, 0600);
  g_assert_cmpint (mamori_store_get_version (store), ==, mamori_store_latest_version ());
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (store), "PRAGMA application_id"), ==,
                   MAMORI_STORE_APPLICATION_ID);
  g_assert_false (mamori_store_is_read_only (store));
  g_assert_cmpstr (mamori_store_get_path (store), ==, nested);
  /* A new file has nothing to back up before its first migration. */
  g_assert_null (mamori_store_get_backup_path (store));
}

static void
test_default_path_is_isolated (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = mamori_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "mamori", "mamori.db",
                                                NULL);

  /* G_TEST_OPTION_ISOLATE_DIRS points XDG_DATA_HOME at a temporary folder: these tests never
   * touch the real user's database. */
  struct passwd *pw = getpwuid (getuid ());
  g_autofree char *real = NULL;

  g_assert_nonnull (pw);
  real = g_build_filename (pw->pw_dir, ".local", "share", NULL);
  g_assert_cmpstr (path, ==, expected);
  g_assert_false (g_str_has_prefix (path, real));
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  gint64 entries;

  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mamori_org_add_section (store, "X1", "総務部", NULL, 0, &id, &error));
  g_assert_no_error (error);
  entries = count (store, "SELECT count (*) FROM audit_log");
  g_clear_object (&store);

  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "SELECT count (*) FROM sections WHERE code = 'X1'"), ==, 1);
  /* Reopening an up-to-date file migrates nothing and records nothing. */
  g_assert_cmpint (count (store, "SELECT count (*) FROM audit_log"), ==, entries);
  g_assert_null (mamori_store_get_backup_path (store));
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "nope", "missing.db", NULL);
  g_autofree char *missing_dir = g_path_get_dirname (missing);
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriStore) ro = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  char *message = NULL;

  /* A file that does not exist is not created, nor is its folder. */
  ro = mamori_store_open (missing, MAMORI_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_null (ro);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mamori_org_add_section (store, "D1", "総務部", NULL, 0, NULL, &error));
  g_clear_object (&store);

  ro = mamori_store_open (f->path, MAMORI_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (mamori_store_is_read_only (ro));
  before = mt_db_fingerprint (mamori_store_get_db (ro), NULL, NULL);

  /* Through the API … */
  g_assert_false (mamori_store_begin (ro, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (mamori_org_add_section (ro, "D2", "区長室", NULL, 0, NULL, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (mamori_store_set_setting (ro, "k", "v", &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (mamori_store_in_transaction (ro));

  /* … and underneath it: the connection itself is read-only. */
  g_assert_cmpint (sqlite3_exec (mamori_store_get_db (ro),
                                 "INSERT INTO settings (key, value) VALUES ('k', 'v')", NULL,
                                 NULL, &message), ==, SQLITE_READONLY);
  sqlite3_free (message);
  g_assert_false (mamori_store_exec (ro, "DELETE FROM settings", &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  after = mt_db_fingerprint (mamori_store_get_db (ro), NULL, NULL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_not_sqlite (Fixture       *f,
                 gconstpointer  data)
{
  static const char text[] = "ID,名前\n1,これはデータベースではない\n";
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) after = NULL;

  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_MAMORI);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_null (store);

  after = mt_file_bytes (f->path);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), text,
                   strlen (text));
}

static void
test_other_program (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  sqlite3 *db;

  db = mt_sqlite_open (f->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  mt_sqlite_exec (db, "CREATE TABLE contacts (name TEXT, phone TEXT); "
                      "INSERT INTO contacts VALUES ('山田', '03-0000-0000'); "
                      "PRAGMA application_id = 0;");
  sqlite3_close (db);
  before = mt_file_bytes (f->path);

  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_MAMORI);
  g_assert_nonnull (strstr (error->message, "another program"));
  g_assert_null (store);
  g_clear_error (&error);

  /* Read-only too. */
  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_MAMORI);
  g_assert_null (store);

  after = mt_file_bytes (f->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *pragma = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  int future = mamori_store_latest_version () + 1;
  sqlite3 *db;

  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* As a newer Mamori would leave it: a schema this one does not know. */
  db = mt_sqlite_open (f->path, SQLITE_OPEN_READWRITE);
  pragma = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA journal_mode = DELETE;", future);
  mt_sqlite_exec (db, pragma);
  mt_sqlite_exec (db, "CREATE TABLE future_things (id INTEGER PRIMARY KEY)");
  sqlite3_close (db);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  before = mt_file_bytes (f->path);

  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  g_clear_error (&error);

  store = mamori_store_open (f->path, MAMORI_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_TOO_NEW);
  g_assert_null (store);

  /* Not migrated, not switched to WAL, not backed up: untouched. */
  after = mt_file_bytes (f->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_suffix (name, ".bak"));
  }
}

static void
test_pragmas (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autofree char *mode = NULL;

  store = mt_store_new (f->dir, "t.db");
  mode = mt_sqlite_text (mamori_store_get_db (store), "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (count (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (count (store, "PRAGMA synchronous"), ==, 2); /* FULL */

  /* And again on a second connection to an existing file. */
  g_clear_object (&store);
  g_clear_pointer (&mode, g_free);
  store = mt_store_new (f->dir, "t.db");
  mode = mt_sqlite_text (mamori_store_get_db (store), "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (count (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (count (store, "PRAGMA synchronous"), ==, 2);
}

static void
test_nested_transactions (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 entries;

  store = mt_store_new (f->dir, "t.db");
  entries = count (store, "SELECT count (*) FROM audit_log");

  /* A savepoint rolled back keeps the outer work. */
  g_assert_true (mamori_store_begin (store, &error));
  g_assert_true (mamori_org_add_section (store, "OUTER", "外側", NULL, 0, NULL, &error));
  g_assert_true (mamori_store_begin (store, &error));
  g_assert_true (mamori_org_add_section (store, "INNER", "内側", NULL, 0, NULL, &error));
  g_assert_cmpint (count (store, "SELECT count (*) FROM sections"), ==, 2);
  mamori_store_rollback (store);
  g_assert_true (mamori_store_in_transaction (store));
  g_assert_cmpint (count (store, "SELECT count (*) FROM sections WHERE code = 'INNER'"), ==, 0);
  /* Work after the rolled-back savepoint chains on from the outer entry, not the lost one. */
  g_assert_true (mamori_org_add_section (store, "AFTER", "後", NULL, 0, NULL, &error));
  g_assert_true (mamori_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_false (mamori_store_in_transaction (store));
  g_assert_cmpint (count (store, "SELECT count (*) FROM sections WHERE code IN ('OUTER', 'AFTER')"),
                   ==, 2);
  g_assert_cmpint (count (store, "SELECT count (*) FROM audit_log"), ==, entries + 2);
  g_assert_cmpint (count (store, "SELECT count (*) FROM audit_log WHERE after LIKE '%INNER%'"),
                   ==, 0);

  /* An outer rollback drops everything, committed savepoints included. */
  g_assert_true (mamori_store_begin (store, &error));
  g_assert_true (mamori_org_add_section (store, "GONE1", "消1", NULL, 0, NULL, &error));
  g_assert_true (mamori_store_begin (store, &error));
  g_assert_true (mamori_org_add_section (store, "GONE2", "消2", NULL, 0, NULL, &error));
  g_assert_true (mamori_store_commit (store, &error));
  mamori_store_rollback (store);
  g_assert_false (mamori_store_in_transaction (store));
  g_assert_cmpint (count (store, "SELECT count (*) FROM sections WHERE code LIKE 'GONE%'"), ==, 0);
  g_assert_cmpint (count (store, "SELECT count (*) FROM audit_log"), ==, entries + 2);

  /* The chain is whole after all that. */
  {
    g_autoptr(MamoriCheckReport) report = mamori_check_run (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->problems->len, ==, 0);
    g_assert_cmpint (report->audit.entries, ==, entries + 2);
  }
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *value = NULL;
  g_autofree char *after = NULL;
  gint64 events;

  store = mt_store_new (f->dir, "t.db");
  missing = mamori_store_get_setting (store, "organisation-name");
  g_assert_null (missing);
  events = mt_count_events (mamori_store_get_db (store), "setting");
  g_assert_cmpint (events, ==, 0);

  g_assert_true (mamori_store_set_setting (store, "organisation-name", "かえで区", &error));
  g_assert_no_error (error);
  value = mamori_store_get_setting (store, "organisation-name");
  g_assert_cmpstr (value, ==, "かえで区");
  g_clear_pointer (&value, g_free);

  g_assert_true (mamori_store_set_setting (store, "organisation-name", "もみじ区", &error));
  value = mamori_store_get_setting (store, "organisation-name");
  g_assert_cmpstr (value, ==, "もみじ区");
  {
    g_autofree char *text = mamori_store_query_text (store, "SELECT value FROM settings WHERE "
                                                            "key = 'organisation-name'");
    g_autofree char *none = mamori_store_query_text (store, "SELECT NULL");
    g_autofree char *empty = mamori_store_query_text (store, "SELECT 1 WHERE 0");
    g_autofree char *broken = mamori_store_query_text (store, "SELECT nothing FROM nowhere");

    g_assert_cmpstr (text, ==, "もみじ区");
    g_assert_null (none);
    g_assert_null (empty);
    g_assert_null (broken);
  }

  /* Each change is an event with what was set. */
  g_assert_cmpint (mt_count_events (mamori_store_get_db (store), "setting"), ==, 2);
  after = mt_sqlite_text (mamori_store_get_db (store),
                          "SELECT after FROM audit_log WHERE tbl = 'setting' ORDER BY seq DESC");
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (store),
                                  "SELECT json_extract (after, '$.value') = 'もみじ区' AND "
                                  "json_extract (after, '$.key') = 'organisation-name' "
                                  "FROM audit_log WHERE tbl = 'setting' ORDER BY seq DESC"),
                   ==, 1);
  g_assert_nonnull (after);

  /* A new connection sees it. */
  g_clear_object (&store);
  store = mt_store_new (f->dir, "t.db");
  g_clear_pointer (&value, g_free);
  value = mamori_store_get_setting (store, "organisation-name");
  g_assert_cmpstr (value, ==, "もみじ区");
}

static void
test_actor (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autofree char *actor = NULL;

  store = mt_store_new (f->dir, "t.db");
  g_assert_cmpstr (mamori_store_get_actor (store), ==, "system");
  mamori_store_set_actor (store, "佐藤 花子 (情報政策課)");
  g_assert_true (mamori_org_add_section (store, "A1", "総務部", NULL, 0, NULL, NULL));
  actor = mt_sqlite_text (mamori_store_get_db (store),
                          "SELECT actor FROM audit_log ORDER BY seq DESC LIMIT 1");
  g_assert_cmpstr (actor, ==, "佐藤 花子 (情報政策課)");
  mamori_store_set_actor (store, "   ");
  g_assert_cmpstr (mamori_store_get_actor (store), ==, "system");
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 start, elapsed;
  sqlite3 *other;

  store = mt_store_new (f->dir, "t.db");
  g_assert_true (mamori_org_add_section (store, "B1", "総務部", NULL, 0, NULL, &error));
  before = mt_db_fingerprint (mamori_store_get_db (store), NULL, NULL);

  /* Another program holds the write lock … */
  other = mt_sqlite_open (f->path, SQLITE_OPEN_READWRITE);
  mt_sqlite_exec (other, "BEGIN IMMEDIATE");

  /* … so beginning fails after the busy timeout (5 s), not at once and not never. */
  start = g_get_monotonic_time ();
  g_assert_false (mamori_store_begin (store, &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, f->path));
  g_test_message ("busy after %.2f s", elapsed / (double)G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, >=, 4 * G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <, 15 * G_USEC_PER_SEC);
  g_assert_false (mamori_store_in_transaction (store));
  g_clear_error (&error);

  /* A whole audited write fails the same way and leaves nothing behind. */
  g_assert_false (mamori_org_add_section (store, "B2", "区長室", NULL, 0, NULL, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_BUSY);
  g_assert_false (mamori_store_in_transaction (store));
  g_clear_error (&error);

  mt_sqlite_exec (other, "ROLLBACK");
  after = mt_db_fingerprint (mamori_store_get_db (store), NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  /* Once the other program lets go, the store works again and the chain holds. */
  g_assert_true (mamori_org_add_section (store, "B2", "区長室", NULL, 0, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MamoriCheckReport) report = mamori_check_run (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->problems->len, ==, 0);
  }
  sqlite3_close (other);
}

/* Something else in the process reads the database file and closes it, as GLib's content
 * sniffing does when a file chooser lists the folder: POSIX drops every lock the process held
 * on the file.  Another program that then opens and closes the database must not take itself
 * for the last one and delete the write-ahead log under the open store. */
static void
test_lock_survives_close (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *shm = NULL;
  g_autofree char *value = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  sqlite3 *other;

  if (g_test_subprocess ())
    {
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open_v2 (g_getenv ("MAMORI_TEST_DB"), &db, SQLITE_OPEN_READWRITE,
                                        NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, "SELECT count (*) FROM settings", NULL, NULL, NULL),
                       ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
      return;
    }

  dir = mt_tmpdir_new ();
  store = mt_store_new (dir, "ward.db");
  path = g_build_filename (dir, "ward.db", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  mamori_store_set_setting (store, "before", "1", &error);
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (shm, &contents, NULL, NULL));

  g_setenv ("MAMORI_TEST_DB", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  mamori_store_set_setting (store, "after", "2", &error);
  g_assert_no_error (error);
  other = mt_sqlite_open (path, SQLITE_OPEN_READONLY);
  value = mt_sqlite_text (other, "SELECT value FROM settings WHERE key = 'after'");
  sqlite3_close (other);
  g_assert_cmpstr (value, ==, "2");

  g_clear_object (&store);
  mt_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  ADD ("/store/open/create-permissions", test_create_permissions);
  ADD ("/store/open/default-path-isolated", test_default_path_is_isolated);
  ADD ("/store/open/reopen", test_reopen);
  ADD ("/store/open/read-only", test_read_only);
  ADD ("/store/open/not-sqlite", test_not_sqlite);
  ADD ("/store/open/other-program", test_other_program);
  ADD ("/store/open/too-new", test_too_new);
  ADD ("/store/pragmas", test_pragmas);
  ADD ("/store/transactions/nested", test_nested_transactions);
  ADD ("/store/settings", test_settings);
  ADD ("/store/actor", test_actor);
  ADD ("/store/busy", test_busy);
  mt_add_func ("/store/lock-survives-close", test_lock_survives_close);

  return g_test_run ();
}
