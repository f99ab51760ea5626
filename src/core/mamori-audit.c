/* mamori-audit.c — the append-only audit log and its SHA-256 chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change to a row of an audited table is an entry: who, when, what, the row before and
 * after as JSON.  Each entry's hash covers its own fields and the hash of the entry before,
 * so an entry edited, removed or slipped in behind Mamori's back breaks the chain from that
 * point on.  A row edited behind Mamori's back no longer matches the last entry about it.
 * Both are what `mamori-cli check` reports.
 */

#include "config.h"

#include "mamori-audit.h"
#include "mamori-text.h"

#include <glib/gi18n.h>
#include <nettle/sha2.h>
#include <string.h>

/* The labels of audited_tables, so that xgettext sees them. */
static const char *table_labels[] G_GNUC_UNUSED = {
  N_("Sections"), N_("People"), N_("Roles"), N_("Fiscal years"), N_("Assets"),
};

static void
add_field (struct sha256_ctx *checksum,
           const char        *value)
{
  char prefix[32];
  int n;

  /* Length-prefixed so that no two different entries hash the same text; NULL is not "". */
  if (value == NULL)
    {
      sha256_update (checksum, 2, (const uint8_t *)"~;");
      return;
    }
  n = g_snprintf (prefix, sizeof prefix, "%zu:", strlen (value));
  sha256_update (checksum, n, (const uint8_t *)prefix);
  sha256_update (checksum, strlen (value), (const uint8_t *)value);
  sha256_update (checksum, 1, (const uint8_t *)";");
}

/**
 * mamori_audit_entry_hash:
 *
 * Hashed with nettle, which uses the processor's SHA instructions where it has them: an
 * import of a million assets writes a million entries, and a check reads them all again.
 *
 * Returns: (transfer full): the SHA-256, in lower-case hex, that an entry with these fields
 *   must carry
 */
char *
mamori_audit_entry_hash (const MamoriAuditFields *fields)
{
  struct sha256_ctx checksum;
  char seq[32];

  sha256_init (&checksum);
  g_snprintf (seq, sizeof seq, "%" G_GINT64_FORMAT, fields->seq);
  add_field (&checksum, "mamori-audit-1");
  add_field (&checksum, seq);
  add_field (&checksum, fields->at);
  add_field (&checksum, fields->actor);
  add_field (&checksum, fields->action);
  add_field (&checksum, fields->table);
  add_field (&checksum, fields->row_key);
  add_field (&checksum, fields->before);
  add_field (&checksum, fields->after);
  add_field (&checksum, fields->prev_hash);
  return mamori_sha256_finish_hex (&checksum);
}

void
mamori_audit_problem_free (MamoriAuditProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->table);
  g_free (problem->row_key);
  g_free (problem->message);
  g_free (problem);
}

void
mamori_audit_summary_clear (MamoriAuditSummary *summary)
{
  g_clear_pointer (&summary->head_hash, g_free);
  summary->entries = 0;
}

static void
add_problem (GPtrArray              *problems,
             MamoriAuditProblemKind  kind,
             gint64                  seq,
             const char             *table,
             const char             *row_key,
             char                   *message)
{
  MamoriAuditProblem *problem = g_new0 (MamoriAuditProblem, 1);

  problem->kind = kind;
  problem->seq = seq;
  problem->table = g_strdup (table);
  problem->row_key = g_strdup (row_key);
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

/* Walks the chain from the first entry; stops at the first break, because nothing after it
 * can be trusted to say what it says. */
static gboolean
verify_chain (MamoriStore         *store,
              GPtrArray           *problems,
              MamoriAuditSummary  *summary,
              GCancellable        *cancellable,
              GError             **error)
{
  sqlite3 *db = mamori_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  char prev[65];
  gint64 expected = 1;
  int rc;

  g_strlcpy (prev, MAMORI_AUDIT_GENESIS, sizeof prev);

  rc = sqlite3_prepare_v2 (db,
                           "SELECT seq, at, actor, action, tbl, row_key, before, after, "
                           "prev_hash, hash FROM audit_log ORDER BY seq", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return mamori_store_set_error (store, rc, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriAuditFields fields;
      g_autofree char *hash = NULL;
      const char *stored_prev = (const char *)sqlite3_column_text (stmt, 8);
      const char *stored_hash = (const char *)sqlite3_column_text (stmt, 9);

      if ((expected & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }

      fields = (MamoriAuditFields) {
        .seq = sqlite3_column_int64 (stmt, 0),
        .at = (const char *)sqlite3_column_text (stmt, 1),
        .actor = (const char *)sqlite3_column_text (stmt, 2),
        .action = (const char *)sqlite3_column_text (stmt, 3),
        .table = (const char *)sqlite3_column_text (stmt, 4),
        .row_key = (const char *)sqlite3_column_text (stmt, 5),
        .before = (const char *)sqlite3_column_text (stmt, 6),
        .after = (const char *)sqlite3_column_text (stmt, 7),
        .prev_hash = stored_prev,
      };

      if (fields.seq != expected)
        {
          add_problem (problems, MAMORI_AUDIT_PROBLEM_CHAIN, expected, NULL, NULL,
                       fields.seq > expected
                       ? g_strdup_printf (_("Audit entry #%lld is missing: the log jumps from "
                                            "#%lld to #%lld. Entries were deleted outside "
                                            "Mamori."), (long long)expected,
                                          (long long)(expected - 1), (long long)fields.seq)
                       : g_strdup_printf (_("Audit entry #%lld is out of order."),
                                          (long long)fields.seq));
          break;
        }

      hash = mamori_audit_entry_hash (&fields);
      if (g_strcmp0 (stored_prev, prev) != 0)
        {
          add_problem (problems, MAMORI_AUDIT_PROBLEM_CHAIN, fields.seq, fields.table,
                       fields.row_key,
                       g_strdup_printf (_("Audit entry #%lld (%s) does not follow entry #%lld: "
                                          "the chain was broken outside Mamori."),
                                        (long long)fields.seq, fields.at ? fields.at : "?",
                                        (long long)(fields.seq - 1)));
          break;
        }
      if (g_strcmp0 (stored_hash, hash) != 0)
        {
          add_problem (problems, MAMORI_AUDIT_PROBLEM_CHAIN, fields.seq, fields.table,
                       fields.row_key,
                       g_strdup_printf (_("Audit entry #%lld (%s, %s) has been altered: its "
                                          "content no longer matches its hash."),
                                        (long long)fields.seq, fields.at ? fields.at : "?",
                                        fields.actor ? fields.actor : "?"));
          break;
        }

      g_strlcpy (prev, stored_hash, sizeof prev);
      expected++;
    }

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return mamori_store_set_error (store, rc, error);

  summary->entries = expected - 1;
  g_free (summary->head_hash);
  summary->head_hash = g_strdup (prev);
  return TRUE;
}

static gboolean
verify_table_rows (MamoriStore   *store,
                   const char    *table,
                   const char    *label,
                   guint          max_problems,
                   GPtrArray     *problems,
                   GError       **error)
{
  sqlite3 *db = mamori_store_get_db (store);
  g_autofree char *expr = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  guint found = 0;
  int rc;

  expr = mamori_store_row_json_expr (store, table, "t", error);
  if (expr == NULL)
    return FALSE;

  /* Each row against the last entry about it: changed, never recorded, or recorded as
   * deleted yet present. */
  sql = g_strdup_printf (
    "SELECT t.uuid, a.seq, a.action, a.after IS %s AS same "
    "FROM \"%s\" AS t "
    "LEFT JOIN audit_log AS a ON a.seq = (SELECT max (seq) FROM audit_log "
    "                                     WHERE tbl = ?1 AND row_key = t.uuid) "
    "WHERE a.seq IS NULL OR a.action = 'delete' OR NOT (a.after IS %s) "
    "ORDER BY t.rowid",
    expr, table, expr);

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return mamori_store_set_error (store, rc, error);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && found < max_problems)
    {
      const char *uuid = (const char *)sqlite3_column_text (stmt, 0);
      gint64 seq = sqlite3_column_int64 (stmt, 1);

      found++;
      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        add_problem (problems, MAMORI_AUDIT_PROBLEM_UNRECORDED, 0, table, uuid,
                     g_strdup_printf (_("%s: record %s is not in the audit log: it was added "
                                        "outside Mamori."), _(label), uuid));
      else
        add_problem (problems, MAMORI_AUDIT_PROBLEM_CHANGED, seq, table, uuid,
                     g_strdup_printf (_("%s: record %s differs from audit entry #%lld, the "
                                        "last change Mamori recorded: it was changed outside "
                                        "Mamori."), _(label), uuid, (long long)seq));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return mamori_store_set_error (store, rc, error);

  /* Rows whose last entry says they exist, but which are gone. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf (
    "SELECT a.row_key, max (a.seq), a.action FROM audit_log AS a WHERE a.tbl = ?1 "
    "GROUP BY a.row_key HAVING a.action <> 'delete' "
    "AND NOT EXISTS (SELECT 1 FROM \"%s\" WHERE uuid = a.row_key)", table);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return mamori_store_set_error (store, rc, error);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && found < max_problems)
    {
      const char *uuid = (const char *)sqlite3_column_text (stmt, 0);
      gint64 seq = sqlite3_column_int64 (stmt, 1);

      found++;
      add_problem (problems, MAMORI_AUDIT_PROBLEM_DELETED, seq, table, uuid,
                   g_strdup_printf (_("%s: record %s, last recorded by audit entry #%lld, is "
                                      "missing: it was deleted outside Mamori."),
                                    _(label), uuid, (long long)seq));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return mamori_store_set_error (store, rc, error);

  return TRUE;
}

/**
 * mamori_audit_verify:
 * @max_problems: how many row problems to report per table at most
 * @problems: (out) (transfer full) (element-type MamoriAuditProblem): what is wrong, empty if
 *   nothing is
 * @summary: (out caller-allocates) (optional): the number of entries and the head hash
 *
 * Verifies the chain from the first entry to the last, then every audited row against the
 * last entry about it.
 *
 * Returns: %FALSE only if the verification itself could not run
 */
gboolean
mamori_audit_verify (MamoriStore         *store,
                     guint                max_problems,
                     GPtrArray          **problems,
                     MamoriAuditSummary  *summary,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_audit_problem_free);
  MamoriAuditSummary local = { 0 };
  sqlite3_stmt *tables = NULL;
  int rc;

  if (!verify_chain (store, found, &local, cancellable, error))
    {
      mamori_audit_summary_clear (&local);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (mamori_store_get_db (store),
                           "SELECT name, label FROM audited_tables ORDER BY name", -1, &tables,
                           NULL);
  if (rc != SQLITE_OK)
    {
      mamori_audit_summary_clear (&local);
      return mamori_store_set_error (store, rc, error);
    }
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !verify_table_rows (store, (const char *)sqlite3_column_text (tables, 0),
                              (const char *)sqlite3_column_text (tables, 1), max_problems, found,
                              error))
        {
          sqlite3_finalize (tables);
          mamori_audit_summary_clear (&local);
          return FALSE;
        }
    }
  sqlite3_finalize (tables);

  if (summary)
    *summary = local;
  else
    mamori_audit_summary_clear (&local);
  *problems = g_steal_pointer (&found);
  return TRUE;
}

void
mamori_history_entry_free (MamoriHistoryEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->at);
  g_free (e->actor);
  g_free (e->action);
  g_free (e->table);
  g_free (e->changed);
  g_free (e);
}

/**
 * mamori_audit_history:
 * @table: an audited table
 * @uuid: a record of it
 * @children: (nullable) (array zero-terminated=1): audited tables whose rows belong to the
 *   record through @child_key, whose changes belong in its history too
 * @child_key: (nullable): the column of those tables that holds the record's id
 * @child_id: the record's id
 *
 * The history of a record from the audit log: every change, newest first, with who made it
 * and which columns an update changed.  Rows of @children are those that refer to the record
 * now and those that referred to it when they were deleted (a withdrawn access right),
 * found through the audit log.
 *
 * Returns: (transfer full) (element-type MamoriHistoryEntry): the entries
 */
GPtrArray *
mamori_audit_history (MamoriStore        *store,
                      const char         *table,
                      const char         *uuid,
                      const char * const *children,
                      const char         *child_key,
                      gint64              child_id,
                      GError            **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_history_entry_free);
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_string_append (sql,
    "SELECT l.seq, l.at, l.actor, l.action, l.tbl, "
    "  (SELECT group_concat (k.key, ',') FROM json_each (l.after) AS k "
    "   WHERE l.action = 'update' AND k.value IS NOT json_extract (l.before, '$.' || k.key)) "
    "FROM audit_log AS l, (SELECT coalesce (min (seq), 0) AS seq FROM audit_log "
    "                      WHERE tbl = ?1 AND row_key = ?2) AS first "
    "WHERE (l.tbl = ?1 AND l.row_key = ?2) ");
  for (guint i = 0; children && children[i]; i++)
    {
      char *quoted = sqlite3_mprintf ("%Q", children[i]);

      /* Table and column names are Mamori's own, never a person's input. */
      /* The rows there now, and those deleted since: their last image names the record.
       * Ids are reused after a deletion, so only deletions after the record's first entry
       * count (an earlier record with this id lost its rows before it was deleted). */
      g_string_append_printf (sql, "OR (l.tbl = %s AND l.row_key IN (SELECT uuid FROM \"%s\" "
                                   "WHERE \"%s\" = ?3 UNION SELECT d.row_key FROM audit_log "
                                   "AS d WHERE d.tbl = %s AND d.action = 'delete' AND d.seq > "
                                   "first.seq AND json_extract (d.before, '$.\"%s\"') = ?3)) ",
                              quoted, children[i], child_key, quoted, child_key);
      sqlite3_free (quoted);
    }
  g_string_append (sql, "ORDER BY l.seq DESC LIMIT 500");

  rc = sqlite3_prepare_v2 (mamori_store_get_db (store), sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  mamori_bind_text (stmt, 1, table);
  mamori_bind_text (stmt, 2, uuid);
  sqlite3_bind_int64 (stmt, 3, child_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MamoriHistoryEntry *e = g_new0 (MamoriHistoryEntry, 1);

      e->seq = sqlite3_column_int64 (stmt, 0);
      e->at = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      e->actor = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      e->action = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      e->table = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      e->changed = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      g_ptr_array_add (list, e);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&list);
}
