/* mamori-facts.c — what the registers already know, as findings tied to articles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The registry of fact sources is process-wide: a register's module adds its source once
 * (mamori_fact_source_register), and every sheet asks all of them.  The inventory's source is
 * built in: each check of mamori-rules.c the standard enables is tied by standard_rules to
 * the article that requires it, and the assets' rule_flags say which assets fail it.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mamori-contract.h"
#include "mamori-facts.h"
#include "mamori-reconcile.h"
#include "mamori-rules.h"

typedef struct
{
  char                 *name;
  MamoriFactSourceFunc  func;
  gpointer              user_data;
} FactSource;

static GMutex     sources_lock;
static GPtrArray *sources;

static void
fact_source_free (gpointer data)
{
  FactSource *source = data;

  g_free (source->name);
  g_free (source);
}

/* Call with the lock held. */
static void
ensure_sources (void)
{
  if (sources != NULL)
    return;
  sources = g_ptr_array_new_with_free_func (fact_source_free);
  /* The built-in sources.  A register's module may instead call
   * mamori_fact_source_register () itself, once, before the first sheet is read. */
  {
    FactSource *inventory = g_new0 (FactSource, 1);

    inventory->name = g_strdup ("inventory");
    inventory->func = mamori_facts_inventory;
    g_ptr_array_add (sources, inventory);
  }
  {
    FactSource *areas = g_new0 (FactSource, 1);

    areas->name = g_strdup ("areas");
    areas->func = mamori_facts_areas;
    g_ptr_array_add (sources, areas);
  }
  {
    FactSource *contracts = g_new0 (FactSource, 1);

    contracts->name = g_strdup ("contracts");
    contracts->func = mamori_facts_contracts;
    g_ptr_array_add (sources, contracts);
  }
}

/**
 * mamori_fact_source_register:
 * @name: what the findings' source field will say ("areas", "contracts")
 *
 * Adds a fact source, or replaces the one of the same name.  Thread-safe; the function is
 * called on whatever thread reads a sheet, with that thread's connection.
 */
void
mamori_fact_source_register (const char           *name,
                             MamoriFactSourceFunc  func,
                             gpointer              user_data)
{
  FactSource *source;

  g_return_if_fail (name != NULL && func != NULL);

  g_mutex_lock (&sources_lock);
  ensure_sources ();
  for (guint i = 0; i < sources->len; i++)
    if (g_strcmp0 (((FactSource *)g_ptr_array_index (sources, i))->name, name) == 0)
      {
        g_ptr_array_remove_index (sources, i);
        break;
      }
  source = g_new0 (FactSource, 1);
  source->name = g_strdup (name);
  source->func = func;
  source->user_data = user_data;
  g_ptr_array_add (sources, source);
  g_mutex_unlock (&sources_lock);
}

GStrv
mamori_fact_source_names (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_mutex_lock (&sources_lock);
  ensure_sources ();
  for (guint i = 0; i < sources->len; i++)
    g_strv_builder_add (builder, ((FactSource *)g_ptr_array_index (sources, i))->name);
  g_mutex_unlock (&sources_lock);
  return g_strv_builder_end (builder);
}

/**
 * mamori_facts_collect:
 *
 * Returns: (transfer full) (element-type MamoriFinding): every source's findings on the
 *   section, in the order the sources were registered
 */
GPtrArray *
mamori_facts_collect (MamoriStore  *store,
                      gint64        section_id,
                      const char   *period_from,
                      const char   *period_to,
                      GError      **error)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_finding_free);
  g_autoptr(GArray) copy = g_array_new (FALSE, FALSE, sizeof (FactSource));

  /* Call the sources without the lock: one may be slow, and may register another. */
  g_mutex_lock (&sources_lock);
  ensure_sources ();
  for (guint i = 0; i < sources->len; i++)
    g_array_append_val (copy, *(FactSource *)g_ptr_array_index (sources, i));
  g_mutex_unlock (&sources_lock);

  for (guint i = 0; i < copy->len; i++)
    {
      FactSource *source = &g_array_index (copy, FactSource, i);

      if (!source->func (store, section_id, period_from, period_to, findings,
                         source->user_data, error))
        return NULL;
    }
  return g_steal_pointer (&findings);
}

/**
 * mamori_finding_cited_by:
 *
 * Returns: whether an item citing @cited_ref covers a finding on @finding_ref: the same
 *   article, or one beneath it (第2-4-(3) covers 第2-4-(3)-ウ, not 第2-4-(30))
 */
gboolean
mamori_finding_cited_by (const char *finding_ref,
                         const char *cited_ref)
{
  gsize n;

  if (finding_ref == NULL || cited_ref == NULL || *cited_ref == '\0')
    return FALSE;
  n = strlen (cited_ref);
  return strncmp (finding_ref, cited_ref, n) == 0 &&
         (finding_ref[n] == '\0' || finding_ref[n] == '-');
}

MamoriFinding *
mamori_finding_new (const char *source,
                    const char *ref,
                    const char *summary,
                    const char *record_table,
                    const char *record_uuid,
                    const char *record_label)
{
  MamoriFinding *finding = g_new0 (MamoriFinding, 1);

  finding->source = g_strdup (source);
  finding->ref = g_strdup (ref);
  finding->summary = g_strdup (summary);
  finding->record_table = g_strdup (record_table);
  finding->record_uuid = g_strdup (record_uuid);
  finding->record_label = g_strdup (record_label);
  return finding;
}

void
mamori_finding_free (MamoriFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->source);
  g_free (finding->ref);
  g_free (finding->summary);
  g_free (finding->record_table);
  g_free (finding->record_uuid);
  g_free (finding->record_label);
  g_free (finding);
}

/* The inventory ---------------------------------------------------------------------------- */

/**
 * mamori_facts_inventory:
 *
 * The section's active assets (made or held by it) that fail a check the standard enables,
 * one finding per asset and check.  The flags are those of today: the inventory has no
 * history of its checks, so the period is not used.
 */
gboolean
mamori_facts_inventory (MamoriStore  *store,
                        gint64        section_id,
                        const char   *period_from,
                        const char   *period_to,
                        GPtrArray    *findings,
                        gpointer      user_data,
                        GError      **error)
{
  g_autoptr(GPtrArray) rules = mamori_rules_enabled (store, error);
  sqlite3_stmt *stmt;
  guint mask = 0;
  int rc;

  if (rules == NULL)
    return FALSE;
  for (guint i = 0; i < rules->len; i++)
    mask |= ((MamoriRule *)g_ptr_array_index (rules, i))->flag;
  if (mask == 0)
    return TRUE;

  stmt = mamori_store_prepare (store,
    "SELECT uuid, code, name, rule_flags FROM assets "
    "WHERE rule_flags & ?2 <> 0 AND status = 'active' "
    "AND (owner_section_id = ?1 OR holding_section_id = ?1) ORDER BY code", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, section_id);
  sqlite3_bind_int64 (stmt, 2, mask);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint flags = (guint)sqlite3_column_int64 (stmt, 3);
      g_autofree char *label = g_strdup_printf ("%s %s", mamori_column_text (stmt, 1),
                                                mamori_column_text (stmt, 2));

      for (guint i = 0; i < rules->len; i++)
        {
          MamoriRule *rule = g_ptr_array_index (rules, i);

          if (flags & rule->flag)
            g_ptr_array_add (findings,
                             mamori_finding_new ("inventory", rule->ref,
                                                 mamori_rule_summary (rule->flag), "assets",
                                                 mamori_column_text (stmt, 0), label));
        }
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || mamori_store_set_error (store, rc, error);
}

/**
 * mamori_facts_areas:
 *
 * The built-in source of the managed areas: for each area the section is responsible for,
 * one finding per check of the standard that entries or moves of the period fail, with how
 * many do.  The record is the area, whose entry log shows them.
 */
gboolean
mamori_facts_areas (MamoriStore  *store,
                    gint64        section_id,
                    const char   *period_from,
                    const char   *period_to,
                    GPtrArray    *findings,
                    gpointer      user_data,
                    GError      **error)
{
  g_autoptr(GPtrArray) areas = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store,
                               "SELECT id, uuid, code || ' ' || name FROM areas "
                               "WHERE section_id = ? ORDER BY code", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, section_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (areas, g_strdup_printf ("%lld", (long long)sqlite3_column_int64 (stmt, 0)));
      g_ptr_array_add (areas, g_strdup (mamori_column_text (stmt, 1)));
      g_ptr_array_add (areas, g_strdup (mamori_column_text (stmt, 2)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mamori_store_set_error (store, rc, error);

  for (guint i = 0; i + 2 < areas->len; i += 3)
    {
      gint64 area_id = g_ascii_strtoll (g_ptr_array_index (areas, i), NULL, 10);
      g_autoptr(GPtrArray) defects = mamori_reconcile_findings (store, area_id, period_from,
                                                                period_to, error);

      if (defects == NULL)
        return FALSE;
      for (guint j = 0; j < defects->len; j++)
        {
          MamoriAreaFinding *f = g_ptr_array_index (defects, j);
          g_autofree char *summary = NULL;

          if (f->count == 0 || f->ref == NULL)
            continue;
          /* Translators: a check of the entry log, then how many records of the period fail it */
          summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %lld record of the log",
                                                  "%s: %lld records of the log",
                                                  (gulong)f->count),
                                     mamori_area_defect_label (f->defect), (long long)f->count);
          g_ptr_array_add (findings,
                           mamori_finding_new ("areas", f->ref, summary, "areas",
                                               g_ptr_array_index (areas, i + 1),
                                               g_ptr_array_index (areas, i + 2)));
        }
    }
  return TRUE;
}

/**
 * mamori_facts_contracts:
 *
 * The built-in source of the contracts: for each contract of the section that is not ended,
 * one finding per mandatory clause of its checklist that is not stated, not answered, or
 * not applicable without a reason (mamori_contract_clause_missing), on the clause's
 * article.  The state is today's: the period is not used.
 */
gboolean
mamori_facts_contracts (MamoriStore  *store,
                        gint64        section_id,
                        const char   *period_from,
                        const char   *period_to,
                        GPtrArray    *findings,
                        gpointer      user_data,
                        GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store,
    "SELECT k.uuid, k.number || ' ' || k.title, c.code, c.body, c.ref, a.answer, a.note "
    "FROM contracts AS k JOIN contract_clauses AS a ON a.contract_id = k.id "
    "JOIN clauses AS c ON c.id = a.clause_id "
    "WHERE k.section_id = ? AND k.status <> 'ended' AND c.mandatory = 1 "
    "AND coalesce (c.ref, '') <> '' AND coalesce (a.answer, '') <> 'stated' "
    "ORDER BY k.number, c.ordinal", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, section_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriContractClause clause = { 0 };
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autofree char *summary = NULL;

      clause.mandatory = TRUE;
      clause.code = (char *)mamori_column_text (stmt, 2);
      clause.body = (char *)mamori_column_text (stmt, 3);
      clause.answer = (char *)mamori_column_text (stmt, 5);
      clause.note = (char *)mamori_column_text (stmt, 6);
      if (!mamori_contract_clause_missing (&clause))
        continue;
      /* The finding names its article already: the summary is the clause and why. */
      g_ptr_array_add (one, &clause);
      summary = g_strstrip (mamori_contract_describe_missing (one));
      g_ptr_array_add (findings,
                       mamori_finding_new ("contracts", mamori_column_text (stmt, 4), summary,
                                           "contracts",
                                           mamori_column_text (stmt, 0),
                                           mamori_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || mamori_store_set_error (store, rc, error);
}

/**
 * mamori_facts_record_id:
 * @record_table: a finding's record_table: one of the audited tables
 *
 * Returns: the id of the finding's record, to open it; 0 if it is gone
 */
gint64
mamori_facts_record_id (MamoriStore *store,
                        const char  *record_table,
                        const char  *record_uuid)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  stmt = mamori_store_prepare (store, "SELECT 1 FROM audited_tables WHERE name = ?", NULL);
  if (stmt == NULL)
    return 0;
  mamori_bind_text (stmt, 1, record_table);
  id = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (id == 0)
    return 0;
  sql = g_strdup_printf ("SELECT id FROM \"%s\" WHERE uuid = ?", record_table);
  stmt = mamori_store_prepare (store, sql, NULL);
  if (stmt == NULL)
    return 0;
  mamori_bind_text (stmt, 1, record_uuid);
  id = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return id;
}
