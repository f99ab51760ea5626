/* mamori-report-data.c — what the year's report says, collected from the registers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One read transaction over the database: the inspection roll-up of the fiscal year's cycle
 * (mamori-rollup.c), its findings, audit findings, evaluations and review proposals
 * (mamori-evaluation.c), and summaries of the inventory, the managed areas and the contracts,
 * each one GROUP BY.  Every name of a class, chapter, rule or role comes from the standard the
 * cycle was run under; Mamori's own codes (asset kinds, statuses) are kept as codes, so that
 * the XML does not depend on the language of whoever exports it.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "mamori-era.h"
#include "mamori-inspection-private.h"
#include "mamori-report.h"
#include "mamori-rules.h"

G_DEFINE_QUARK (mamori-report-error-quark, mamori_report_error)

void
mamori_report_count_free (MamoriReportCount *count)
{
  if (count == NULL)
    return;
  g_free (count->code);
  g_free (count->name);
  g_free (count->ref);
  g_free (count);
}

static void
area_clear (MamoriReportArea *area)
{
  g_free (area->code);
  g_free (area->name);
  g_free (area->class_code);
  g_free (area->section);
}

void
mamori_report_area_free (MamoriReportArea *area)
{
  if (area == NULL)
    return;
  area_clear (area);
  g_free (area);
}

static void
role_free (MamoriReportRole *role)
{
  if (role == NULL)
    return;
  g_free (role->code);
  g_free (role->function);
  g_free (role->name);
  g_free (role);
}

void
mamori_report_data_free (MamoriReportData *d)
{
  if (d == NULL)
    return;
  g_free (d->report_date);
  g_free (d->generated_at);
  g_free (d->organisation);
  g_free (d->standard_code);
  g_free (d->standard_title);
  g_free (d->standard_version);
  g_free (d->catalogue_version);
  role_free (d->reporter);
  role_free (d->addressee);
  g_clear_pointer (&d->cycle, mamori_cycle_free);
  g_clear_pointer (&d->rollup, mamori_rollup_free);
  GPtrArray **arrays[] = { &d->years, &d->findings, &d->audit_findings, &d->evaluations,
                           &d->proposals, &d->assets_by_section, &d->assets_by_class,
                           &d->assets_by_kind, &d->assets_by_rule, &d->area_classes,
                           &d->areas, &d->contracts_by_kind, &d->contracts_by_status };
  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    g_clear_pointer (arrays[i], g_ptr_array_unref);
  area_clear (&d->area_total);
  g_free (d);
}

static GPtrArray *
counts_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_report_count_free);
}

/* Rows of (code, name, count[, attention]) into MamoriReportCount. */
static gpointer
count_from_row (sqlite3_stmt *stmt)
{
  MamoriReportCount *c = g_new0 (MamoriReportCount, 1);

  c->code = mamori_column_dup (stmt, 0);
  c->name = mamori_column_dup (stmt, 1);
  c->count = sqlite3_column_int64 (stmt, 2);
  c->attention = sqlite3_column_count (stmt) > 3 ? sqlite3_column_int64 (stmt, 3) : -1;
  return c;
}

static GPtrArray *
query_counts (MamoriStore  *store,
              const char   *sql,
              gint64        a,
              const char   *b,
              const char   *c,
              GError      **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  for (int i = 1; i <= sqlite3_bind_parameter_count (stmt); i++)
    if (i == 1)
      sqlite3_bind_int64 (stmt, 1, a);
    else
      mamori_bind_text (stmt, i, i == 2 ? b : c);
  return mamori_rows_collect (store, stmt, count_from_row,
                              (GDestroyNotify)mamori_report_count_free, error);
}

static MamoriReportRole *
role_for (MamoriStore  *store,
          gint64        standard_id,
          const char   *function)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store,
    "SELECT code, function, name FROM standard_roles WHERE standard_id = ? AND function = ? "
    "ORDER BY ordinal LIMIT 1", NULL);
  MamoriReportRole *role = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, standard_id);
  mamori_bind_text (stmt, 2, function);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      role = g_new0 (MamoriReportRole, 1);
      role->code = mamori_column_dup (stmt, 0);
      role->function = mamori_column_dup (stmt, 1);
      role->name = mamori_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  return role;
}

static gboolean
collect_standard (MamoriStore       *store,
                  MamoriReportData  *d,
                  GError           **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store,
    "SELECT code, title, version, catalogue_version FROM standards WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->cycle->standard_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      d->standard_code = mamori_column_dup (stmt, 0);
      d->standard_title = mamori_column_dup (stmt, 1);
      d->standard_version = mamori_column_dup (stmt, 2);
      d->catalogue_version = mamori_column_dup (stmt, 3);
    }
  if (!mamori_store_step_done (store, stmt, error))
    return FALSE;
  /* The cycle records the catalogue it was run with. */
  if (d->cycle->catalogue_version != NULL && *d->cycle->catalogue_version != '\0')
    {
      g_free (d->catalogue_version);
      d->catalogue_version = g_strdup (d->cycle->catalogue_version);
    }
  /* 報告者 (ネットワーク管理者, who compiles the report) and 宛先 (the headquarters). */
  d->reporter = role_for (store, d->cycle->standard_id, "network-admin");
  d->addressee = role_for (store, d->cycle->standard_id, "headquarters");
  return d->standard_code != NULL ||
         (g_set_error (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_NO_CYCLE,
                       _("The standard of the inspection cycle is missing.")), FALSE);
}

static gboolean
collect_inspection (MamoriStore       *store,
                    MamoriReportData  *d,
                    GError           **error)
{
  g_autoptr(GPtrArray) answers = NULL;

  d->rollup = mamori_rollup_compute (store, d->cycle->id, error);
  if (d->rollup == NULL)
    return FALSE;
  d->years = mamori_rollup_years (store, error);
  if (d->years == NULL)
    return FALSE;
  /* Only the years up to the report's. */
  for (guint i = d->years->len; i > 0; i--)
    {
      MamoriRollupRow *row = g_ptr_array_index (d->years, i - 1);

      if (atoi (row->key) > d->fiscal_year)
        g_ptr_array_remove_index (d->years, i - 1);
    }
  if (d->cycle->previous_id != 0)
    {
      g_autoptr(MamoriCycle) previous = mamori_cycle_get (store, d->cycle->previous_id, NULL);

      d->previous_year = previous ? previous->fiscal_year : 0;
    }

  answers = mamori_rollup_answers (store, d->cycle->id, 0, NULL, error);
  if (answers == NULL)
    return FALSE;
  /* Moved out of the answers, in their order (sections, then items). */
  d->findings = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_rollup_answer_free);
  for (guint i = 0; i < answers->len; i++)
    {
      MamoriRollupAnswer *a = g_ptr_array_index (answers, i);

      if (g_strcmp0 (a->meaning, "partial") == 0 || g_strcmp0 (a->meaning, "not-complied") == 0)
        {
          g_ptr_array_add (d->findings, a);
          answers->pdata[i] = NULL;
        }
    }

  d->audit_findings = mamori_audit_findings (store, d->cycle->id, 0, error);
  if (d->audit_findings == NULL)
    return FALSE;
  d->evaluations = mamori_evaluation_chapters (store, d->cycle->id, error);
  if (d->evaluations == NULL)
    return FALSE;
  d->proposals = mamori_review_list (store, d->cycle->id, error);
  return d->proposals != NULL;
}

static gboolean
collect_inventory (MamoriStore       *store,
                   MamoriReportData  *d,
                   GError           **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) rules = NULL;

  stmt = mamori_store_prepare (store,
    "SELECT coalesce (sum (status = 'active'), 0), coalesce (sum (status = 'disposed'), 0), "
    "(SELECT count (*) FROM assets WHERE rule_flags <> 0 AND status = 'active') FROM assets",
    error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      d->assets_active = sqlite3_column_int64 (stmt, 0);
      d->assets_disposed = sqlite3_column_int64 (stmt, 1);
      d->assets_attention = sqlite3_column_int64 (stmt, 2);
    }
  if (!mamori_store_step_done (store, stmt, error))
    return FALSE;

  d->assets_by_section = query_counts (store,
    "SELECT s.code, s.name, count (a.id), coalesce (sum (a.rule_flags <> 0), 0) "
    "FROM sections AS s JOIN assets AS a ON a.owner_section_id = s.id AND a.status = 'active' "
    "WHERE ?1 = ?1 GROUP BY s.id ORDER BY s.code", 0, NULL, NULL, error);
  if (d->assets_by_section == NULL)
    return FALSE;
  d->assets_by_class = query_counts (store,
    "SELECT c.code, c.name, (SELECT count (*) FROM assets AS a WHERE a.class_code = c.code "
    "AND a.status = 'active') FROM classification_classes AS c WHERE c.standard_id = ?1 "
    "ORDER BY c.rank", d->cycle->standard_id, NULL, NULL, error);
  if (d->assets_by_class == NULL)
    return FALSE;
  d->assets_by_kind = query_counts (store,
    "SELECT kind, NULL, count (*) FROM assets WHERE status = 'active' AND ?1 = ?1 "
    "GROUP BY kind ORDER BY kind", 0, NULL, NULL, error);
  if (d->assets_by_kind == NULL)
    return FALSE;

  rules = mamori_rules_enabled (store, error);
  if (rules == NULL)
    return FALSE;
  d->assets_by_rule = counts_new ();
  stmt = mamori_store_prepare (store,
    "SELECT count (*) FROM assets WHERE rule_flags <> 0 AND rule_flags & ?1 <> 0 "
    "AND status = 'active'", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < rules->len; i++)
    {
      MamoriRule *rule = g_ptr_array_index (rules, i);
      MamoriReportCount *c = g_new0 (MamoriReportCount, 1);

      sqlite3_bind_int64 (stmt, 1, rule->flag);
      c->code = g_strdup (rule->code);
      c->name = g_strdup (rule->text);
      c->ref = g_strdup (rule->ref);
      c->attention = -1;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        c->count = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (d->assets_by_rule, c);
      if (!mamori_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
collect_areas (MamoriStore       *store,
               MamoriReportData  *d,
               GError           **error)
{
  g_autofree char *from = mamori_fiscal_year_start_iso (d->fiscal_year);
  g_autofree char *to = mamori_fiscal_year_start_iso (d->fiscal_year + 1);
  sqlite3_stmt *stmt;
  int rc;

  d->area_classes = query_counts (store,
    "SELECT c.code, c.name, (SELECT count (*) FROM areas AS a WHERE a.class_code = c.code) "
    "FROM area_classes AS c WHERE c.standard_id = ?1 ORDER BY c.rank",
    d->cycle->standard_id, NULL, NULL, error);
  if (d->area_classes == NULL)
    return FALSE;

  /* Entries of the fiscal year (entered_at is "YYYY-MM-DDTHH:MM"), the defective among them,
   * and the sampling checks done in the year. */
  stmt = mamori_store_prepare (store,
    "SELECT a.code, a.name, a.class_code, coalesce (s.name, ''), "
    "(SELECT count (*) FROM area_entries AS e WHERE e.area_id = a.id "
    "  AND e.entered_at >= ?1 AND e.entered_at < ?2), "
    "(SELECT count (*) FROM area_entries AS e WHERE e.area_id = a.id AND e.rule_flags <> 0 "
    "  AND e.entered_at >= ?1 AND e.entered_at < ?2), "
    "(SELECT count (*) FROM area_samples AS p WHERE p.area_id = a.id "
    "  AND p.done_on >= ?1 AND p.done_on < ?2), "
    "(SELECT coalesce (sum (p.sampled), 0) FROM area_samples AS p WHERE p.area_id = a.id "
    "  AND p.done_on >= ?1 AND p.done_on < ?2), "
    "(SELECT coalesce (sum (p.defective), 0) FROM area_samples AS p WHERE p.area_id = a.id "
    "  AND p.done_on >= ?1 AND p.done_on < ?2) "
    "FROM areas AS a LEFT JOIN sections AS s ON s.id = a.section_id ORDER BY a.code", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, from);
  mamori_bind_text (stmt, 2, to);
  d->areas = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_report_area_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriReportArea *a = g_new0 (MamoriReportArea, 1);

      a->code = mamori_column_dup (stmt, 0);
      a->name = mamori_column_dup (stmt, 1);
      a->class_code = mamori_column_dup (stmt, 2);
      a->section = mamori_column_dup (stmt, 3);
      a->entries = sqlite3_column_int64 (stmt, 4);
      a->defective = sqlite3_column_int64 (stmt, 5);
      a->samples = sqlite3_column_int64 (stmt, 6);
      a->sampled = sqlite3_column_int64 (stmt, 7);
      a->sampled_defective = sqlite3_column_int64 (stmt, 8);
      d->area_total.entries += a->entries;
      d->area_total.defective += a->defective;
      d->area_total.samples += a->samples;
      d->area_total.sampled += a->sampled;
      d->area_total.sampled_defective += a->sampled_defective;
      g_ptr_array_add (d->areas, a);
    }
  return mamori_rows_done (store, stmt, rc, error);
}

/* Contracts in force at some time of the fiscal year. */
#define IN_FORCE "k.starts_on <= ?3 AND k.ends_on >= ?2"

static gboolean
collect_contracts (MamoriStore       *store,
                   MamoriReportData  *d,
                   GError           **error)
{
  g_autofree char *from = mamori_fiscal_year_start_iso (d->fiscal_year);
  g_autofree char *to = mamori_fiscal_year_end_iso (d->fiscal_year);
  sqlite3_stmt *stmt;

  d->contracts_by_kind = query_counts (store,
    "SELECT k.kind, NULL, count (*) FROM contracts AS k WHERE ?1 = ?1 AND " IN_FORCE
    " GROUP BY k.kind ORDER BY k.kind", 0, from, to, error);
  if (d->contracts_by_kind == NULL)
    return FALSE;
  d->contracts_by_status = query_counts (store,
    "SELECT k.status, NULL, count (*) FROM contracts AS k WHERE ?1 = ?1 AND " IN_FORCE
    " GROUP BY k.status ORDER BY k.status", 0, from, to, error);
  if (d->contracts_by_status == NULL)
    return FALSE;
  for (guint i = 0; i < d->contracts_by_kind->len; i++)
    d->contracts += ((MamoriReportCount *)g_ptr_array_index (d->contracts_by_kind, i))->count;

  /* A mandatory clause is missing when it is not stated, unless it does not apply and the
   * note says why (as the Contracts view counts it). */
  stmt = mamori_store_prepare (store,
    "SELECT count (*), coalesce (sum (a.answer = 'stated'), 0), "
    "coalesce (sum (a.answer = 'not-stated'), 0), coalesce (sum (a.answer = 'not-applicable'), 0), "
    "coalesce (sum (a.answer IS NULL), 0), (SELECT count (DISTINCT a2.contract_id) "
    " FROM contract_clauses AS a2 JOIN contracts AS k ON k.id = a2.contract_id "
    " JOIN clauses AS c ON c.id = a2.clause_id WHERE " IN_FORCE " AND c.mandatory = 1 "
    " AND (a2.answer IS NULL OR a2.answer <> 'stated') "
    " AND (coalesce (a2.answer, '') <> 'not-applicable' OR trim (a2.note) = '')) "
    "FROM contract_clauses AS a JOIN contracts AS k ON k.id = a.contract_id "
    "WHERE ?1 = ?1 AND " IN_FORCE, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, 0);
  mamori_bind_text (stmt, 2, from);
  mamori_bind_text (stmt, 3, to);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      d->clauses = sqlite3_column_int64 (stmt, 0);
      d->clauses_stated = sqlite3_column_int64 (stmt, 1);
      d->clauses_not_stated = sqlite3_column_int64 (stmt, 2);
      d->clauses_not_applicable = sqlite3_column_int64 (stmt, 3);
      d->clauses_unanswered = sqlite3_column_int64 (stmt, 4);
      d->contracts_with_missing = sqlite3_column_int64 (stmt, 5);
    }
  return mamori_store_step_done (store, stmt, error);
}

/**
 * mamori_report_data_collect:
 *
 * Returns: (transfer full): what the report of @fiscal_year says, read in one transaction; an
 *   error of MAMORI_REPORT_ERROR_NO_CYCLE when the year has no inspection cycle
 */
MamoriReportData *
mamori_report_data_collect (MamoriStore   *store,
                            int            fiscal_year,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(MamoriReportData) d = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 cycle_id;
  g_autofree char *sample = NULL;
  gboolean ok, own;

  cycle_id = mamori_cycle_find_year (store, fiscal_year);
  if (cycle_id == 0)
    {
      g_autofree char *label = mamori_fiscal_year_label (fiscal_year);

      g_set_error (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_NO_CYCLE,
                   _("Fiscal year %d (%s) has no inspection cycle: there is nothing to "
                     "report. Start the year’s inspection first."), fiscal_year, label);
      return NULL;
    }

  d = g_new0 (MamoriReportData, 1);
  d->fiscal_year = fiscal_year;
  d->report_date = g_date_time_format (now, "%Y-%m-%d");
  d->generated_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  d->organisation = mamori_store_get_setting (store, "organisation-name");
  if (d->organisation == NULL)
    d->organisation = g_strdup ("");
  sample = mamori_store_get_setting (store, "sample-ward");
  d->sample = sample != NULL && g_strcmp0 (sample, "0") != 0 && *sample != '\0';

  /* A read transaction (deferred: the database may be read-only), so that every count is
   * of the same state. */
  own = !mamori_store_in_transaction (store);
  if (own && !mamori_store_exec (store, "BEGIN DEFERRED", error))
    return NULL;
  d->cycle = mamori_cycle_get (store, cycle_id, error);
  ok = d->cycle != NULL &&
       collect_standard (store, d, error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       collect_inspection (store, d, error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       collect_inventory (store, d, error) &&
       collect_areas (store, d, error) &&
       collect_contracts (store, d, error);
  if (own)
    mamori_store_exec (store, "ROLLBACK", NULL);
  if (!ok)
    return NULL;
  return g_steal_pointer (&d);
}

/**
 * mamori_report_years:
 *
 * Returns: (transfer full) (element-type int): the fiscal years with an inspection cycle,
 *   newest first
 */
GArray *
mamori_report_years (MamoriStore  *store,
                     GError      **error)
{
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  sqlite3_stmt *stmt = mamori_store_prepare (store,
    "SELECT fiscal_year FROM inspection_cycles WHERE kind = 'fiscal-year' "
    "ORDER BY fiscal_year DESC", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int y = sqlite3_column_int (stmt, 0);

      g_array_append_val (years, y);
    }
  if (!mamori_rows_done (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&years);
}
