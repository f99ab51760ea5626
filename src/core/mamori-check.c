/* mamori-check.c — is this database whole and true to its audit log?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three questions, in the order in which an answer makes the next one meaningful: is the
 * SQLite file intact (integrity_check), do all references hold (foreign_key_check), and does
 * the audit chain hold from its first entry to its last with every row matching it.
 */

#include "config.h"

#include "mamori-check.h"
#include "mamori-contract.h"

#include <glib/gi18n.h>

#define MAX_PROBLEMS_PER_KIND 20

void
mamori_check_report_free (MamoriCheckReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  mamori_audit_summary_clear (&report->audit);
  g_free (report);
}

static gboolean
check_integrity (MamoriStore   *store,
                 GPtrArray     *problems,
                 GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (mamori_store_get_db (store), "PRAGMA integrity_check", -1, &stmt,
                           NULL);
  if (rc != SQLITE_OK)
    return mamori_store_set_error (store, rc, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *)sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0 && problems->len < MAX_PROBLEMS_PER_KIND)
        g_ptr_array_add (problems, g_strdup_printf (_("The database file is damaged: %s"), line));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return mamori_store_set_error (store, rc, error);
  return TRUE;
}

/* What a person calls a table: the audited ones by their label, others by their name. */
static const char *
table_label (const char *table)
{
  static const struct { const char *table, *label; } labels[] = {
    { "sections", N_("Sections") }, { "people", N_("People") }, { "person_roles", N_("Roles") },
    { "fiscal_years", N_("Fiscal years") }, { "assets", N_("Assets") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (table, labels[i].table) == 0)
      return _(labels[i].label);
  return table;
}

static gboolean
check_foreign_keys (MamoriStore   *store,
                    GPtrArray     *problems,
                    GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  guint found = 0;
  int rc;

  rc = sqlite3_prepare_v2 (mamori_store_get_db (store), "PRAGMA foreign_key_check", -1, &stmt,
                           NULL);
  if (rc != SQLITE_OK)
    return mamori_store_set_error (store, rc, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (found++ >= MAX_PROBLEMS_PER_KIND)
        continue;
      g_ptr_array_add (problems,
                       g_strdup_printf (_("%s: record %lld refers to a record of %s that does "
                                          "not exist."),
                                        table_label ((const char *)sqlite3_column_text (stmt, 0)),
                                        (long long)sqlite3_column_int64 (stmt, 1),
                                        table_label ((const char *)sqlite3_column_text (stmt, 2))));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return mamori_store_set_error (store, rc, error);
  if (found > MAX_PROBLEMS_PER_KIND)
    g_ptr_array_add (problems, g_strdup_printf (_("… and %u more broken references."),
                                                found - MAX_PROBLEMS_PER_KIND));
  return TRUE;
}

/* Lets a long PRAGMA or scan stop when the check is cancelled. */
static int
interrupt_if_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static MamoriCheckReport *
check_run (MamoriStore   *store,
           GCancellable  *cancellable,
           GError       **error);

/**
 * mamori_check_run:
 *
 * Returns: (transfer full) (nullable): the report (with no problems if all is well), or
 *   %NULL if the check itself could not run
 */
MamoriCheckReport *
mamori_check_run (MamoriStore   *store,
                  GCancellable  *cancellable,
                  GError       **error)
{
  sqlite3 *db = mamori_store_get_db (store);
  MamoriCheckReport *report;

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 100000, interrupt_if_cancelled, cancellable);
  /* The check reads every page once or more: a larger cache spares reading them again. */
  sqlite3_exec (db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  report = check_run (store, cancellable, error);
  sqlite3_exec (db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);

  if (report == NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  return report;
}

static MamoriCheckReport *
check_run (MamoriStore   *store,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(MamoriCheckReport) report = g_new0 (MamoriCheckReport, 1);
  g_autoptr(GPtrArray) audit_problems = NULL;

  report->problems = g_ptr_array_new_with_free_func (g_free);
  report->schema_version = mamori_store_get_version (store);

  if (!check_integrity (store, report->problems, error))
    return NULL;
  /* A damaged file cannot be trusted to answer the other questions. */
  if (report->problems->len > 0)
    return g_steal_pointer (&report);

  if (!check_foreign_keys (store, report->problems, error))
    return NULL;

  if (!mamori_audit_verify (store, MAX_PROBLEMS_PER_KIND, &audit_problems, &report->audit,
                            cancellable, error))
    return NULL;
  for (guint i = 0; i < audit_problems->len; i++)
    {
      MamoriAuditProblem *p = g_ptr_array_index (audit_problems, i);
      g_ptr_array_add (report->problems, g_strdup (p->message));
    }

  if (!mamori_contract_verify_documents (store, MAX_PROBLEMS_PER_KIND, report->problems,
                                         cancellable, error))
    return NULL;
  return g_steal_pointer (&report);
}
