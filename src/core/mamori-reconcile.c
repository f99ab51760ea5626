/* mamori-reconcile.c — what the entry log and the moves of managed areas fail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like mamori-rules.c for assets: Mamori knows how to check an entry or a move, the loaded
 * standard says whether and under which article (its <rules> area-…).  "The top class" is the
 * area class of rank 1 (Shinjuku's 管理区域Ⅰ); nothing here names a class or an article.
 *
 * Each row's defects are kept in its rule_flags so that filtering two million entries by
 * defect is an indexed lookup.  The core recomputes a row's flags when it is written, and an
 * area's when its permitted people or its class change.
 *
 * The sampling check (practice notes §8.4) draws N days of a period that have records, and
 * counts the records of those days and the defective ones among them; its result is the
 * evidence of the inspection item that cites the entry-log measure.
 */

#include "config.h"

#include "mamori-reconcile.h"
#include "mamori-area-keys.h"
#include "mamori-era.h"

#include <glib/gi18n.h>
#include <string.h>

typedef struct
{
  MamoriAreaDefect  defect;
  const char       *code;
  const char       *label;
  gboolean          move;       /* a condition over area_moves "m", else area_entries "e" */
  /* %1$s is the top area class, quoted. */
  const char       *condition;
} DefectDefinition;

#define AREA_CLASS(alias) "(SELECT x.class_code FROM areas AS x WHERE x.id = " alias ".area_id)"

static const DefectDefinition definitions[] = {
  { MAMORI_AREA_DEFECT_NOT_PERMITTED, "area-permitted",
    N_("Not permitted to enter on that day"), FALSE,
    "e.escort_id IS NULL AND EXISTS (SELECT 1 FROM area_permits AS p WHERE p.area_id = e.area_id) "
    "AND NOT EXISTS (SELECT 1 FROM area_permits AS p WHERE p.area_id = e.area_id "
    " AND substr (e.entered_at, 1, 10) BETWEEN p.valid_from AND coalesce (p.valid_to, '9999') "
    " AND (p.name = e.name OR (e.person_id IS NOT NULL AND p.person_id = e.person_id) "
    "      OR (e.card_number <> '' AND p.card_number = e.card_number)))" },
  { MAMORI_AREA_DEFECT_NO_ESCORT, "area-escort",
    N_("Contractor or visitor without an escort"), FALSE,
    "e.kind <> 'staff' AND e.escort_id IS NULL" },
  { MAMORI_AREA_DEFECT_NO_EXIT, "area-entry-log",
    N_("No exit recorded"), FALSE,
    "e.left_at IS NULL" },
  { MAMORI_AREA_DEFECT_INCOMPLETE, "area-entry-log",
    N_("Affiliation or purpose missing"), FALSE,
    "(e.affiliation = '' OR e.purpose = '')" },
  { MAMORI_AREA_DEFECT_NO_ID_CHECK, "area-id-check",
    N_("Contractor without an ID check"), FALSE,
    "e.kind = 'contractor' AND e.id_checked = 0" },
  { MAMORI_AREA_DEFECT_UNISSUED_MEDIA, "area-unissued-media",
    N_("Media not issued brought in"), FALSE,
    "e.unissued_media = 1 AND " AREA_CLASS ("e") " = %1$s" },
  { MAMORI_AREA_DEFECT_NO_WITNESS, "area-move-witness",
    N_("Moved without a witnessing staff member"), TRUE,
    "m.witness_id IS NULL" },
  { MAMORI_AREA_DEFECT_MOVE_UNISSUED, "area-unissued-media",
    N_("Medium not issued brought in"), TRUE,
    "m.direction = 'in' AND m.is_medium = 1 AND m.issued = 0 AND " AREA_CLASS ("m") " = %1$s" },
};

static const DefectDefinition *
find_definition (MamoriAreaDefect defect)
{
  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    if (definitions[i].defect == defect)
      return &definitions[i];
  return NULL;
}

const char *
mamori_area_defect_code (MamoriAreaDefect defect)
{
  const DefectDefinition *d = find_definition (defect);

  return d ? d->code : NULL;
}

const char *
mamori_area_defect_label (MamoriAreaDefect defect)
{
  const DefectDefinition *d = find_definition (defect);

  if (defect == MAMORI_AREA_DEFECT_KEY_NOT_RETURNED)
    return _("Key or card not returned in time");
  return d ? _(d->label) : "";
}

/**
 * mamori_area_defects_describe:
 *
 * Returns: (transfer full): the defects of @flags in words, joined by "、"
 */
char *
mamori_area_defects_describe (guint flags)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    if (flags & definitions[i].defect)
      g_string_append_printf (s, "%s%s", s->len ? _(", ") : "", _(definitions[i].label));
  return g_string_free (s, FALSE);
}

/**
 * mamori_reconcile_rule_ref:
 *
 * Returns: (transfer full) (nullable): the article of the active standard's rule @code, or
 *   %NULL if the standard has no such rule (then it is not checked)
 */
char *
mamori_reconcile_rule_ref (MamoriStore *store,
                           const char  *code)
{
  sqlite3_stmt *stmt;
  char *ref = NULL;

  stmt = mamori_store_prepare (store,
                               "SELECT r.ref FROM standard_rules AS r JOIN standards AS s "
                               "ON s.id = r.standard_id WHERE s.active = 1 AND r.code = ?", NULL);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ref = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return ref;
}

/**
 * mamori_reconcile_enabled_mask:
 *
 * Returns: the defects the active standard's <rules> enable
 */
guint
mamori_reconcile_enabled_mask (MamoriStore *store)
{
  guint mask = 0;

  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    {
      g_autofree char *ref = mamori_reconcile_rule_ref (store, definitions[i].code);

      if (ref != NULL)
        mask |= definitions[i].defect;
    }
  return mask;
}

static char *
top_area_class (MamoriStore *store)
{
  return mamori_store_query_text (store,
                                  "SELECT c.code FROM area_classes AS c JOIN standards AS s "
                                  "ON s.id = c.standard_id WHERE s.active = 1 "
                                  "ORDER BY c.rank LIMIT 1");
}

/* The flags a row of area_entries (@move FALSE) or area_moves should have, as SQL. */
static char *
expression (MamoriStore *store,
            gboolean     move)
{
  guint mask = mamori_reconcile_enabled_mask (store);
  g_autofree char *top = top_area_class (store);
  g_autoptr(GString) expr = g_string_new (NULL);
  char *top_sql = sqlite3_mprintf ("%Q", top);

  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    {
      const DefectDefinition *d = &definitions[i];
      g_autofree char *condition = NULL;

      if (!(mask & d->defect) || d->move != move)
        continue;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      /* The conditions are the literals above, with %1$s only. */
      condition = g_strdup_printf (d->condition, top_sql);
#pragma GCC diagnostic pop
      g_string_append_printf (expr, "%s(CASE WHEN %s THEN %u ELSE 0 END)", expr->len ? " | " : "",
                              condition, (guint)d->defect);
    }
  sqlite3_free (top_sql);
  if (expr->len == 0)
    g_string_append_c (expr, '0');
  return g_string_free (g_steal_pointer (&expr), FALSE);
}

static gboolean
refresh_table (MamoriStore  *store,
               gboolean      move,
               gint64        area_id,
               gint64        row_id,
               GError      **error)
{
  g_autofree char *expr = expression (store, move);
  g_autofree char *sql = NULL;
  const char *alias = move ? "m" : "e";
  sqlite3_stmt *stmt;

  /* Only the conditions that apply: "?2 = 0 OR e.id = ?2" would make SQLite read every row
   * of the log for the one written. */
  sql = g_strdup_printf ("UPDATE %s AS %s SET rule_flags = %s WHERE %s%s rule_flags IS NOT (%s)",
                         move ? "area_moves" : "area_entries", alias, expr,
                         area_id ? (move ? "m.area_id = ?1 AND " : "e.area_id = ?1 AND ") : "",
                         row_id ? (move ? "m.id = ?2 AND" : "e.id = ?2 AND") : "", expr);
  stmt = mamori_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (area_id)
    sqlite3_bind_int64 (stmt, 1, area_id);
  if (row_id)
    sqlite3_bind_int64 (stmt, 2, row_id);
  return mamori_store_step_done (store, stmt, error);
}

/**
 * mamori_reconcile_refresh:
 * @area_id: one area, or 0 for all
 * @entry_id: one entry, or 0 for all (of the area)
 *
 * Recomputes the defects of entries.  Derived data: not audited.
 */
gboolean
mamori_reconcile_refresh (MamoriStore  *store,
                          gint64        area_id,
                          gint64        entry_id,
                          GError      **error)
{
  if (mamori_store_get_bulk (store))
    return TRUE;
  return refresh_table (store, FALSE, area_id, entry_id, error) &&
         (entry_id != 0 || refresh_table (store, TRUE, area_id, 0, error));
}

/**
 * mamori_reconcile_refresh_moves:
 *
 * Recomputes the defects of moves (of one area, or one move).
 */
gboolean
mamori_reconcile_refresh_moves (MamoriStore  *store,
                                gint64        area_id,
                                gint64        move_id,
                                GError      **error)
{
  if (mamori_store_get_bulk (store))
    return TRUE;
  return refresh_table (store, TRUE, area_id, move_id, error);
}

void
mamori_area_finding_free (MamoriAreaFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->ref);
  g_free (finding);
}

/* The keys and cards of the period not returned in time, if the standard checks it. */
static gboolean
add_key_finding (MamoriStore  *store,
                 GPtrArray    *findings,
                 gint64        area_id,
                 const char   *from,
                 const char   *to,
                 GError      **error)
{
  g_autofree char *ref = mamori_reconcile_rule_ref (store, MAMORI_AREA_KEY_RULE);
  MamoriAreaFinding *f;
  gint64 count;

  if (ref == NULL)
    return TRUE;
  count = mamori_area_key_overdue_count (store, area_id, from, to, NULL, error);
  if (count < 0)
    return FALSE;
  f = g_new0 (MamoriAreaFinding, 1);
  f->defect = MAMORI_AREA_DEFECT_KEY_NOT_RETURNED;
  f->code = MAMORI_AREA_KEY_RULE;
  f->ref = g_steal_pointer (&ref);
  f->count = count;
  g_ptr_array_add (findings, f);
  return TRUE;
}

/**
 * mamori_reconcile_findings:
 * @area_id: one area, or 0 for all
 * @from: (nullable): first day, inclusive
 * @to: (nullable): last day, inclusive
 *
 * Returns: (transfer full) (element-type MamoriAreaFinding): for each enabled defect, how
 *   many entries or moves of the period fail it, with the article the standard cites
 */
GPtrArray *
mamori_reconcile_findings (MamoriStore  *store,
                           gint64        area_id,
                           const char   *from,
                           const char   *to,
                           GError      **error)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_area_finding_free);
  guint mask = mamori_reconcile_enabled_mask (store);

  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    {
      const DefectDefinition *d = &definitions[i];
      g_autofree char *sql = NULL;
      MamoriAreaFinding *f;
      sqlite3_stmt *stmt;

      if (!(mask & d->defect))
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE rule_flags <> 0 AND rule_flags & ?1 "
                             "AND (?2 = 0 OR area_id = ?2) AND %s >= coalesce (?3, '') "
                             "AND %s <= coalesce (?4, '9999') || 'T99'",
                             d->move ? "area_moves" : "area_entries",
                             d->move ? "moved_at" : "entered_at",
                             d->move ? "moved_at" : "entered_at");
      stmt = mamori_store_prepare (store, sql, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int (stmt, 1, d->defect);
      sqlite3_bind_int64 (stmt, 2, area_id);
      mamori_bind_text (stmt, 3, from);
      mamori_bind_text (stmt, 4, to);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          mamori_store_set_error (store, sqlite3_reset (stmt), error);
          return NULL;
        }
      f = g_new0 (MamoriAreaFinding, 1);
      f->defect = d->defect;
      f->code = d->code;
      f->ref = mamori_reconcile_rule_ref (store, d->code);
      f->count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      g_ptr_array_add (findings, f);
    }
  return add_key_finding (store, findings, area_id, from, to, error)
         ? g_steal_pointer (&findings) : NULL;
}

void
mamori_area_sample_free (MamoriAreaSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->period_from);
  g_free (sample->period_to);
  g_strfreev (sample->days);
  g_clear_pointer (&sample->defective_entries, g_array_unref);
  g_free (sample);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Counts the records of @day and collects the defective entries. */
static gboolean
sample_day (MamoriStore      *store,
            MamoriAreaSample *sample,
            const char       *day,
            guint             mask,
            GError          **error)
{
  static const char *const sql[] = {
    "SELECT id, rule_flags, 0 FROM area_entries WHERE area_id = ?1 "
    "AND entered_at BETWEEN ?2 || 'T' AND ?2 || 'T99'",
    "SELECT id, rule_flags, 1 FROM area_moves WHERE area_id = ?1 "
    "AND moved_at BETWEEN ?2 || 'T' AND ?2 || 'T99'",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = mamori_store_prepare (store, sql[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, sample->area_id);
      mamori_bind_text (stmt, 2, day);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          sample->sampled++;
          if ((guint)sqlite3_column_int (stmt, 1) & mask)
            {
              sample->defective++;
              if (sqlite3_column_int (stmt, 2) == 0)
                g_array_append_val (sample->defective_entries, id);
            }
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return mamori_store_set_error (store, rc, error);
    }
  return TRUE;
}

/**
 * mamori_reconcile_sample:
 * @n_days: how many days to draw
 * @seed: the draw; the same seed draws the same days
 *
 * Draws @n_days of the days of [@from, @to] on which the area has entries or moves (all of
 * them if there are fewer) and checks the records of those days.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
MamoriAreaSample *
mamori_reconcile_sample (MamoriStore  *store,
                         gint64        area_id,
                         const char   *from,
                         const char   *to,
                         guint         n_days,
                         guint32       seed,
                         GError      **error)
{
  g_autoptr(MamoriAreaSample) sample = g_new0 (MamoriAreaSample, 1);
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint mask = mamori_reconcile_enabled_mask (store);
  sqlite3_stmt *stmt;
  int rc;

  if (!mamori_date_parse_iso (from, NULL, NULL, NULL) ||
      !mamori_date_parse_iso (to, NULL, NULL, NULL) || strcmp (from, to) > 0)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("The period of a sampling check must be two dates, the first not after "
                     "the second (write them as 2026-04-01)."));
      return NULL;
    }
  if (n_days == 0)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("A sampling check draws at least one day."));
      return NULL;
    }

  stmt = mamori_store_prepare (store,
                               "SELECT DISTINCT substr (entered_at, 1, 10) AS d FROM area_entries "
                               "WHERE area_id = ?1 AND entered_at BETWEEN ?2 AND ?3 || 'T99' "
                               "UNION SELECT DISTINCT substr (moved_at, 1, 10) FROM area_moves "
                               "WHERE area_id = ?1 AND moved_at BETWEEN ?2 AND ?3 || 'T99' "
                               "ORDER BY d", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, area_id);
  mamori_bind_text (stmt, 2, from);
  mamori_bind_text (stmt, 3, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (days, g_strdup (mamori_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }

  /* A partial Fisher–Yates shuffle: the first n_days are the draw. */
  for (guint i = 0; i < days->len && i < n_days; i++)
    {
      guint j = i + g_rand_int_range (rand, 0, days->len - i);
      gpointer t = days->pdata[i];

      days->pdata[i] = days->pdata[j];
      days->pdata[j] = t;
    }
  if (days->len > n_days)
    g_ptr_array_set_size (days, n_days);
  g_ptr_array_sort (days, compare_strings);

  sample->area_id = area_id;
  sample->period_from = g_strdup (from);
  sample->period_to = g_strdup (to);
  sample->defective_entries = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < days->len; i++)
    if (!sample_day (store, sample, g_ptr_array_index (days, i), mask, error))
      return NULL;
  g_ptr_array_add (days, NULL);
  sample->days = (char **)g_ptr_array_steal (days, NULL);
  return g_steal_pointer (&sample);
}

/**
 * mamori_reconcile_sample_record:
 *
 * Keeps a sampling check's result as evidence, in the audit log.  Runs inside the caller's
 * transaction.
 */
gboolean
mamori_reconcile_sample_record (MamoriStore             *store,
                                const MamoriAreaSample  *sample,
                                GError                 **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  g_autofree char *days = g_strjoinv (",", sample->days);
  g_autofree char *today = mamori_date_today_iso ();
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
                               "INSERT INTO area_samples (uuid, area_id, period_from, period_to, "
                               "days, sampled, defective, done_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, sample->area_id);
  mamori_bind_text (stmt, 3, sample->period_from);
  mamori_bind_text (stmt, 4, sample->period_to);
  mamori_bind_text (stmt, 5, days);
  sqlite3_bind_int64 (stmt, 6, sample->sampled);
  sqlite3_bind_int64 (stmt, 7, sample->defective);
  mamori_bind_text (stmt, 8, today);
  return mamori_store_audited_step (store, "area_samples", uuid, MAMORI_AUDIT_INSERT, stmt, error);
}
