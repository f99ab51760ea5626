/* mamori-store.c — the SQLite database of one Mamori user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One MamoriStore wraps one sqlite3 connection and is used by one thread only.  The GUI
 * keeps one on the main thread for short indexed reads; anything heavy opens its own on a
 * worker.  WAL lets readers go on while a worker writes; BEGIN IMMEDIATE and a busy timeout
 * make a second program on the same file wait its turn or fail with a clear message, never
 * corrupt the file or hang.
 */

#define _GNU_SOURCE 1  /* F_OFD_SETLK */

#include "config.h"

#include "mamori-store.h"
#include "mamori-audit.h"
#include "mamori-search.h"
#include "mamori-text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000

struct _MamoriStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *actor;
  char       *backup_path;
  GHashTable *statements;  /* SQL text → sqlite3_stmt* */
  GHashTable *json_exprs;  /* table → "json_object(...)" over the table's columns */
  GHashTable *json_sql;    /* table and key kind → the SELECT of a row as JSON */
  int         depth;       /* transaction nesting */
  gboolean    read_only;

  /* A bulk load defers derived data (search index, checks) to its end. */
  gboolean    bulk;

  /* Where new record uuids come from: random unless a seeded builder says otherwise. */
  GRand      *uuid_rand;
  guint64     uuid_count;  /* made from it */

  /* The rowid the last audited INSERT gave its row (not the audit entry's). */
  gint64      last_insert_id;

  /* This process's hold on the file (see "The hold" below). */
  gpointer    hold;

  /* Head of the audit chain; valid only inside a transaction. */
  gboolean    head_valid;
  gint64      head_seq;
  char        head_hash[65];
};

G_DEFINE_FINAL_TYPE (MamoriStore, mamori_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (mamori-store-error-quark, mamori_store_error)

typedef struct
{
  int         version;
  const char *resource;
} Migration;

/* Numbered migrations, applied in order in one transaction each.  Never edit one that has
 * shipped: add the next. */
static const Migration migrations[] = {
  { 1, "/io/github/mamori/Mamori/core/sql/0001-foundation.sql" },
  { 2, "/io/github/mamori/Mamori/core/sql/0002-assets.sql" },
  { 3, "/io/github/mamori/Mamori/core/sql/0003-inventory.sql" },
  { 4, "/io/github/mamori/Mamori/core/sql/0004-areas.sql" },
  { 5, "/io/github/mamori/Mamori/core/sql/0005-contracts.sql" },
  { 6, "/io/github/mamori/Mamori/core/sql/0006-inspections.sql" },
  { 7, "/io/github/mamori/Mamori/core/sql/0007-area-keys.sql" },
  { 8, "/io/github/mamori/Mamori/core/sql/0008-checks-without-lists.sql" },
};

int
mamori_store_latest_version (void)
{
  return migrations[G_N_ELEMENTS (migrations) - 1].version;
}

/* How many migrations there are: the versions need not be contiguous while modules are
 * built apart. */
int
mamori_store_migration_count (void)
{
  return G_N_ELEMENTS (migrations);
}

/* The hold ------------------------------------------------------------------------------------- *
 *
 * SQLite locks its files with POSIX record locks, and POSIX drops every lock a process holds
 * on a file when the process closes any descriptor of that file — as GLib does when a file
 * chooser shows the database's folder and sniffs each file's type.  With its locks gone, the
 * next program to open and close the database (mamori-cli, sqlite3) takes itself for the last
 * user, checkpoints and deletes the write-ahead log and the shared memory under the open
 * stores, whose later commits are then lost.
 *
 * So, while a store is open, the process also holds open-file-description locks, which only
 * the descriptor that took them releases: a read lock on a byte of SQLite's SHARED range of
 * the database (no other program can take the EXCLUSIVE lock a last user needs) and on the
 * "dead man switch" byte of the -shm file (no other program can take the shared memory for
 * stale and reset it).  Read locks do not stand in the way of readers or writers in WAL mode.
 * The offsets are SQLite's file format (os_unix.c), the same in every version.  One hold per
 * file and process, released just before the last store on it closes.  Without OFD locks
 * (not Linux) there is no hold. */

#define SQLITE_SHARED_FIRST (0x40000000 + 2)
#define SQLITE_SHM_DMS      128

typedef struct
{
  dev_t device;
  ino_t inode;
  int   db_fd;
  int   shm_fd;
  guint refs;
} Hold;

static GMutex holds_lock;
static GSList *holds;

#ifdef F_OFD_SETLK
static int
hold_byte (const char *path,
           off_t       offset)
{
  struct flock lock = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = offset, .l_len = 1 };
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);

  if (fd < 0)
    return -1;
  /* Never closed before the last store goes, even if the lock is refused: closing it would
   * drop the very POSIX locks it is here to stand in for. */
  if (fcntl (fd, F_OFD_SETLK, &lock) != 0)
    g_debug ("No hold on %s: %s", path, g_strerror (errno));
  return fd;
}
#endif

static gpointer
hold_take (const char *path)
{
#ifdef F_OFD_SETLK
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  struct stat st;
  Hold *hold = NULL;

  if (g_stat (path, &st) != 0)
    return NULL;
  g_mutex_lock (&holds_lock);
  for (GSList *l = holds; l != NULL; l = l->next)
    {
      Hold *h = l->data;

      if (h->device == st.st_dev && h->inode == st.st_ino)
        {
          hold = h;
          break;
        }
    }
  if (hold == NULL)
    {
      hold = g_new0 (Hold, 1);
      hold->device = st.st_dev;
      hold->inode = st.st_ino;
      hold->db_fd = hold_byte (path, SQLITE_SHARED_FIRST);
      hold->shm_fd = hold_byte (shm, SQLITE_SHM_DMS);
      holds = g_slist_prepend (holds, hold);
    }
  hold->refs++;
  g_mutex_unlock (&holds_lock);
  return hold;
#else
  return NULL;
#endif
}

static void
hold_release (gpointer data)
{
  Hold *hold = data;

  g_mutex_lock (&holds_lock);
  if (--hold->refs == 0)
    {
      holds = g_slist_remove (holds, hold);
      if (hold->db_fd >= 0)
        close (hold->db_fd);
      if (hold->shm_fd >= 0)
        close (hold->shm_fd);
      g_free (hold);
    }
  g_mutex_unlock (&holds_lock);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
mamori_store_finalize (GObject *object)
{
  MamoriStore *self = (MamoriStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->json_exprs, g_hash_table_unref);
  g_clear_pointer (&self->json_sql, g_hash_table_unref);
  g_clear_pointer (&self->hold, hold_release);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->uuid_rand, g_rand_free);

  G_OBJECT_CLASS (mamori_store_parent_class)->finalize (object);
}

static void
mamori_store_class_init (MamoriStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mamori_store_finalize;

  /* SQLite counts the memory it allocates under a global mutex, on every allocation: a few
   * percent of a large import, for statistics Mamori never reads.  Only possible before
   * SQLite is first used (the first store is opened before anything else in Mamori); later
   * the call is refused and changes nothing. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

/* The statement cache's hash: the length and both ends of the text.  Statements are long and
 * looked up several times a row; g_str_hash over every byte of each was 4 % of the
 * instructions of a large import. */
static guint
statement_hash (gconstpointer key)
{
  const char *sql = key;
  gsize len = strlen (sql);
  gsize n = MIN (len, 48);
  guint h = (guint)len;

  for (gsize i = 0; i < n; i++)
    h = h * 31 + (guchar)sql[i];
  for (gsize i = len - n; i < len; i++)
    h = h * 31 + (guchar)sql[i];
  return h;
}

static void
mamori_store_init (MamoriStore *self)
{
  self->statements = g_hash_table_new_full (statement_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->json_exprs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->json_sql = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->actor = g_strdup ("system");
}

/**
 * mamori_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/mamori/mamori.db`, the file the GUI and the CLI
 *   use unless told otherwise
 */
char *
mamori_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mamori", "mamori.db", NULL);
}

gboolean
mamori_store_set_error (MamoriStore  *self,
                        int           rc,
                        GError      **error)
{
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_BUSY,
                   _("The database “%s” is in use by another program and did not become free "
                     "within %d seconds. Try again in a moment."),
                   self->path, BUSY_TIMEOUT_MS / 1000);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT,
                   _("The change was refused by a rule of the database: %s"), detail);
      break;
    case SQLITE_READONLY:
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_READ_ONLY,
                   _("The database “%s” cannot be written: %s"), self->path, detail);
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_MAMORI,
                   _("“%s” is not a readable database: %s"), self->path, detail);
      break;
    default:
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_FAILED,
                   _("Database error in “%s”: %s"), self->path, detail);
      break;
    }
  return FALSE;
}

gboolean
mamori_store_exec (MamoriStore  *self,
                   const char   *sql,
                   GError      **error)
{
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return mamori_store_set_error (self, rc, error);
  return TRUE;
}

/**
 * mamori_store_prepare:
 *
 * Returns a prepared statement for @sql, cached for the life of the store and reset, with its
 * bindings cleared, each time it is handed out.  Do not finalize it.
 *
 * Returns: (transfer none) (nullable): the statement, or %NULL with @error set
 */
sqlite3_stmt *
mamori_store_prepare (MamoriStore  *self,
                      const char   *sql,
                      GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mamori_store_set_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
mamori_store_step_done (MamoriStore   *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return mamori_store_set_error (self, rc, error);
  return TRUE;
}

gint64
mamori_store_query_int (MamoriStore *self,
                        const char  *sql,
                        gint64       fallback)
{
  sqlite3_stmt *stmt = mamori_store_prepare (self, sql, NULL);
  gint64 value = fallback;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return value;
}

/**
 * mamori_store_row_exists:
 * @sql: a query with one integer parameter
 *
 * Returns: whether the query gives a row for @id
 */
gboolean
mamori_store_row_exists (MamoriStore *self,
                         const char  *sql,
                         gint64       id)
{
  sqlite3_stmt *stmt = mamori_store_prepare (self, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/**
 * mamori_store_id_by_text:
 * @sql: a query of one column (an id) with one parameter
 * @value: (nullable): the parameter; NULL finds nothing
 *
 * Returns: the id the query's first row gives for @value, 0 if none
 */
gint64
mamori_store_id_by_text (MamoriStore *self,
                         const char  *sql,
                         const char  *value)
{
  sqlite3_stmt *stmt = mamori_store_prepare (self, sql, NULL);
  gint64 id = 0;

  if (stmt == NULL || value == NULL)
    return 0;
  mamori_bind_text (stmt, 1, value);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/**
 * mamori_store_text_by_text:
 * @sql: a query of one column (a text) with one parameter
 * @value: (nullable): the parameter; NULL or "" finds nothing
 *
 * Returns: (transfer full) (nullable): the text the query's first row gives for @value
 */
char *
mamori_store_text_by_text (MamoriStore *self,
                           const char  *sql,
                           const char  *value)
{
  sqlite3_stmt *stmt;
  char *text = NULL;

  if (value == NULL || *value == '\0' || (stmt = mamori_store_prepare (self, sql, NULL)) == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, value);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

/**
 * mamori_store_query_text:
 *
 * Returns: (transfer full) (nullable): the first column of the first row of @sql, or %NULL
 *   if there is none, it is NULL, or the query fails
 */
char *
mamori_store_query_text (MamoriStore *self,
                         const char  *sql)
{
  sqlite3_stmt *stmt = mamori_store_prepare (self, sql, NULL);
  char *value = NULL;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return value;
}

void
mamori_bind_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

const char *
mamori_column_text (sqlite3_stmt *stmt,
                    int           index)
{
  return (const char *)sqlite3_column_text (stmt, index);
}

/* Transactions ------------------------------------------------------------------------------ */

/**
 * mamori_store_begin:
 *
 * Starts a write transaction (BEGIN IMMEDIATE, so that the write lock is taken at once and
 * a busy database is reported here rather than half-way through), or a savepoint inside one.
 */
gboolean
mamori_store_begin (MamoriStore  *self,
                    GError      **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (MAMORI_IS_STORE (self), FALSE);

  if (self->read_only)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_READ_ONLY,
                   _("The database “%s” was opened read-only."), self->path);
      return FALSE;
    }

  sql = self->depth == 0 ? g_strdup ("BEGIN IMMEDIATE")
                         : g_strdup_printf ("SAVEPOINT s%d", self->depth);
  if (!mamori_store_exec (self, sql, error))
    return FALSE;
  if (self->depth == 0)
    self->head_valid = FALSE;
  self->depth++;
  return TRUE;
}

gboolean
mamori_store_commit (MamoriStore  *self,
                     GError      **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  sql = self->depth == 1 ? g_strdup ("COMMIT")
                         : g_strdup_printf ("RELEASE s%d", self->depth - 1);
  if (!mamori_store_exec (self, sql, error))
    return FALSE;
  self->depth--;
  if (self->depth == 0)
    self->head_valid = FALSE;
  return TRUE;
}

void
mamori_store_rollback (MamoriStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (self->depth > 0);

  if (self->depth == 1)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO s%d; RELEASE s%d", self->depth - 1, self->depth - 1);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  self->depth--;
  /* The head may have moved back: read it again on the next append. */
  self->head_valid = FALSE;
}

gboolean
mamori_store_in_transaction (MamoriStore *self)
{
  return self->depth > 0;
}

/* Settings --------------------------------------------------------------------------------- */

char *
mamori_store_get_setting (MamoriStore *self,
                          const char  *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  stmt = mamori_store_prepare (self, "SELECT value FROM settings WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
mamori_store_set_setting (MamoriStore  *self,
                          const char   *key,
                          const char   *value,
                          GError      **error)
{
  g_autofree char *detail = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  sqlite3_stmt *stmt;

  if (!mamori_store_begin (self, error))
    return FALSE;

  stmt = mamori_store_prepare (self,
                               "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                               "ON CONFLICT (key) DO UPDATE SET value = ?2", error);
  if (stmt == NULL)
    goto fail;
  mamori_bind_text (stmt, 1, key);
  mamori_bind_text (stmt, 2, value);
  if (!mamori_store_step_done (self, stmt, error))
    goto fail;

  stmt = mamori_store_prepare (self, "SELECT json_object ('key', ?1, 'value', ?2)", error);
  if (stmt == NULL)
    goto fail;
  mamori_bind_text (stmt, 1, key);
  mamori_bind_text (stmt, 2, value);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    detail = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (!mamori_store_audit_event (self, "setting", detail, error))
    goto fail;
  return mamori_store_commit (self, error);

fail:
  mamori_store_rollback (self);
  return FALSE;
}

/* The audit log ------------------------------------------------------------------------------ */

static gboolean
load_head (MamoriStore  *self,
           GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (self->head_valid)
    return TRUE;

  stmt = mamori_store_prepare (self, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                               error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      self->head_seq = sqlite3_column_int64 (stmt, 0);
      g_strlcpy (self->head_hash, mamori_column_text (stmt, 1), sizeof self->head_hash);
    }
  else if (rc == SQLITE_DONE)
    {
      self->head_seq = 0;
      g_strlcpy (self->head_hash, MAMORI_AUDIT_GENESIS, sizeof self->head_hash);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mamori_store_set_error (self, rc, error);

  self->head_valid = TRUE;
  return TRUE;
}

static gboolean
append_entry (MamoriStore  *self,
              const char   *action,
              const char   *table,
              const char   *row_key,
              const char   *before,
              const char   *after,
              GError      **error)
{
  g_autofree char *at = mamori_timestamp_now ();
  g_autofree char *hash = NULL;
  MamoriAuditFields fields;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (!load_head (self, error))
    return FALSE;

  fields = (MamoriAuditFields) {
    .seq = self->head_seq + 1, .at = at, .actor = self->actor, .action = action,
    .table = table, .row_key = row_key, .before = before, .after = after,
    .prev_hash = self->head_hash,
  };
  hash = mamori_audit_entry_hash (&fields);

  stmt = mamori_store_prepare (self,
                               "INSERT INTO audit_log (seq, at, actor, action, tbl, row_key, "
                               "before, after, prev_hash, hash) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, fields.seq);
  mamori_bind_text (stmt, 2, at);
  mamori_bind_text (stmt, 3, self->actor);
  mamori_bind_text (stmt, 4, action);
  mamori_bind_text (stmt, 5, table);
  mamori_bind_text (stmt, 6, row_key);
  mamori_bind_text (stmt, 7, before);
  mamori_bind_text (stmt, 8, after);
  mamori_bind_text (stmt, 9, self->head_hash);
  mamori_bind_text (stmt, 10, hash);
  if (!mamori_store_step_done (self, stmt, error))
    return FALSE;

  self->head_seq = fields.seq;
  g_strlcpy (self->head_hash, hash, sizeof self->head_hash);
  return TRUE;
}

/**
 * mamori_store_audit_event:
 * @what: a short name of the event ("schema", "standard-loaded", "profile", …)
 * @detail_json: (nullable): a JSON object describing it
 *
 * Appends an entry that is not about one row.  Must be called inside a transaction.
 */
gboolean
mamori_store_audit_event (MamoriStore  *self,
                          const char   *what,
                          const char   *detail_json,
                          GError      **error)
{
  return append_entry (self, "event", what, NULL, NULL, detail_json, error);
}

static gboolean
is_audited_table (MamoriStore *self,
                  const char  *table)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = mamori_store_prepare (self, "SELECT 1 FROM audited_tables WHERE name = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, table);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/**
 * mamori_store_row_json_expr:
 * @alias: (nullable): the name the table has in the query it goes into
 *
 * The SQL expression that renders a row of an audited table as the JSON object the audit log
 * records: json_object('id', t.id, 'uuid', t.uuid, …) over every column in table order.
 *
 * Returns: (transfer full) (nullable): the expression
 */
char *
mamori_store_row_json_expr (MamoriStore  *self,
                            const char   *table,
                            const char   *alias,
                            GError      **error)
{
  g_autoptr(GString) expr = NULL;
  g_autofree char *pragma = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *cached;
  const char *prefix = alias ? alias : table;

  if (alias == NULL && (cached = g_hash_table_lookup (self->json_exprs, table)))
    return g_strdup (cached);

  if (!is_audited_table (self, table))
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   "“%s” is not an audited table", table);
      return NULL;
    }

  expr = g_string_new ("json_object(");
  pragma = g_strdup_printf ("SELECT name FROM pragma_table_info('%s') ORDER BY cid", table);
  if (sqlite3_prepare_v2 (self->db, pragma, -1, &stmt, NULL) != SQLITE_OK)
    {
      mamori_store_set_error (self, sqlite3_errcode (self->db), error);
      return NULL;
    }
  for (guint i = 0; sqlite3_step (stmt) == SQLITE_ROW;)
    {
      const char *column = mamori_column_text (stmt, 0);

      /* Derived columns (the search text, the failed checks) add nothing to the record. */
      if (g_strcmp0 (column, "search_text") == 0 || g_strcmp0 (column, "rule_flags") == 0)
        continue;
      g_string_append_printf (expr, "%s'%s', \"%s\".\"%s\"", i++ ? ", " : "", column, prefix,
                              column);
    }
  sqlite3_finalize (stmt);
  g_string_append_c (expr, ')');

  if (alias == NULL)
    g_hash_table_insert (self->json_exprs, g_strdup (table), g_strdup (expr->str));
  return g_string_free (g_steal_pointer (&expr), FALSE);
}

/* The statement that reads a row of @table as JSON, by uuid or by rowid; its text is built
 * once per table and connection. */
static sqlite3_stmt *
row_json_statement (MamoriStore  *self,
                    const char   *table,
                    gboolean      by_rowid,
                    GError      **error)
{
  /* Looked up without formatting a key: an import asks for every row it writes. */
  char key[128];
  const char *sql;

  if (g_strlcpy (key, table, sizeof key - 2) >= sizeof key - 2)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   "“%s” is not an audited table", table);
      return NULL;
    }
  strcat (key, by_rowid ? "\x1f" "1" : "\x1f" "0");
  sql = g_hash_table_lookup (self->json_sql, key);
  if (sql == NULL)
    {
      g_autofree char *expr = mamori_store_row_json_expr (self, table, NULL, error);

      if (expr == NULL)
        return NULL;
      sql = g_strdup_printf ("SELECT %s FROM \"%s\" WHERE %s = ?", expr, table,
                             by_rowid ? "rowid" : "uuid");
      g_hash_table_insert (self->json_sql, g_strdup (key), (char *)sql);
    }
  return mamori_store_prepare (self, sql, error);
}

static char *
row_json (MamoriStore   *self,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  char *json = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    json = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    mamori_store_set_error (self, rc, error);
  return json;
}

/**
 * mamori_store_row_json:
 *
 * Returns: (transfer full) (nullable): the row of @table with this @uuid as JSON, or %NULL
 *   (with @error unset) if there is no such row
 */
char *
mamori_store_row_json (MamoriStore  *self,
                       const char   *table,
                       const char   *uuid,
                       GError      **error)
{
  sqlite3_stmt *stmt = row_json_statement (self, table, FALSE, error);

  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, uuid);
  return row_json (self, stmt, error);
}

static char *
row_json_by_rowid (MamoriStore  *self,
                   const char   *table,
                   gint64        rowid,
                   GError      **error)
{
  sqlite3_stmt *stmt = row_json_statement (self, table, TRUE, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  return row_json (self, stmt, error);
}

/**
 * mamori_store_audited_step:
 * @table: an audited table
 * @uuid: the uuid of the row @stmt changes
 * @stmt: a bound INSERT, UPDATE or DELETE of exactly that row
 *
 * Runs @stmt and records the change in the audit log with the row's state before and after.
 * Must be called inside a transaction, which the caller rolls back on failure.  An UPDATE
 * that changes nothing records nothing.
 */
gboolean
mamori_store_audited_step (MamoriStore        *self,
                           const char         *table,
                           const char         *uuid,
                           MamoriAuditAction   action,
                           sqlite3_stmt       *stmt,
                           GError            **error)
{
  static const char *actions[] = { "insert", "update", "delete" };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (action != MAMORI_AUDIT_INSERT)
    {
      before = mamori_store_row_json (self, table, uuid, &local_error);
      if (before == NULL)
        {
          if (local_error == NULL)
            g_set_error (&local_error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND,
                         _("The record no longer exists; it may have been deleted meanwhile."));
          g_propagate_error (error, local_error);
          sqlite3_reset (stmt);
          return FALSE;
        }
    }

  if (!mamori_store_step_done (self, stmt, error))
    return FALSE;
  if (action == MAMORI_AUDIT_INSERT)
    self->last_insert_id = sqlite3_last_insert_rowid (self->db);

  if (action != MAMORI_AUDIT_DELETE)
    {
      /* A row just inserted is found by its rowid, without a search of the uuid index. */
      after = action == MAMORI_AUDIT_INSERT
              ? row_json_by_rowid (self, table, self->last_insert_id, &local_error)
              : mamori_store_row_json (self, table, uuid, &local_error);
      if (after == NULL)
        {
          if (local_error == NULL)
            g_set_error (&local_error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_FAILED,
                         "row %s of %s vanished while being written", uuid, table);
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }

  if (action == MAMORI_AUDIT_UPDATE && g_strcmp0 (before, after) == 0)
    return TRUE;

  return append_entry (self, actions[action], table, uuid, before, after, error);
}

/**
 * mamori_store_set_bulk:
 *
 * While set, writes skip what can be derived again at the end (the search index and the
 * checks of each asset); whoever sets it rebuilds them before committing.
 */
void
mamori_store_set_bulk (MamoriStore *self,
                       gboolean     bulk)
{
  self->bulk = bulk;
}

gboolean
mamori_store_get_bulk (MamoriStore *self)
{
  return self->bulk;
}

/**
 * mamori_store_new_uuid:
 *
 * Returns: (transfer full): a uuid for a new record, time-ordered (mamori_uuid_new()), or
 *   drawn from the source set with mamori_store_set_uuid_source()
 */
char *
mamori_store_new_uuid (MamoriStore *self)
{
  /* 2026-04-01T00:00:00Z: the time the seeded uuids count from, a millisecond each. */
  const guint64 base_ms = G_GUINT64_CONSTANT (1775001600000);
  guint64 ms;
  guint32 r1, r2;

  if (self->uuid_rand == NULL)
    return mamori_uuid_new ();

  /* A version 7 uuid as mamori_uuid_new() makes them, ordered the same way, from the seeded
   * generator and a clock of its own, so that the same seed gives the same uuids. */
  ms = base_ms + self->uuid_count++;
  r1 = g_rand_int (self->uuid_rand);
  r2 = g_rand_int (self->uuid_rand);
  return g_strdup_printf ("%08x-%04x-7%03x-%04x-%04x%08x", (guint32)(ms >> 16),
                          (guint32)(ms & 0xffff), (r1 >> 20) & 0xfff,
                          0x8000 | ((r1 >> 4) & 0x3fff), r2 >> 16, g_rand_int (self->uuid_rand));
}

/**
 * mamori_store_set_uuid_source:
 * @rand: (nullable) (transfer none): a generator to copy, or %NULL for random uuids again
 *
 * Makes new records' uuids reproducible, for a sample ward built from a seed.
 */
void
mamori_store_set_uuid_source (MamoriStore *self,
                              GRand       *rand)
{
  g_clear_pointer (&self->uuid_rand, g_rand_free);
  self->uuid_count = 0;
  if (rand != NULL)
    self->uuid_rand = g_rand_copy (rand);
}

/**
 * mamori_store_get_last_insert_id:
 *
 * Returns: the rowid of the row the last audited INSERT added
 */
gint64
mamori_store_get_last_insert_id (MamoriStore *self)
{
  return self->last_insert_id;
}

const char *
mamori_store_get_actor (MamoriStore *self)
{
  return self->actor;
}

/**
 * mamori_store_set_actor:
 * @actor: who is acting, as the audit log will name them ("佐藤 花子 (情報政策課, 情報セキュリティ責任者)")
 */
void
mamori_store_set_actor (MamoriStore *self,
                        const char  *actor)
{
  g_return_if_fail (MAMORI_IS_STORE (self));

  g_free (self->actor);
  self->actor = g_strdup (mamori_text_is_blank (actor) ? "system" : actor);
}

/* Opening and migrating ----------------------------------------------------------------------- */

static void
sql_fold (sqlite3_context *context,
          int              argc,
          sqlite3_value  **argv)
{
  g_autofree char *folded = mamori_text_fold ((const char *)sqlite3_value_text (argv[0]));

  sqlite3_result_text (context, folded, -1, SQLITE_TRANSIENT);
}

static gboolean
prepare_file (const char  *path,
              gboolean     create,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* Tighten a file made by hand or an older copy; the owner keeps access. */
      if (create)
        g_chmod (path, 0600);
      return TRUE;
    }
  if (!create)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_OPEN,
                   _("The database “%s” does not exist."), path);
      return FALSE;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  /* Create the file ourselves so that it never exists with wider permissions. */
  fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_OPEN,
                   _("Could not create the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);
  return TRUE;
}

static gboolean
check_identity (MamoriStore  *self,
                GError      **error)
{
  gint64 app_id, version, tables;
  sqlite3_stmt *stmt;
  int rc;

  /* The first read is where a file that is not a database shows itself. */
  if (!mamori_store_exec (self, "SELECT count(*) FROM sqlite_schema", error))
    {
      g_clear_error (error);
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_MAMORI,
                   _("“%s” is not a Mamori database (it is not an SQLite database at all)."),
                   self->path);
      return FALSE;
    }

  /* One statement, one read transaction: read apart, another connection's migration could
   * commit between them and a half-seen new file would look like another program's. */
  stmt = mamori_store_prepare (self,
                               "SELECT (SELECT application_id FROM pragma_application_id), "
                               "(SELECT user_version FROM pragma_user_version), "
                               "(SELECT count(*) FROM sqlite_schema)", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      mamori_store_set_error (self, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  app_id = sqlite3_column_int64 (stmt, 0);
  version = sqlite3_column_int64 (stmt, 1);
  tables = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);

  if (app_id != MAMORI_STORE_APPLICATION_ID && (app_id != 0 || version != 0 || tables != 0))
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_MAMORI,
                   _("“%s” is an SQLite database of another program, not a Mamori database."),
                   self->path);
      return FALSE;
    }
  if (version > mamori_store_latest_version ())
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was made by a newer version of Mamori (schema %d; this "
                     "version knows up to %d). Update Mamori to open it."),
                   self->path, (int)version, mamori_store_latest_version ());
      return FALSE;
    }
  return TRUE;
}

/* Turning a new file to WAL needs it alone for a moment.  When another connection holds a
 * lock on it (a second program opening the same new file), SQLite answers SQLITE_BUSY at
 * once without calling the busy handler, so wait here as the busy timeout would. */
static gboolean
set_wal (MamoriStore  *self,
         GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * (gint64)1000;
  int rc;

  while ((rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) != SQLITE_OK &&
         (rc & 0xff) == SQLITE_BUSY && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  if (rc != SQLITE_OK)
    return mamori_store_set_error (self, rc, error);
  return TRUE;
}

/**
 * mamori_store_open:
 * @path: (nullable): the database file, %MAMORI_STORE_MEMORY, or %NULL for the default
 *
 * Opens (creating if needed, folder 0700 and file 0600) and migrates a Mamori database.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
MamoriStore *
mamori_store_open (const char            *path,
                   MamoriStoreOpenFlags   flags,
                   GError               **error)
{
  g_autoptr(MamoriStore) self = NULL;
  gboolean memory;
  int open_flags;
  int rc;

  self = g_object_new (MAMORI_TYPE_STORE, NULL);
  self->path = path ? g_strdup (path) : mamori_store_default_path ();
  self->read_only = (flags & MAMORI_STORE_OPEN_READ_ONLY) != 0;
  memory = g_strcmp0 (self->path, MAMORI_STORE_MEMORY) == 0;

  if (!memory && !prepare_file (self->path, !self->read_only, error))
    return NULL;

  open_flags = SQLITE_OPEN_NOMUTEX |
               (self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  rc = sqlite3_open_v2 (self->path, &self->db, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"), self->path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_create_function (self->db, "mamori_fold", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold,
                           NULL, NULL);

  if (!mamori_search_register (self->db, error))
    return NULL;
  if (!check_identity (self, error))
    return NULL;

  if (!mamori_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;
  if (!self->read_only)
    {
      /* Nothing committed may be lost: FULL for the writer. */
      if (!set_wal (self, error) ||
          !mamori_store_exec (self, "PRAGMA synchronous = FULL", error))
        return NULL;
    }

  if (!self->read_only && !(flags & MAMORI_STORE_OPEN_NO_MIGRATE) &&
      !mamori_store_migrate (self, error))
    return NULL;

  /* Taken once this connection has the file and its shared memory open and set up. */
  if (!memory)
    self->hold = hold_take (self->path);

  return g_steal_pointer (&self);
}

const char *
mamori_store_get_path (MamoriStore *self)
{
  return self->path;
}

sqlite3 *
mamori_store_get_db (MamoriStore *self)
{
  return self->db;
}

gboolean
mamori_store_is_read_only (MamoriStore *self)
{
  return self->read_only;
}

int
mamori_store_get_version (MamoriStore *self)
{
  return (int)mamori_store_query_int (self, "PRAGMA user_version", 0);
}

/**
 * mamori_store_get_backup_path:
 *
 * Returns: (nullable): the copy taken before the last migration of a non-empty file
 */
const char *
mamori_store_get_backup_path (MamoriStore *self)
{
  return self->backup_path;
}

static gboolean
backup_before_migration (MamoriStore  *self,
                         int           from,
                         GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *dest = g_strdup_printf ("%s.schema%d-%s.bak", self->path, from, stamp);
  g_autofree char *sql = NULL;
  g_autofree char *quoted = NULL;

  if (g_strcmp0 (self->path, MAMORI_STORE_MEMORY) == 0)
    return TRUE;

  /* VACUUM INTO writes a consistent single-file copy, WAL included. */
  quoted = sqlite3_mprintf ("%Q", dest);
  sql = g_strdup_printf ("VACUUM INTO %s", quoted);
  sqlite3_free (g_steal_pointer (&quoted));
  if (!mamori_store_exec (self, sql, error))
    {
      g_prefix_error (error, _("Could not back up the database before upgrading it: "));
      return FALSE;
    }
  g_chmod (dest, 0600);
  g_free (self->backup_path);
  self->backup_path = g_steal_pointer (&dest);
  return TRUE;
}

static gboolean
apply_migration (MamoriStore      *self,
                 const Migration  *migration,
                 GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *pragma = NULL;
  g_autofree char *detail = NULL;

  bytes = g_resources_lookup_data (migration->resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (!mamori_store_exec (self, sql, error))
    {
      g_prefix_error (error, _("Upgrading the database to schema %d failed: "),
                      migration->version);
      return FALSE;
    }

  pragma = g_strdup_printf ("PRAGMA user_version = %d", migration->version);
  if (!mamori_store_exec (self, pragma, error))
    return FALSE;

  detail = g_strdup_printf ("{\"schema\":%d,\"mamori\":\"%s\"}", migration->version,
                            PACKAGE_VERSION);
  return mamori_store_audit_event (self, "schema", detail, error);
}

/**
 * mamori_store_migrate:
 *
 * Brings the schema to the latest version, each step in one transaction.  A file that
 * already holds a schema is copied beside itself first.  Two programs opening a new file at
 * once are safe: the version is read again once the write lock is held.
 */
gboolean
mamori_store_migrate (MamoriStore  *self,
                      GError      **error)
{
  return mamori_store_migrate_to (self, mamori_store_latest_version (), error);
}

/**
 * mamori_store_migrate_to:
 * @target: the schema version to stop at
 *
 * Like mamori_store_migrate(), but stops at @target.  For tests and tools that need a
 * database of an earlier schema (fixtures); the applications always migrate to the latest.
 */
gboolean
mamori_store_migrate_to (MamoriStore  *self,
                         int           target,
                         GError      **error)
{
  int version = mamori_store_get_version (self);
  int defensive = 0;
  gboolean ok = FALSE;

  if (version >= target)
    return TRUE;

  if (version > 0 && !backup_before_migration (self, version, error))
    return FALSE;

  /* A migration may edit a table's definition in place (schema 8), which SQLite's defensive
   * mode refuses where a build turns it on by default; our own connection, for this only. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
  if (!mamori_store_begin (self, error))
    goto done;

  /* Another program may have migrated while we waited for the lock. */
  version = mamori_store_get_version (self);
  if (version == 0)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA application_id = %d",
                                                 MAMORI_STORE_APPLICATION_ID);
      if (!mamori_store_exec (self, pragma, error))
        goto fail;
    }

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      if (migrations[i].version <= version || migrations[i].version > target)
        continue;
      if (!apply_migration (self, &migrations[i], error))
        goto fail;
    }

  ok = mamori_store_commit (self, error);
  goto done;

fail:
  mamori_store_rollback (self);
done:
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, defensive, NULL);
  return ok;
}
