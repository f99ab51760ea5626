/* mamori-backup.c — copies of the database, and putting one back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A backup is a single self-contained SQLite file (rollback journal, not WAL) written under a
 * temporary name, checked, and renamed into place, so that a half-written backup never
 * exists under the name asked for.  Restoring checks the backup completely first — file,
 * references, audit chain — keeps a copy of the current database beside it, and replaces the
 * content in one step through SQLite's backup API.
 */

#include "config.h"

#include "mamori-backup.h"
#include "mamori-check.h"
#include "mamori-text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

static gboolean
copy_database (sqlite3     *from,
               sqlite3     *to,
               GError     **error)
{
  sqlite3_backup *backup;
  int rc;

  backup = sqlite3_backup_init (to, "main", from, "main");
  if (backup == NULL)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_FAILED,
                   _("Could not start copying the database: %s"), sqlite3_errmsg (to));
      return FALSE;
    }
  do
    {
      rc = sqlite3_backup_step (backup, 1024);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_FAILED,
                   _("Copying the database failed: %s"), sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

static gboolean
exec_simple (sqlite3     *db,
             const char  *sql,
             GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_FAILED, "%s",
                   message ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/**
 * mamori_backup_write:
 * @dest: the file to create; it must not exist
 *
 * Writes a consistent copy of the database to @dest (mode 0600) while others may go on
 * reading and writing, and records the backup in the audit log.
 */
gboolean
mamori_backup_write (MamoriStore  *store,
                     const char   *dest,
                     GError      **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *db = NULL;
  gboolean ok = FALSE;
  int fd;

  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” already exists. Choose another name, or move the old file away "
                     "first."), dest);
      return FALSE;
    }

  tmp = g_strdup_printf ("%s.partial-%d", dest, (int)getpid ());
  fd = g_open (tmp, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), dest, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_OPEN,
                   _("Could not write “%s”: %s"), dest, sqlite3_errmsg (db));
      goto out;
    }
  if (!copy_database (mamori_store_get_db (store), db, error) ||
      !exec_simple (db, "PRAGMA journal_mode = DELETE", error) ||
      !exec_simple (db, "PRAGMA quick_check", error))
    goto out;
  g_clear_pointer (&db, sqlite3_close);

  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), dest, g_strerror (saved));
      goto out;
    }

  if (!mamori_store_is_read_only (store))
    {
      sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT json_object ('file', ?)", error);
      if (stmt == NULL)
        goto out;
      mamori_bind_text (stmt, 1, dest);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        detail = g_strdup (mamori_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (!mamori_store_begin (store, error))
        goto out;
      if (!mamori_store_audit_event (store, "backup", detail, error))
        {
          mamori_store_rollback (store);
          goto out;
        }
      if (!mamori_store_commit (store, error))
        goto out;
    }
  ok = TRUE;

out:
  g_clear_pointer (&db, sqlite3_close);
  g_unlink (tmp);
  return ok;
}

static gboolean
check_backup (const char  *source,
              GError     **error)
{
  g_autoptr(MamoriStore) backup = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  GError *local_error = NULL;

  backup = mamori_store_open (source, MAMORI_STORE_OPEN_READ_ONLY, &local_error);
  if (backup == NULL)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_MAMORI,
                   _("“%s” cannot be restored: %s"), source, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  report = mamori_check_run (backup, NULL, error);
  if (report == NULL)
    return FALSE;
  if (report->problems->len > 0)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("“%s” cannot be restored because it is damaged or was altered: %s"),
                   source, (const char *)g_ptr_array_index (report->problems, 0));
      return FALSE;
    }
  return TRUE;
}

/**
 * mamori_backup_restore:
 * @source: a backup made by mamori_backup_write() (or any intact Mamori database)
 * @safety_copy: (out) (optional) (transfer full): where the database as it was is kept
 *
 * Replaces the content of the database with @source, after checking @source completely and
 * keeping a copy of the current content.  A backup of an older schema is upgraded.
 */
gboolean
mamori_backup_restore (MamoriStore  *store,
                       const char   *source,
                       char        **safety_copy,
                       GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *keep = g_strdup_printf ("%s.before-restore-%s.bak",
                                           mamori_store_get_path (store), stamp);
  g_autofree char *detail = NULL;
  sqlite3 *src = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!check_backup (source, error))
    return FALSE;
  if (!mamori_backup_write (store, keep, error))
    {
      g_prefix_error (error, _("The current database could not be kept before restoring: "));
      return FALSE;
    }

  if (sqlite3_open_v2 (source, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_OPEN,
                   _("Could not read “%s”: %s"), source, sqlite3_errmsg (src));
      goto out;
    }
  if (!copy_database (src, mamori_store_get_db (store), error))
    goto out;

  /* The restored file may be of an older schema: bring it up to date. */
  if (!mamori_store_migrate (store, error))
    goto out;

  stmt = mamori_store_prepare (store, "SELECT json_object ('file', ?1, 'kept', ?2)", error);
  if (stmt == NULL)
    goto out;
  mamori_bind_text (stmt, 1, source);
  mamori_bind_text (stmt, 2, keep);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    detail = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (!mamori_store_begin (store, error))
    goto out;
  if (!mamori_store_audit_event (store, "restore", detail, error))
    {
      mamori_store_rollback (store);
      goto out;
    }
  ok = mamori_store_commit (store, error);

out:
  g_clear_pointer (&src, sqlite3_close);
  if (safety_copy)
    *safety_copy = g_steal_pointer (&keep);
  return ok;
}
