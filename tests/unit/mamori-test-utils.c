/* mamori-test-utils.c — small helpers shared by the unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* G_TEST_OPTION_ISOLATE_DIRS points HOME and the XDG folders somewhere new for each test, and
 * GLib's g_set_user_dirs() then drops the previous strings on purpose (g_ignore_leak: a caller
 * may still hold them), which LeakSanitizer reports as leaks of ours under -Dsanitizers=true.
 * Keeping a reference to each test's strings, as g_ignore_leak does in a GLib built with
 * sanitizers, keeps them reachable.  So every test is added through mt_add_func or
 * mt_add_fixture, which do that before the test runs. */
static GPtrArray *kept;

static void
keep (gconstpointer p)
{
  if (kept == NULL)
    kept = g_ptr_array_new ();
  g_ptr_array_add (kept, (gpointer)p);
}

static void
keep_glib_user_dirs (void)
{
  keep (g_get_home_dir ());
  keep (g_get_user_cache_dir ());
  keep (g_get_user_config_dir ());
  keep (g_get_user_data_dir ());
  keep (g_get_user_state_dir ());
  keep (g_get_user_runtime_dir ());
  keep (g_get_system_config_dirs ());
  keep (g_get_system_data_dirs ());
}

typedef struct
{
  GTestFunc        func;
  GTestFixtureFunc setup;
  GTestFixtureFunc test;
  GTestFixtureFunc teardown;
} Case;

static void
run_func (gconstpointer data)
{
  const Case *c = data;

  keep_glib_user_dirs ();
  c->func ();
}

static void
run_setup (gpointer      fixture,
           gconstpointer data)
{
  const Case *c = data;

  keep_glib_user_dirs ();
  if (c->setup)
    c->setup (fixture, NULL);
}

static void
run_test (gpointer      fixture,
          gconstpointer data)
{
  ((const Case *)data)->test (fixture, NULL);
}

static void
run_teardown (gpointer      fixture,
              gconstpointer data)
{
  const Case *c = data;

  if (c->teardown)
    c->teardown (fixture, NULL);
}

void
mt_add_func (const char *path,
             GTestFunc   func)
{
  Case *c = g_new0 (Case, 1);

  c->func = func;
  keep (c);
  g_test_add_data_func (path, c, run_func);
}

void
mt_add_fixture (const char       *path,
                gsize             size,
                GTestFixtureFunc  setup,
                GTestFixtureFunc  test,
                GTestFixtureFunc  teardown)
{
  Case *c = g_new0 (Case, 1);

  c->setup = setup;
  c->test = test;
  c->teardown = teardown;
  keep (c);
  g_test_add_vtable (path, size, c, run_setup, run_test, run_teardown);
}

void
mt_init (int    *argc,
         char ***argv)
{
  /* Era dates of timestamps are rendered in local time: make it Japan's, whatever the
   * machine's. */
  g_setenv ("TZ", "Asia/Tokyo", TRUE);
  tzset ();
  /* Untranslated messages, whatever the developer's locale: tests look for words in them. */
  setlocale (LC_ALL, "C.UTF-8");

  mamori_core_init ();
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

char *
mt_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("mamori-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

void
mt_rm_rf (const char *path)
{
  GDir *dir;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          mt_rm_rf (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

void
mt_tmpdir_free (char *dir)
{
  if (dir == NULL)
    return;
  mt_rm_rf (dir);
  g_free (dir);
}

MamoriStore *
mt_store_new (const char *dir,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  MamoriStore *store = mamori_store_open (path, MAMORI_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

char *
mt_shipped_standard (const char *file)
{
  const char *root = g_getenv ("MAMORI_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "data", "standards", file, NULL);
}

char *
mt_test_data (const char *first,
              ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  /* G_TEST_SRCDIR is tests/ (set by tests/meson.build). */
  g_ptr_array_add (parts, (gpointer)g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer)"data");
  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer)p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **)parts->pdata);
}

sqlite3 *
mt_sqlite_open (const char *path,
                int         flags)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, flags, NULL);

  if (rc != SQLITE_OK)
    g_error ("sqlite3_open_v2 (%s): %s", path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_busy_timeout (db, 5000);
  return db;
}

void
mt_sqlite_exec (sqlite3    *db,
                const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s\n  %s", message ? message : sqlite3_errmsg (db), sql);
}

gint64
mt_sqlite_int (sqlite3    *db,
               const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("SQL failed: %s\n  %s", sqlite3_errmsg (db), sql);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("SQL returned no row: %s\n  %s", sqlite3_errmsg (db), sql);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

char *
mt_sqlite_text (sqlite3    *db,
                const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("SQL failed: %s\n  %s", sqlite3_errmsg (db), sql);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    g_error ("SQL failed: %s\n  %s", sqlite3_errmsg (db), sql);
  sqlite3_finalize (stmt);
  return value;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
fingerprint_table (sqlite3            *db,
                   const char         *table,
                   const char * const *exclude,
                   GString            *out)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("SQL failed: %s\n  %s", sqlite3_errmsg (db), sql);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *column = sqlite3_column_name (stmt, c);

          if (exclude && g_strv_contains (exclude, column))
            continue;
          if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
            g_string_append_printf (row, "%s=NULL|", column);
          else
            g_string_append_printf (row, "%s=%d:%s|", column, sqlite3_column_bytes (stmt, c),
                                    (const char *)sqlite3_column_text (stmt, c));
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  sqlite3_finalize (stmt);

  /* Order-independent, so that WITHOUT ROWID tables need no ORDER BY of their own. */
  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    {
      g_checksum_update (checksum, g_ptr_array_index (rows, i), -1);
      g_checksum_update (checksum, (const guchar *)"\n", 1);
    }
  g_string_append_printf (out, "%s: %u rows, %s\n", table, rows->len,
                          g_checksum_get_string (checksum));
}

char *
mt_db_fingerprint (sqlite3            *db,
                   const char * const *tables,
                   const char * const *exclude_columns)
{
  GString *out = g_string_new (NULL);
  g_autofree char *head = NULL;

  if (tables != NULL)
    {
      for (guint i = 0; tables[i]; i++)
        fingerprint_table (db, tables[i], exclude_columns, out);
      return g_string_free (out, FALSE);
    }
  else
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = "
                                               "'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
      g_assert_cmpuint (names->len, >, 0);
      for (guint i = 0; i < names->len; i++)
        fingerprint_table (db, g_ptr_array_index (names, i), exclude_columns, out);
    }

  head = mt_audit_head (db);
  g_string_append_printf (out, "audit head %s\n", head);
  g_string_append_printf (out, "user_version %" G_GINT64_FORMAT "\n",
                          mt_sqlite_int (db, "PRAGMA user_version"));
  return g_string_free (out, FALSE);
}

char *
mt_audit_head (sqlite3 *db)
{
  g_autofree char *hash = mt_sqlite_text (db, "SELECT hash FROM audit_log ORDER BY seq DESC "
                                              "LIMIT 1");
  gint64 seq = mt_sqlite_int (db, "SELECT coalesce (max (seq), 0) FROM audit_log");

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", seq, hash ? hash : "");
}

gint64
mt_count_events (sqlite3    *db,
                 const char *what)
{
  g_autofree char *sql = sqlite3_mprintf ("SELECT count (*) FROM audit_log WHERE action = "
                                          "'event' AND tbl = %Q", what);
  gint64 n = mt_sqlite_int (db, sql);

  sqlite3_free (g_steal_pointer (&sql));
  return n;
}

GBytes *
mt_file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

int
mt_file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

char *
mt_replace_once (const char *text,
                 const char *from,
                 const char *to)
{
  const char *at = strstr (text, from);

  if (at == NULL)
    g_error ("“%s” not found in the text to edit", from);
  return g_strdup_printf ("%.*s%s%s", (int)(at - text), text, to, at + strlen (from));
}

gboolean
mt_has_problem (GPtrArray              *problems,
                MamoriAuditProblemKind  kind,
                gint64                  seq,
                const char             *row_key)
{
  for (guint i = 0; i < problems->len; i++)
    {
      MamoriAuditProblem *p = g_ptr_array_index (problems, i);

      if (p->kind == kind && p->seq == seq &&
          (row_key == NULL || g_strcmp0 (p->row_key, row_key) == 0))
        return TRUE;
    }
  return FALSE;
}

gboolean
mt_report_mentions (MamoriCheckReport *report,
                    const char        *first,
                    ...)
{
  for (guint i = 0; i < report->problems->len; i++)
    {
      const char *sentence = g_ptr_array_index (report->problems, i);
      gboolean all = TRUE;
      va_list args;

      va_start (args, first);
      for (const char *needle = first; needle != NULL && all; needle = va_arg (args, const char *))
        all = strstr (sentence, needle) != NULL;
      va_end (args);
      if (all)
        return TRUE;
    }
  return FALSE;
}

gint64
mt_area_new (MamoriStore *store,
             const char  *code,
             const char  *name,
             const char  *class_code,
             gint64       section_id,
             gint64       officer_id)
{
  g_autoptr(GError) error = NULL;
  MamoriArea a = { 0 };
  gint64 id = 0;

  a.code = (char *)code;
  a.name = (char *)name;
  a.class_code = (char *)class_code;
  a.building = (char *)"本庁舎";
  a.floor = (char *)"3F";
  a.room = (char *)"301";
  a.section_id = section_id;
  a.officer_id = officer_id;
  a.designated_on = (char *)"2025-04-01";
  g_assert_true (mamori_store_begin (store, &error));
  g_assert_true (mamori_area_insert (store, &a, &id, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (store, &error));
  g_assert_no_error (error);
  return id;
}

static int
count_work (void *data)
{
  (*(guint *)data)++;
  return 0;
}

void
mt_count_work_start (sqlite3 *db,
                     guint   *units)
{
  sqlite3_progress_handler (db, 100, count_work, units);
}

void
mt_count_work_stop (sqlite3 *db)
{
  sqlite3_progress_handler (db, 0, NULL, NULL);
}
