/* mamori-rollup.c — とりまとめ: the sections' answers counted by section and by chapter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 実施率 = 実施 ÷ (answers − 該当なし): "complied" over every answer that applies.  An
 * unanswered item is not an answer.  Each count is one GROUP BY over the cycle's answers
 * (found through the sheets' index), so the cost follows one cycle's size, not the ten
 * years the database holds.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "mamori-rollup.h"
#include "mamori-era.h"
#include "mamori-inspection.h"
#include "mamori-inspection-private.h"

#define COUNTS                                                                              \
  "sum (a.meaning = 'complied'), sum (a.meaning = 'partial'), "                             \
  "sum (a.meaning = 'not-complied'), sum (a.meaning = 'not-applicable'), count (a.id) "

/**
 * mamori_rollup_rate:
 *
 * Returns: 実施 ÷ (answers − 該当なし) between 0 and 1, or -1 when no answer counts
 */
double
mamori_rollup_rate (guint complied,
                    guint answers,
                    guint not_applicable)
{
  if (answers <= not_applicable)
    return -1.0;
  return (double)complied / (double)(answers - not_applicable);
}

/**
 * mamori_rollup_rate_text:
 *
 * Returns: (transfer full): "87.5%", or "—" when no answer counts
 */
char *
mamori_rollup_rate_text (double rate)
{
  if (rate < 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", rate * 100.0);
}

void
mamori_rollup_row_free (MamoriRollupRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row->label);
  g_free (row->status);
  g_free (row);
}

void
mamori_rollup_free (MamoriRollup *rollup)
{
  if (rollup == NULL)
    return;
  g_clear_pointer (&rollup->by_section, g_ptr_array_unref);
  g_clear_pointer (&rollup->by_chapter, g_ptr_array_unref);
  g_free (rollup->total.key);
  g_free (rollup->total.label);
  g_free (rollup);
}

void
mamori_rollup_answer_free (MamoriRollupAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->section_name);
  g_free (answer->item_code);
  g_free (answer->question);
  g_free (answer->answer_label);
  g_free (answer->meaning);
  g_free (answer->observation);
  g_free (answer->plan_action);
  g_free (answer->plan_due);
  g_free (answer);
}

static void
read_counts (MamoriRollupRow *row,
             sqlite3_stmt    *stmt,
             int              first)
{
  guint answers;

  row->complied = sqlite3_column_int (stmt, first);
  row->partial = sqlite3_column_int (stmt, first + 1);
  row->not_complied = sqlite3_column_int (stmt, first + 2);
  row->not_applicable = sqlite3_column_int (stmt, first + 3);
  answers = sqlite3_column_int (stmt, first + 4);
  row->rate = mamori_rollup_rate (row->complied, answers, row->not_applicable);
}

static guint
row_answers (const MamoriRollupRow *row)
{
  return row->complied + row->partial + row->not_complied + row->not_applicable;
}

/* Rates of the previous cycle, keyed by section id or chapter ref. */
static GHashTable *
previous_rates (MamoriStore      *store,
                gint64            cycle_id,
                gboolean          by_section,
                MamoriRollupRow  *sum,
                GError          **error)
{
  g_autoptr(GHashTable) rates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (cycle_id == 0)
    return g_steal_pointer (&rates);
  stmt = mamori_store_prepare (store, by_section
    ? "SELECT h.section_id, " COUNTS "FROM inspection_sheets AS h "
      "JOIN inspection_answers AS a ON a.sheet_id = h.id WHERE h.cycle_id = ? "
      "GROUP BY h.section_id"
    : "SELECT ci.chapter_ref, " COUNTS "FROM inspection_sheets AS h "
      "JOIN inspection_answers AS a ON a.sheet_id = h.id "
      "JOIN catalogue_items AS ci ON ci.id = a.item_id WHERE h.cycle_id = ? "
      "GROUP BY ci.chapter_ref", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cycle_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriRollupRow row = { 0 };
      double *rate = g_new (double, 1);

      read_counts (&row, stmt, 1);
      *rate = row.rate;
      if (sum != NULL)
        {
          sum->complied += row.complied;
          sum->partial += row.partial;
          sum->not_complied += row.not_complied;
          sum->not_applicable += row.not_applicable;
        }
      g_hash_table_insert (rates, g_strdup (mamori_column_text (stmt, 0)), rate);
    }
  if (!mamori_rows_done (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&rates);
}

static double
lookup_rate (GHashTable *rates,
             const char *key)
{
  double *rate = g_hash_table_lookup (rates, key);

  return rate ? *rate : -1.0;
}

static gboolean
rollup_sections (MamoriStore   *store,
                 MamoriRollup  *rollup,
                 MamoriCycle   *cycle,
                 guint          items,
                 GError       **error)
{
  g_autoptr(GHashTable) previous = NULL;
  MamoriRollupRow sum = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  /* Last year's whole-ward rate is the sum of its sections'. */
  previous = previous_rates (store, cycle->previous_id, TRUE, &sum, error);
  if (previous == NULL)
    return FALSE;
  rollup->total.previous_rate = cycle->previous_id == 0 ? -1.0
    : mamori_rollup_rate (sum.complied, row_answers (&sum), sum.not_applicable);
  stmt = mamori_store_prepare (store,
    "SELECT h.section_id, s.code, s.name, h.status, " COUNTS
    "FROM inspection_sheets AS h JOIN sections AS s ON s.id = h.section_id "
    "LEFT JOIN inspection_answers AS a ON a.sheet_id = h.id WHERE h.cycle_id = ? "
    "GROUP BY h.id ORDER BY s.code", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cycle->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriRollupRow *row = g_new0 (MamoriRollupRow, 1);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                (gint64)sqlite3_column_int64 (stmt, 0));

      row->id = sqlite3_column_int64 (stmt, 0);
      row->key = g_strdup (mamori_column_text (stmt, 1));
      row->label = g_strdup (mamori_column_text (stmt, 2));
      row->status = g_strdup (mamori_column_text (stmt, 3));
      read_counts (row, stmt, 4);
      row->unanswered = items > row_answers (row) ? items - row_answers (row) : 0;
      row->previous_rate = lookup_rate (previous, key);
      rollup->total.complied += row->complied;
      rollup->total.partial += row->partial;
      rollup->total.not_complied += row->not_complied;
      rollup->total.not_applicable += row->not_applicable;
      rollup->total.unanswered += row->unanswered;
      g_ptr_array_add (rollup->by_section, row);
    }
  return mamori_rows_done (store, stmt, rc, error);
}

static gboolean
rollup_chapters (MamoriStore   *store,
                 MamoriRollup  *rollup,
                 MamoriCycle   *cycle,
                 guint         *items,
                 GError       **error)
{
  g_autoptr(GHashTable) previous = previous_rates (store, cycle->previous_id, FALSE, NULL, error);
  sqlite3_stmt *stmt;
  int rc;

  if (previous == NULL)
    return FALSE;
  /* The chapters in the catalogue's order, each with its items on every sheet. */
  stmt = mamori_store_prepare (store,
    "WITH counts AS (SELECT ci.chapter_ref AS ref, sum (a.meaning = 'complied') AS n1, "
    " sum (a.meaning = 'partial') AS n2, sum (a.meaning = 'not-complied') AS n3, "
    " sum (a.meaning = 'not-applicable') AS n4, count (a.id) AS n5 "
    " FROM inspection_sheets AS h JOIN inspection_answers AS a ON a.sheet_id = h.id "
    " JOIN catalogue_items AS ci ON ci.id = a.item_id WHERE h.cycle_id = ?1 "
    " GROUP BY ci.chapter_ref), "
    "chapters AS (SELECT ci.chapter_ref AS ref, min (ci.ordinal) AS o, count (*) AS items "
    " FROM catalogue_items AS ci WHERE ci.standard_id = ?2 AND ("
    "  NOT EXISTS (SELECT 1 FROM item_respondents AS r0 WHERE r0.item_id = ci.id) "
    "  OR EXISTS (SELECT 1 FROM item_respondents AS r JOIN standard_roles AS sr "
    "   ON sr.standard_id = ci.standard_id AND sr.code = r.role_code "
    "   WHERE r.item_id = ci.id AND sr.function IN ('section-officer', 'staff'))) "
    " GROUP BY ci.chapter_ref) "
    "SELECT ch.ref, coalesce (ar.title, ''), ch.items, "
    "coalesce (c.n1, 0), coalesce (c.n2, 0), coalesce (c.n3, 0), coalesce (c.n4, 0), "
    "coalesce (c.n5, 0) "
    "FROM chapters AS ch LEFT JOIN counts AS c ON c.ref = ch.ref "
    "LEFT JOIN articles AS ar ON ar.standard_id = ?2 AND ar.ref = ch.ref ORDER BY ch.o", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cycle->id);
  sqlite3_bind_int64 (stmt, 2, cycle->standard_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriRollupRow *row = g_new0 (MamoriRollupRow, 1);
      guint expected = sqlite3_column_int (stmt, 2) * cycle->sheets;

      *items += sqlite3_column_int (stmt, 2);
      row->key = g_strdup (mamori_column_text (stmt, 0));
      row->label = g_strdup (mamori_column_text (stmt, 1));
      read_counts (row, stmt, 3);
      row->unanswered = expected > row_answers (row) ? expected - row_answers (row) : 0;
      row->previous_rate = lookup_rate (previous, row->key);
      g_ptr_array_add (rollup->by_chapter, row);
    }
  return mamori_rows_done (store, stmt, rc, error);
}

/* The previous cycle's improvement plans: done when marked done or when this cycle answers
 * the same item of the same section 実施; overdue when neither and past their date. */
static gboolean
rollup_plans (MamoriStore   *store,
              MamoriRollup  *rollup,
              MamoriCycle   *cycle,
              GError       **error)
{
  g_autofree char *today = mamori_date_today_iso ();
  sqlite3_stmt *stmt;

  if (cycle->previous_id == 0)
    return TRUE;
  stmt = mamori_store_prepare (store,
    "SELECT count (*), coalesce (sum (done), 0), coalesce (sum (NOT done AND due < ?3), 0) "
    "FROM (SELECT pa.plan_due AS due, (pa.plan_done_on IS NOT NULL OR EXISTS ("
    "  SELECT 1 FROM inspection_answers AS a WHERE a.sheet_id = (SELECT h.id FROM "
    "   inspection_sheets AS h WHERE h.cycle_id = ?2 AND h.section_id = ph.section_id) "
    "  AND a.item_id = (SELECT ci.id FROM catalogue_items AS ci WHERE ci.standard_id = ?4 "
    "   AND ci.code = pci.code) AND a.meaning = 'complied')) AS done "
    " FROM inspection_sheets AS ph JOIN inspection_answers AS pa ON pa.sheet_id = ph.id "
    " JOIN catalogue_items AS pci ON pci.id = pa.item_id "
    " WHERE ph.cycle_id = ?1 AND pa.meaning IN ('partial', 'not-complied'))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cycle->previous_id);
  sqlite3_bind_int64 (stmt, 2, cycle->id);
  mamori_bind_text (stmt, 3, today);
  sqlite3_bind_int64 (stmt, 4, cycle->standard_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      rollup->plans = sqlite3_column_int (stmt, 0);
      rollup->plans_done = sqlite3_column_int (stmt, 1);
      rollup->plans_overdue = sqlite3_column_int (stmt, 2);
    }
  return mamori_store_step_done (store, stmt, error);
}

/**
 * mamori_rollup_compute:
 *
 * Returns: (transfer full): the cycle's answers counted by section and by chapter, with the
 *   previous cycle's rates beside them and the follow-up of its improvement plans
 */
MamoriRollup *
mamori_rollup_compute (MamoriStore  *store,
                       gint64        cycle_id,
                       GError      **error)
{
  g_autoptr(MamoriCycle) cycle = mamori_cycle_get (store, cycle_id, error);
  g_autoptr(MamoriRollup) rollup = NULL;
  guint items = 0;

  if (cycle == NULL)
    return NULL;
  rollup = g_new0 (MamoriRollup, 1);
  rollup->cycle_id = cycle_id;
  rollup->by_section = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_rollup_row_free);
  rollup->by_chapter = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_rollup_row_free);
  if (!rollup_chapters (store, rollup, cycle, &items, error))
    return NULL;
  if (!rollup_sections (store, rollup, cycle, items, error) ||
      !rollup_plans (store, rollup, cycle, error))
    return NULL;

  rollup->total.label = g_strdup (cycle->title);
  rollup->total.rate = mamori_rollup_rate (rollup->total.complied, row_answers (&rollup->total),
                                           rollup->total.not_applicable);
  return g_steal_pointer (&rollup);
}

static MamoriRollupAnswer *
answer_from_row (sqlite3_stmt *stmt)
{
  MamoriRollupAnswer *a = g_new0 (MamoriRollupAnswer, 1);
  char **fields[] = { &a->section_name, &a->item_code, &a->question, &a->answer_label,
                      &a->meaning, &a->observation, &a->plan_action, &a->plan_due };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i] = mamori_column_dup (stmt, i);
  return a;
}

/**
 * mamori_rollup_answers:
 * @section_id: 0 for every section
 * @chapter_ref: (nullable): %NULL for every chapter
 *
 * Returns: (transfer full) (element-type MamoriRollupAnswer): the drill-down, by section then
 *   item
 */
GPtrArray *
mamori_rollup_answers (MamoriStore  *store,
                       gint64        cycle_id,
                       gint64        section_id,
                       const char   *chapter_ref,
                       GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
    "SELECT s.name, ci.code, ci.question, ao.label, a.meaning, a.observation, a.plan_action, "
    "a.plan_due FROM inspection_sheets AS h JOIN sections AS s ON s.id = h.section_id "
    "JOIN inspection_answers AS a ON a.sheet_id = h.id "
    "JOIN catalogue_items AS ci ON ci.id = a.item_id "
    "JOIN answer_options AS ao ON ao.standard_id = ci.standard_id AND ao.scale = ci.scale "
    " AND ao.code = a.answer "
    "WHERE h.cycle_id = ?1 AND (?2 = 0 OR h.section_id = ?2) "
    "AND (?3 IS NULL OR ci.chapter_ref = ?3) ORDER BY s.code, ci.ordinal", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cycle_id);
  sqlite3_bind_int64 (stmt, 2, section_id);
  mamori_bind_text (stmt, 3, chapter_ref);
  return mamori_rows_collect (store, stmt, (MamoriRowFunc)answer_from_row,
                              (GDestroyNotify)mamori_rollup_answer_free, error);
}

/**
 * mamori_rollup_years:
 *
 * Returns: (transfer full) (element-type MamoriRollupRow): one row per fiscal-year cycle,
 *   oldest first (key: the year), with the whole ward's counts and 実施率
 */
GPtrArray *
mamori_rollup_years (MamoriStore  *store,
                     GError      **error)
{
  g_autoptr(GPtrArray) years = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_rollup_row_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store,
    "SELECT c.id, c.fiscal_year, c.title, " COUNTS "FROM inspection_cycles AS c "
    "JOIN inspection_sheets AS h ON h.cycle_id = c.id "
    "JOIN inspection_answers AS a ON a.sheet_id = h.id "
    "WHERE c.kind = 'fiscal-year' GROUP BY c.id ORDER BY c.fiscal_year", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriRollupRow *row = g_new0 (MamoriRollupRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->key = g_strdup_printf ("%d", sqlite3_column_int (stmt, 1));
      row->label = g_strdup (mamori_column_text (stmt, 2));
      read_counts (row, stmt, 3);
      row->previous_rate = years->len > 0
        ? ((MamoriRollupRow *)g_ptr_array_index (years, years->len - 1))->rate : -1.0;
      g_ptr_array_add (years, row);
    }
  if (!mamori_rows_done (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&years);
}
