/* mamori-inspection.c — the inspection cycle (点検): cycles, sections' sheets, answers, review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cycle pins the standard that was active when it was opened: its catalogue is the list of
 * items, its answer options the scales.  An item applies to a section when one of its
 * respondents is a role of the section (section-officer or staff), or when it names none.
 *
 * A sheet goes draft → submitted → accepted, or submitted → returned → submitted …; a
 * change to an accepted sheet makes it a draft of the next version.  Submitting freezes the
 * answers under a SHA-256 of their content (mamori_sheet_content_hash), which the coordinator's
 * acceptance checks again.  Every write goes through mamori_store_audited_step.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mamori-inspection.h"
#include "mamori-inspection-roles.h"
#include "mamori-inspection-private.h"
#include "mamori-era.h"
#include "mamori-facts.h"
#include "mamori-org.h"
#include "mamori-standard.h"
#include "mamori-text.h"

G_DEFINE_QUARK (mamori-inspection-error-quark, mamori_inspection_error)

/* The catalogue items that apply to a section, with the item as "ci". */
#define APPLIES_TO_SECTIONS                                                                 \
  "(NOT EXISTS (SELECT 1 FROM item_respondents AS r0 WHERE r0.item_id = ci.id) "           \
  " OR EXISTS (SELECT 1 FROM item_respondents AS r JOIN standard_roles AS sr "             \
  "  ON sr.standard_id = ci.standard_id AND sr.code = r.role_code "                        \
  "  WHERE r.item_id = ci.id AND sr.function IN ('section-officer', 'staff')))"

char *
mamori_column_dup (sqlite3_stmt *stmt,
                   int           index)
{
  return g_strdup (mamori_column_text (stmt, index));
}

/* After the last sqlite3_step (rc): resets the statement, and fails unless it ended well. */
gboolean
mamori_rows_done (MamoriStore   *store,
                  sqlite3_stmt  *stmt,
                  int            rc,
                  GError       **error)
{
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || mamori_store_set_error (store, rc, error);
}

/**
 * mamori_rows_collect:
 * @stmt: (nullable): prepared and bound; %NULL when preparing failed (@error is set)
 * @row: makes one element of the current row
 *
 * Returns: (transfer full) (nullable): an element per row
 */
GPtrArray *
mamori_rows_collect (MamoriStore     *store,
                     sqlite3_stmt    *stmt,
                     MamoriRowFunc    row,
                     GDestroyNotify   free_func,
                     GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row (stmt));
  if (!mamori_rows_done (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* The first column of the first row of @sql with ?1 = @a and ?2 = @b, or 0. */
gint64
mamori_query_id (MamoriStore *store,
                 const char  *sql,
                 gint64       a,
                 gint64       b)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_int64 (stmt, 2, b);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* The row of @sql with ?1 = @id, or %NULL with @missing as the error. */
static gpointer
row_by_id (MamoriStore    *store,
           const char     *sql,
           gint64          id,
           MamoriRowFunc   row,
           const char     *missing,
           GError        **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, error);
  gpointer result = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = row (stmt);
  sqlite3_reset (stmt);
  if (result == NULL)
    g_set_error_literal (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_NOT_FOUND,
                         missing);
  return result;
}

/* Commits, or rolls back and keeps the error: every public write is whole or not at all. */
gboolean
mamori_write_end (MamoriStore  *store,
                  gboolean      ok,
                  GError      **error)
{
  if (ok && mamori_store_commit (store, error))
    return TRUE;
  mamori_store_rollback (store);
  return FALSE;
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_INVALID,
                       message);
  return FALSE;
}

static gboolean
valid_date (const char *iso)
{
  int y, m, d;

  return iso != NULL && mamori_date_parse_iso (iso, &y, &m, &d);
}


const char *
mamori_sheet_status_label (const char *status)
{
  if (g_strcmp0 (status, "draft") == 0)
    return _("Being answered");
  if (g_strcmp0 (status, "submitted") == 0)
    return _("Submitted");
  if (g_strcmp0 (status, "returned") == 0)
    return _("Returned");
  if (g_strcmp0 (status, "accepted") == 0)
    return _("Accepted");
  return status ? status : "";
}

/* Freeing ---------------------------------------------------------------------------------- */

void
mamori_cycle_free (MamoriCycle *cycle)
{
  if (cycle == NULL)
    return;
  g_free (cycle->uuid);
  g_free (cycle->kind);
  g_free (cycle->title);
  g_free (cycle->catalogue_version);
  g_free (cycle->period_from);
  g_free (cycle->period_to);
  g_free (cycle->due_on);
  g_free (cycle->status);
  g_free (cycle);
}

void
mamori_sheet_free (MamoriSheet *sheet)
{
  if (sheet == NULL)
    return;
  g_free (sheet->uuid);
  g_free (sheet->section_code);
  g_free (sheet->section_name);
  g_free (sheet->status);
  g_free (sheet->content_hash);
  g_free (sheet->submitted_by);
  g_free (sheet->submitted_at);
  g_free (sheet->reviewed_by);
  g_free (sheet->reviewed_at);
  g_free (sheet->return_reason);
  g_free (sheet);
}

void
mamori_sheet_line_free (MamoriSheetLine *line)
{
  if (line == NULL)
    return;
  g_free (line->code);
  g_free (line->chapter_ref);
  g_free (line->chapter_title);
  g_free (line->question);
  g_free (line->gloss);
  g_free (line->scale);
  g_free (line->refs);
  g_free (line->answer);
  g_free (line->answer_label);
  g_free (line->meaning);
  g_free (line->evidence);
  g_free (line->observation);
  g_free (line->reason);
  g_free (line->plan_action);
  g_free (line->plan_owner);
  g_free (line->plan_due);
  g_free (line->plan_done_on);
  g_free (line->fact_note);
  g_free (line->previous_answer);
  g_free (line->previous_label);
  g_free (line->previous_meaning);
  g_free (line->previous_plan_action);
  g_free (line->previous_plan_due);
  g_free (line->previous_plan_done_on);
  g_clear_pointer (&line->findings, g_ptr_array_unref);
  g_free (line);
}

void
mamori_answer_option_free (MamoriAnswerOption *option)
{
  if (option == NULL)
    return;
  g_free (option->code);
  g_free (option->label);
  g_free (option->meaning);
  g_free (option->requires);
  g_free (option);
}

/* Cycles ------------------------------------------------------------------------------------ */

#define CYCLE_COLUMNS                                                                        \
  "c.id, c.uuid, c.kind, c.fiscal_year, c.title, c.standard_id, s.catalogue_version, "        \
  "c.period_from, c.period_to, c.due_on, coalesce (c.previous_id, 0), c.status, "           \
  "(SELECT count (*) FROM inspection_sheets AS h WHERE h.cycle_id = c.id), "                 \
  "(SELECT count (*) FROM inspection_sheets AS h WHERE h.cycle_id = c.id "                   \
  " AND h.status = 'accepted') "                                                             \
  "FROM inspection_cycles AS c JOIN standards AS s ON s.id = c.standard_id "

static MamoriCycle *
cycle_from_row (sqlite3_stmt *stmt)
{
  MamoriCycle *c = g_new0 (MamoriCycle, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->uuid = mamori_column_dup (stmt, 1);
  c->kind = mamori_column_dup (stmt, 2);
  c->fiscal_year = sqlite3_column_int (stmt, 3);
  c->title = mamori_column_dup (stmt, 4);
  c->standard_id = sqlite3_column_int64 (stmt, 5);
  c->catalogue_version = mamori_column_dup (stmt, 6);
  c->period_from = mamori_column_dup (stmt, 7);
  c->period_to = mamori_column_dup (stmt, 8);
  c->due_on = mamori_column_dup (stmt, 9);
  c->previous_id = sqlite3_column_int64 (stmt, 10);
  c->status = mamori_column_dup (stmt, 11);
  c->sheets = sqlite3_column_int (stmt, 12);
  c->accepted = sqlite3_column_int (stmt, 13);
  return c;
}

GPtrArray *
mamori_cycle_list (MamoriStore  *store,
                   GError      **error)
{
  return mamori_rows_collect (store,
                              mamori_store_prepare (store, "SELECT " CYCLE_COLUMNS
                                                    "ORDER BY c.fiscal_year DESC, c.id DESC",
                                                    error),
                              (MamoriRowFunc)cycle_from_row, (GDestroyNotify)mamori_cycle_free,
                              error);
}

MamoriCycle *
mamori_cycle_get (MamoriStore  *store,
                  gint64        cycle_id,
                  GError      **error)
{
  return row_by_id (store, "SELECT " CYCLE_COLUMNS "WHERE c.id = ?", cycle_id,
                    (MamoriRowFunc)cycle_from_row, _("The inspection cycle no longer exists."),
                    error);
}

gint64
mamori_cycle_find_year (MamoriStore *store,
                        int          fiscal_year)
{
  return mamori_query_id (store, "SELECT id FROM inspection_cycles WHERE fiscal_year = ? "
                          "AND kind = 'fiscal-year'", fiscal_year, 0);
}

static GArray *
all_section_ids (MamoriStore  *store,
                 GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store, "SELECT id FROM sections WHERE level = 'section' "
                               "AND active = 1 ORDER BY code", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (!mamori_rows_done (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

static gboolean
insert_sheet (MamoriStore  *store,
              gint64        cycle_id,
              gint64        section_id,
              gint64       *out_id,
              GError      **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, "INSERT INTO inspection_sheets (uuid, cycle_id, section_id) "
                               "VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, cycle_id);
  sqlite3_bind_int64 (stmt, 3, section_id);
  if (!mamori_store_audited_step (store, "inspection_sheets", uuid, MAMORI_AUDIT_INSERT, stmt,
                                  error))
    return FALSE;
  *out_id = mamori_store_get_last_insert_id (store);
  return TRUE;
}

typedef struct
{
  gint64  item_id;
  char   *answer;
  char   *meaning;
  char   *texts[9];  /* evidence … fact_note, in column order */
} CopiedAnswer;

static void
copied_answer_clear (gpointer data)
{
  CopiedAnswer *a = data;

  g_free (a->answer);
  g_free (a->meaning);
  for (guint i = 0; i < G_N_ELEMENTS (a->texts); i++)
    g_free (a->texts[i]);
}

#define ANSWER_TEXT_COLUMNS \
  "evidence, observation, reason, plan_action, plan_owner, plan_due, plan_done_on, fact_note"

/* Last year's answers of the section as the start of this year's: matched by item code, and
 * only where this cycle's scale has the same answer code. */
static gboolean
copy_previous_answers (MamoriStore  *store,
                       gint64        previous_sheet,
                       gint64        sheet_id,
                       gint64        standard_id,
                       GError      **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (CopiedAnswer));
  g_autofree char *now = mamori_timestamp_now ();
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (rows, copied_answer_clear);
  stmt = mamori_store_prepare (store,
    "SELECT ci.id, pa.answer, ao.meaning, pa.evidence, pa.observation, pa.reason, "
    "pa.plan_action, pa.plan_owner, pa.plan_due, pa.plan_done_on, pa.fact_note "
    "FROM inspection_answers AS pa "
    "JOIN catalogue_items AS pci ON pci.id = pa.item_id "
    "JOIN catalogue_items AS ci ON ci.standard_id = ?2 AND ci.code = pci.code "
    "JOIN answer_options AS ao ON ao.standard_id = ci.standard_id AND ao.scale = ci.scale "
    " AND ao.code = pa.answer "
    "WHERE pa.sheet_id = ?1 ORDER BY ci.ordinal", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, previous_sheet);
  sqlite3_bind_int64 (stmt, 2, standard_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CopiedAnswer a = { sqlite3_column_int64 (stmt, 0), mamori_column_dup (stmt, 1),
                         mamori_column_dup (stmt, 2) };

      for (guint i = 0; i < 8; i++)
        a.texts[i] = mamori_column_dup (stmt, 3 + i);
      g_array_append_val (rows, a);
    }
  if (!mamori_rows_done (store, stmt, rc, error))
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      CopiedAnswer *a = &g_array_index (rows, CopiedAnswer, i);
      g_autofree char *uuid = mamori_store_new_uuid (store);

      stmt = mamori_store_prepare (store,
        "INSERT INTO inspection_answers (uuid, sheet_id, item_id, answer, meaning, "
        ANSWER_TEXT_COLUMNS ", answered_by, answered_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 1, uuid);
      sqlite3_bind_int64 (stmt, 2, sheet_id);
      sqlite3_bind_int64 (stmt, 3, a->item_id);
      mamori_bind_text (stmt, 4, a->answer);
      mamori_bind_text (stmt, 5, a->meaning);
      for (guint t = 0; t < 8; t++)
        mamori_bind_text (stmt, 6 + t, a->texts[t]);
      mamori_bind_text (stmt, 14, mamori_store_get_actor (store));
      mamori_bind_text (stmt, 15, now);
      if (!mamori_store_audited_step (store, "inspection_answers", uuid, MAMORI_AUDIT_INSERT,
                                      stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
previous_cycle_of (MamoriStore *store,
                   const char  *kind,
                   int          fiscal_year)
{
  return mamori_query_id (store,
    "SELECT id FROM inspection_cycles WHERE kind = 'fiscal-year' "
    "AND (fiscal_year < ?1 OR (?2 AND fiscal_year = ?1)) ORDER BY fiscal_year DESC LIMIT 1",
    fiscal_year, g_strcmp0 (kind, "ad-hoc") == 0);
}

static gboolean
cycle_insert (MamoriStore  *store,
              const char   *kind,
              int           fiscal_year,
              const char   *title,
              const char   *from,
              const char   *to,
              const char   *due_on,
              gint64        standard_id,
              gint64        previous_id,
              gint64       *out_id,
              GError      **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  g_autofree char *today = mamori_date_today_iso ();
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
    "INSERT INTO inspection_cycles (uuid, kind, fiscal_year, title, standard_id, period_from, "
    "period_to, due_on, previous_id, created_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "nullif (?9, 0), ?10)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  mamori_bind_text (stmt, 2, kind);
  sqlite3_bind_int (stmt, 3, fiscal_year);
  mamori_bind_text (stmt, 4, title);
  sqlite3_bind_int64 (stmt, 5, standard_id);
  mamori_bind_text (stmt, 6, from);
  mamori_bind_text (stmt, 7, to);
  mamori_bind_text (stmt, 8, due_on);
  sqlite3_bind_int64 (stmt, 9, previous_id);
  mamori_bind_text (stmt, 10, today);
  if (!mamori_store_audited_step (store, "inspection_cycles", uuid, MAMORI_AUDIT_INSERT, stmt,
                                  error))
    return FALSE;
  *out_id = mamori_store_get_last_insert_id (store);
  return TRUE;
}

static gboolean
cycle_validate (MamoriStore  *store,
                const char   *kind,
                int           fiscal_year,
                const char   *title,
                const char   *from,
                const char   *to,
                const char   *due_on,
                GError      **error)
{
  if (g_strcmp0 (kind, "fiscal-year") != 0 && g_strcmp0 (kind, "ad-hoc") != 0)
    return invalid (error, _("The kind of an inspection cycle is “fiscal-year” or “ad-hoc”, "
                             "not “%s”."), kind ? kind : "");
  if (fiscal_year < 1989 || fiscal_year > 2200)
    return invalid (error, _("The fiscal year %d is out of range."), fiscal_year);
  if (mamori_text_is_blank (title))
    return invalid (error, _("The inspection cycle needs a title."));
  if (!valid_date (from) || !valid_date (to) || strcmp (from, to) > 0)
    return invalid (error, _("The period of the inspection cycle (“%s” to “%s”) is not a valid "
                             "range of dates."), from ? from : "", to ? to : "");
  if (!valid_date (due_on))
    return invalid (error, _("The due date “%s” of the inspection cycle is not a date."),
                    due_on ? due_on : "");
  if (g_strcmp0 (kind, "fiscal-year") == 0 && mamori_cycle_find_year (store, fiscal_year) != 0)
    {
      g_autofree char *label = mamori_fiscal_year_label (fiscal_year);

      return invalid (error, _("The inspection of %s already exists."), label);
    }
  return TRUE;
}

/**
 * mamori_cycle_create:
 * @kind: "fiscal-year" (one per 年度) or "ad-hoc"
 * @period_from: (nullable): default: the fiscal year's first day
 * @period_to: (nullable): default: the fiscal year's last day
 * @section_ids: (nullable): the scope; %NULL: every active section
 * @from_previous: start each section's sheet from its answers of the previous cycle
 *
 * Opens a cycle on the active standard's catalogue, with a sheet for each section in scope.
 */
gboolean
mamori_cycle_create (MamoriStore   *store,
                     const char    *kind,
                     int            fiscal_year,
                     const char    *title,
                     const char    *period_from,
                     const char    *period_to,
                     const char    *due_on,
                     const gint64  *section_ids,
                     guint          n_sections,
                     gboolean       from_previous,
                     gint64        *out_id,
                     GError       **error)
{
  g_autofree char *from = period_from ? g_strdup (period_from)
                                      : mamori_fiscal_year_start_iso (fiscal_year);
  g_autofree char *to = period_to ? g_strdup (period_to) : mamori_fiscal_year_end_iso (fiscal_year);
  g_autoptr(GArray) scope = NULL;
  gint64 standard_id, previous_id, cycle_id = 0;
  gboolean ok;

  if (!cycle_validate (store, kind, fiscal_year, title, from, to, due_on, error))
    return FALSE;
  standard_id = mamori_standard_get_active_id (store);
  if (standard_id == 0)
    return invalid (error, _("No standard is loaded: an inspection needs its catalogue."));

  if (section_ids != NULL)
    {
      scope = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_vals (scope, section_ids, n_sections);
    }
  else if ((scope = all_section_ids (store, error)) == NULL)
    return FALSE;
  if (scope->len == 0)
    return invalid (error, _("The inspection cycle has no section in its scope."));

  if (!mamori_store_begin (store, error))
    return FALSE;
  previous_id = previous_cycle_of (store, kind, fiscal_year);
  ok = mamori_org_ensure_fiscal_year (store, fiscal_year, error) &&
       cycle_insert (store, kind, fiscal_year, title, from, to, due_on, standard_id,
                     previous_id, &cycle_id, error);
  for (guint i = 0; ok && i < scope->len; i++)
    {
      gint64 section_id = g_array_index (scope, gint64, i);
      gint64 sheet_id = 0, previous_sheet;

      ok = insert_sheet (store, cycle_id, section_id, &sheet_id, error);
      if (ok && from_previous && previous_id != 0 &&
          (previous_sheet = mamori_sheet_find (store, previous_id, section_id)) != 0)
        ok = copy_previous_answers (store, previous_sheet, sheet_id, standard_id, error);
    }
  if (!mamori_write_end (store, ok, error))
    return FALSE;
  if (out_id)
    *out_id = cycle_id;
  return TRUE;
}

gboolean
mamori_cycle_close (MamoriStore  *store,
                    gint64        cycle_id,
                    GError      **error)
{
  g_autoptr(MamoriCycle) cycle = mamori_cycle_get (store, cycle_id, error);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (cycle == NULL || !mamori_store_begin (store, error))
    return FALSE;
  stmt = mamori_store_prepare (store, "UPDATE inspection_cycles SET status = 'closed' "
                               "WHERE uuid = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, cycle->uuid);
      ok = mamori_store_audited_step (store, "inspection_cycles", cycle->uuid,
                                      MAMORI_AUDIT_UPDATE, stmt, error);
    }
  return mamori_write_end (store, ok, error);
}

/* Sheets ------------------------------------------------------------------------------------ */

#define SHEET_COLUMNS                                                                        \
  "h.id, h.uuid, h.cycle_id, h.section_id, s.code, s.name, h.version, h.status, "           \
  "h.content_hash, h.submitted_by, h.submitted_at, h.reviewed_by, h.reviewed_at, "          \
  "h.return_reason, "                                                                        \
  "(SELECT count (*) FROM inspection_answers AS a WHERE a.sheet_id = h.id), "               \
  "(SELECT count (*) FROM catalogue_items AS ci WHERE ci.standard_id = c.standard_id AND "   \
  APPLIES_TO_SECTIONS ") "                                                                   \
  "FROM inspection_sheets AS h JOIN sections AS s ON s.id = h.section_id "                   \
  "JOIN inspection_cycles AS c ON c.id = h.cycle_id "

static MamoriSheet *
sheet_from_row (sqlite3_stmt *stmt)
{
  MamoriSheet *h = g_new0 (MamoriSheet, 1);

  h->id = sqlite3_column_int64 (stmt, 0);
  h->uuid = mamori_column_dup (stmt, 1);
  h->cycle_id = sqlite3_column_int64 (stmt, 2);
  h->section_id = sqlite3_column_int64 (stmt, 3);
  h->section_code = mamori_column_dup (stmt, 4);
  h->section_name = mamori_column_dup (stmt, 5);
  h->version = sqlite3_column_int (stmt, 6);
  h->status = mamori_column_dup (stmt, 7);
  h->content_hash = mamori_column_dup (stmt, 8);
  h->submitted_by = mamori_column_dup (stmt, 9);
  h->submitted_at = mamori_column_dup (stmt, 10);
  h->reviewed_by = mamori_column_dup (stmt, 11);
  h->reviewed_at = mamori_column_dup (stmt, 12);
  h->return_reason = mamori_column_dup (stmt, 13);
  h->answered = sqlite3_column_int (stmt, 14);
  h->items = sqlite3_column_int (stmt, 15);
  return h;
}

GPtrArray *
mamori_sheet_list (MamoriStore  *store,
                   gint64        cycle_id,
                   GError      **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT " SHEET_COLUMNS
                                             "WHERE h.cycle_id = ? ORDER BY s.code", error);

  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, cycle_id);
  return mamori_rows_collect (store, stmt, (MamoriRowFunc)sheet_from_row,
                              (GDestroyNotify)mamori_sheet_free, error);
}

MamoriSheet *
mamori_sheet_get (MamoriStore  *store,
                  gint64        sheet_id,
                  GError      **error)
{
  return row_by_id (store, "SELECT " SHEET_COLUMNS "WHERE h.id = ?", sheet_id,
                    (MamoriRowFunc)sheet_from_row, _("The inspection sheet no longer exists."),
                    error);
}

gint64
mamori_sheet_find (MamoriStore *store,
                   gint64       cycle_id,
                   gint64       section_id)
{
  return mamori_query_id (store, "SELECT id FROM inspection_sheets WHERE cycle_id = ? "
                          "AND section_id = ?", cycle_id, section_id);
}

static MamoriAnswerOption *
option_from_row (sqlite3_stmt *stmt)
{
  MamoriAnswerOption *o = g_new0 (MamoriAnswerOption, 1);

  o->code = mamori_column_dup (stmt, 0);
  o->label = mamori_column_dup (stmt, 1);
  o->meaning = mamori_column_dup (stmt, 2);
  o->requires = mamori_column_dup (stmt, 3);
  return o;
}

/**
 * mamori_answer_options:
 *
 * Returns: (transfer full) (element-type MamoriAnswerOption): the scale's options in order
 */
GPtrArray *
mamori_answer_options (MamoriStore  *store,
                       gint64        standard_id,
                       const char   *scale,
                       GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, "SELECT code, label, meaning, requires FROM answer_options "
                               "WHERE standard_id = ? AND scale = ? ORDER BY ordinal", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, standard_id);
      mamori_bind_text (stmt, 2, scale);
    }
  return mamori_rows_collect (store, stmt, (MamoriRowFunc)option_from_row,
                              (GDestroyNotify)mamori_answer_option_free, error);
}

/* The findings of @all that an item citing @refs (joined by "、") shows. */
static GPtrArray *
findings_for_refs (GPtrArray  *all,
                   const char *refs)
{
  g_auto(GStrv) cited = g_strsplit (refs ? refs : "", "、", -1);
  GPtrArray *mine = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_finding_free);

  for (guint i = 0; all && i < all->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (all, i);

      for (guint c = 0; cited[c]; c++)
        if (mamori_finding_cited_by (f->ref, cited[c]))
          {
            g_ptr_array_add (mine, mamori_finding_new (f->source, f->ref, f->summary,
                                                       f->record_table, f->record_uuid,
                                                       f->record_label));
            break;
          }
    }
  return mine;
}

static GPtrArray *
sheet_facts (MamoriStore  *store,
             MamoriSheet  *sheet,
             GError      **error)
{
  g_autoptr(MamoriCycle) cycle = mamori_cycle_get (store, sheet->cycle_id, error);

  if (cycle == NULL)
    return NULL;
  return mamori_facts_collect (store, sheet->section_id, cycle->period_from, cycle->period_to,
                               error);
}

static MamoriSheetLine *
line_from_row (sqlite3_stmt *stmt)
{
  MamoriSheetLine *l = g_new0 (MamoriSheetLine, 1);
  char **texts[] = { &l->code, &l->chapter_ref, &l->chapter_title, &l->question, &l->gloss,
                     &l->scale, &l->refs };
  char **answer[] = { &l->answer, &l->answer_label, &l->meaning, &l->evidence,
                      &l->observation, &l->reason, &l->plan_action, &l->plan_owner,
                      &l->plan_due, &l->plan_done_on, &l->fact_note, &l->previous_answer,
                      &l->previous_label, &l->previous_meaning, &l->previous_plan_action,
                      &l->previous_plan_due, &l->previous_plan_done_on };

  l->item_id = sqlite3_column_int64 (stmt, 0);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    *texts[i] = mamori_column_dup (stmt, 1 + i);
  l->prohibition = sqlite3_column_int (stmt, 8);
  l->evidence_required = sqlite3_column_int (stmt, 9);
  for (guint i = 0; i < G_N_ELEMENTS (answer); i++)
    *answer[i] = mamori_column_dup (stmt, 10 + i);
  return l;
}

/**
 * mamori_sheet_lines:
 * @with_facts: ask the fact sources what the registers know about each item
 *
 * Returns: (transfer full) (element-type MamoriSheetLine): the items that apply to the
 *   section, in the catalogue's order (chapter by chapter), with their answers
 */
GPtrArray *
mamori_sheet_lines (MamoriStore  *store,
                    gint64        sheet_id,
                    gboolean      with_facts,
                    GError      **error)
{
  g_autoptr(MamoriSheet) sheet = mamori_sheet_get (store, sheet_id, error);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) facts = NULL;
  gint64 previous_sheet = 0;
  sqlite3_stmt *stmt;
  int rc;

  if (sheet == NULL)
    return NULL;
  {
    g_autoptr(MamoriCycle) cycle = mamori_cycle_get (store, sheet->cycle_id, error);

    if (cycle == NULL)
      return NULL;
    if (cycle->previous_id != 0)
      previous_sheet = mamori_sheet_find (store, cycle->previous_id, sheet->section_id);
  }
  if (with_facts && (facts = sheet_facts (store, sheet, error)) == NULL)
    return NULL;

  stmt = mamori_store_prepare (store,
    "SELECT ci.id, ci.code, ci.chapter_ref, coalesce (ar.title, ''), ci.question, ci.gloss, "
    "ci.scale, (SELECT group_concat (ref, '、') FROM item_citations WHERE item_id = ci.id), "
    "ci.prohibition, ci.evidence_required, "
    "a.answer, ao.label, a.meaning, a.evidence, a.observation, a.reason, a.plan_action, "
    "a.plan_owner, a.plan_due, a.plan_done_on, a.fact_note, "
    "pa.answer, pao.label, pa.meaning, pa.plan_action, pa.plan_due, pa.plan_done_on "
    "FROM catalogue_items AS ci "
    "JOIN inspection_sheets AS h ON h.id = ?1 "
    "JOIN inspection_cycles AS c ON c.id = h.cycle_id AND ci.standard_id = c.standard_id "
    "LEFT JOIN articles AS ar ON ar.standard_id = ci.standard_id AND ar.ref = ci.chapter_ref "
    "LEFT JOIN inspection_answers AS a ON a.sheet_id = h.id AND a.item_id = ci.id "
    "LEFT JOIN answer_options AS ao ON ao.standard_id = ci.standard_id AND ao.scale = ci.scale "
    " AND ao.code = a.answer "
    "LEFT JOIN (SELECT x.*, pci.code AS item_code, pci.standard_id AS sid, pci.scale AS pscale "
    " FROM inspection_answers AS x JOIN catalogue_items AS pci ON pci.id = x.item_id "
    " WHERE x.sheet_id = ?2) AS pa ON pa.item_code = ci.code "
    "LEFT JOIN answer_options AS pao ON pao.standard_id = pa.sid AND pao.scale = pa.pscale "
    " AND pao.code = pa.answer "
    "WHERE " APPLIES_TO_SECTIONS " ORDER BY ci.ordinal", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sheet_id);
  sqlite3_bind_int64 (stmt, 2, previous_sheet);
  lines = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_sheet_line_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriSheetLine *line = line_from_row (stmt);

      line->findings = findings_for_refs (facts, line->refs);
      g_ptr_array_add (lines, line);
    }
  if (!mamori_rows_done (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&lines);
}

/* Answering ----------------------------------------------------------------------------------- */

/* A submitted sheet is frozen; an accepted one becomes a draft of the next version. */
static gboolean
open_for_change (MamoriStore  *store,
                 MamoriSheet  *sheet,
                 GError      **error)
{
  g_autoptr(MamoriCycle) cycle = mamori_cycle_get (store, sheet->cycle_id, error);
  sqlite3_stmt *stmt;

  if (cycle == NULL)
    return FALSE;
  if (g_strcmp0 (cycle->status, "closed") == 0)
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_STATE,
                   _("The inspection “%s” is closed: its sheets can no longer change."),
                   cycle->title);
      return FALSE;
    }
  if (g_strcmp0 (sheet->status, "submitted") == 0)
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_STATE,
                   _("The sheet of %s was submitted and is frozen: the coordinator must accept "
                     "or return it first."), sheet->section_name);
      return FALSE;
    }
  if (g_strcmp0 (sheet->status, "accepted") != 0)
    return TRUE;

  stmt = mamori_store_prepare (store, "UPDATE inspection_sheets SET status = 'draft', "
                               "version = version + 1 WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, sheet->uuid);
  return mamori_store_audited_step (store, "inspection_sheets", sheet->uuid,
                                    MAMORI_AUDIT_UPDATE, stmt, error);
}

typedef struct
{
  char    *code;
  char    *scale;
  char    *refs;
  gboolean evidence_required;
  char    *meaning;
  char    *label;
  char    *requires;
} ItemAnswer;

static void
item_answer_clear (ItemAnswer *a)
{
  g_free (a->code);
  g_free (a->scale);
  g_free (a->refs);
  g_free (a->meaning);
  g_free (a->label);
  g_free (a->requires);
}

static gboolean
lookup_item (MamoriStore              *store,
             MamoriSheet              *sheet,
             const MamoriAnswerInput  *input,
             ItemAnswer               *out,
             GError                  **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  stmt = mamori_store_prepare (store,
    "SELECT ci.code, ci.scale, (SELECT group_concat (ref, '、') FROM item_citations "
    " WHERE item_id = ci.id), ci.evidence_required, ao.meaning, ao.label, ao.requires "
    "FROM catalogue_items AS ci JOIN inspection_cycles AS c ON c.id = ?2 "
    "LEFT JOIN answer_options AS ao ON ao.standard_id = ci.standard_id AND ao.scale = ci.scale "
    " AND ao.code = ?3 "
    "WHERE ci.id = ?1 AND ci.standard_id = c.standard_id AND " APPLIES_TO_SECTIONS, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, input->item_id);
  sqlite3_bind_int64 (stmt, 2, sheet->cycle_id);
  mamori_bind_text (stmt, 3, input->answer);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      out->code = mamori_column_dup (stmt, 0);
      out->scale = mamori_column_dup (stmt, 1);
      out->refs = mamori_column_dup (stmt, 2);
      out->evidence_required = sqlite3_column_int (stmt, 3);
      out->meaning = mamori_column_dup (stmt, 4);
      out->label = mamori_column_dup (stmt, 5);
      out->requires = mamori_column_dup (stmt, 6);
    }
  sqlite3_reset (stmt);
  if (!found)
    return invalid (error, _("The item is not on the sheet of %s."), sheet->section_name);
  if (out->meaning == NULL)
    return invalid (error, _("%s: “%s” is not an answer of this item’s scale."), out->code,
                    input->answer ? input->answer : "");
  return TRUE;
}

static gboolean
validate_answer (MamoriStore              *store,
                 MamoriSheet              *sheet,
                 const MamoriAnswerInput  *in,
                 const ItemAnswer         *item,
                 GError                  **error)
{
  if (g_strcmp0 (item->requires, "reason") == 0 && mamori_text_is_blank (in->reason))
    return invalid (error, _("%s: the answer “%s” needs the reason why the item does not "
                             "apply."), item->code, item->label);
  if (g_strcmp0 (item->requires, "plan") == 0)
    {
      if (mamori_text_is_blank (in->plan_action))
        return invalid (error, _("%s: the answer “%s” needs an improvement plan: what will be "
                                 "done."), item->code, item->label);
      if (mamori_text_is_blank (in->plan_owner))
        return invalid (error, _("%s: the improvement plan needs who is responsible."),
                        item->code);
      if (mamori_text_is_blank (in->plan_due))
        return invalid (error, _("%s: the improvement plan needs a due date."), item->code);
    }
  if (!mamori_text_is_blank (in->plan_due) && !valid_date (in->plan_due))
    return invalid (error, _("%s: the plan’s due date “%s” is not a date."), item->code,
                    in->plan_due);
  if (!mamori_text_is_blank (in->plan_done_on) && !valid_date (in->plan_done_on))
    return invalid (error, _("%s: the plan’s completion date “%s” is not a date."), item->code,
                    in->plan_done_on);
  if (g_strcmp0 (item->meaning, "complied") == 0 && item->evidence_required &&
      mamori_text_is_blank (in->evidence))
    return invalid (error, _("%s: the answer “%s” needs the evidence (a record, a document) "
                             "that shows it."), item->code, item->label);

  if (g_strcmp0 (item->meaning, "complied") == 0 && mamori_text_is_blank (in->fact_note))
    {
      g_autoptr(GPtrArray) facts = sheet_facts (store, sheet, error);
      g_autoptr(GPtrArray) mine = NULL;

      if (facts == NULL)
        return FALSE;
      mine = findings_for_refs (facts, item->refs);
      if (mine->len > 0)
        {
          MamoriFinding *first = g_ptr_array_index (mine, 0);

          return invalid (error, g_dngettext (GETTEXT_PACKAGE,
                          "%s: the registers hold %u finding against “%s” (%s: %s). Explain "
                          "the difference in a note, or choose another answer.",
                          "%s: the registers hold %u findings against “%s” (first, %s: %s). "
                          "Explain the difference in a note, or choose another answer.",
                          mine->len),
                          item->code, mine->len, item->label, first->record_label,
                          first->summary);
        }
    }
  return TRUE;
}

static const char *
blank_to_empty (const char *text)
{
  return text ? text : "";
}

static const char *
blank_to_null (const char *text)
{
  return mamori_text_is_blank (text) ? NULL : text;
}

/**
 * mamori_inspection_write_answer:
 *
 * Inserts or updates one answer as it is, without the checks of mamori_sheet_answer (): for
 * the sample ward, whose answers are known to be whole.  Call inside a transaction.
 */
gboolean
mamori_inspection_write_answer (MamoriStore              *store,
                                gint64                    sheet_id,
                                const MamoriAnswerInput  *in,
                                const char               *meaning,
                                GError                  **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *now = mamori_timestamp_now ();
  const char *texts[] = { blank_to_empty (in->evidence), blank_to_empty (in->observation),
                          blank_to_empty (in->reason), blank_to_empty (in->plan_action),
                          blank_to_empty (in->plan_owner), blank_to_null (in->plan_due),
                          blank_to_null (in->plan_done_on), blank_to_empty (in->fact_note) };
  MamoriAuditAction action;
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, "SELECT uuid FROM inspection_answers "
                               "WHERE sheet_id = ? AND item_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sheet_id);
  sqlite3_bind_int64 (stmt, 2, in->item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = mamori_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  action = uuid ? MAMORI_AUDIT_UPDATE : MAMORI_AUDIT_INSERT;
  if (uuid == NULL)
    uuid = mamori_store_new_uuid (store);
  stmt = mamori_store_prepare (store, action == MAMORI_AUDIT_INSERT
    ? "INSERT INTO inspection_answers (uuid, sheet_id, item_id, answer, meaning, "
      ANSWER_TEXT_COLUMNS ", answered_by, answered_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    : "UPDATE inspection_answers SET answer = ?4, meaning = ?5, evidence = ?6, "
      "observation = ?7, reason = ?8, plan_action = ?9, plan_owner = ?10, plan_due = ?11, "
      "plan_done_on = ?12, fact_note = ?13, answered_by = ?14, answered_at = ?15 "
      "WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, sheet_id);
  sqlite3_bind_int64 (stmt, 3, in->item_id);
  mamori_bind_text (stmt, 4, in->answer);
  mamori_bind_text (stmt, 5, meaning);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    mamori_bind_text (stmt, 6 + i, texts[i]);
  mamori_bind_text (stmt, 14, mamori_store_get_actor (store));
  mamori_bind_text (stmt, 15, now);
  return mamori_store_audited_step (store, "inspection_answers", uuid, action, stmt, error);
}

/**
 * mamori_sheet_answer:
 *
 * Records (or changes) the answer to one item, whole or not at all.  Refused with a message
 * naming the item when a required part is missing: a reason for 該当なし, a plan (action,
 * owner, due date) for 一部実施 and 未実施, a note for 実施 where the registers know
 * otherwise.  A change to an accepted sheet makes it a draft of the next version.
 */
gboolean
mamori_sheet_answer (MamoriStore              *store,
                     gint64                    sheet_id,
                     const MamoriAnswerInput  *input,
                     GError                  **error)
{
  g_autoptr(MamoriSheet) sheet = mamori_sheet_get (store, sheet_id, error);
  ItemAnswer item = { 0 };
  gboolean ok;

  if (sheet == NULL ||
      !mamori_inspection_check_act (store, MAMORI_INSPECTION_ACT_ANSWER, sheet->section_id, error))
    return FALSE;
  ok = lookup_item (store, sheet, input, &item, error) &&
       validate_answer (store, sheet, input, &item, error);
  if (ok && (ok = mamori_store_begin (store, error)))
    ok = mamori_write_end (store,
                    open_for_change (store, sheet, error) &&
                    mamori_inspection_write_answer (store, sheet->id, input, item.meaning,
                                                    error), error);
  item_answer_clear (&item);
  return ok;
}

/* Submission and review ---------------------------------------------------------------------- */

static void
hash_field (GChecksum  *checksum,
            const char *text)
{
  g_checksum_update (checksum, (const guchar *)(text ? text : ""), -1);
  g_checksum_update (checksum, (const guchar *)"\x1f", 1);
}

/**
 * mamori_sheet_content_hash:
 *
 * Returns: (transfer full): the SHA-256 (hex) of what the sheet says: its cycle, section and
 *   version, then every answer in the catalogue's order with all its fields
 */
char *
mamori_sheet_content_hash (MamoriStore  *store,
                           gint64        sheet_id,
                           GError      **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *version = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store,
    "SELECT c.uuid, s.uuid, h.version FROM inspection_sheets AS h "
    "JOIN inspection_cycles AS c ON c.id = h.cycle_id JOIN sections AS s ON s.id = h.section_id "
    "WHERE h.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sheet_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_NOT_FOUND,
                   _("The inspection sheet no longer exists."));
      return NULL;
    }
  hash_field (checksum, "mamori-sheet-1");
  hash_field (checksum, mamori_column_text (stmt, 0));
  hash_field (checksum, mamori_column_text (stmt, 1));
  version = g_strdup_printf ("%d", sqlite3_column_int (stmt, 2));
  hash_field (checksum, version);
  sqlite3_reset (stmt);

  stmt = mamori_store_prepare (store,
    "SELECT ci.code, a.answer, a.meaning, " ANSWER_TEXT_COLUMNS " "
    "FROM inspection_answers AS a JOIN catalogue_items AS ci ON ci.id = a.item_id "
    "WHERE a.sheet_id = ? ORDER BY ci.ordinal, ci.code", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sheet_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < 11; i++)
        hash_field (checksum, mamori_column_text (stmt, i));
      g_checksum_update (checksum, (const guchar *)"\x1e", 1);
    }
  if (!mamori_rows_done (store, stmt, rc, error))
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * mamori_sheet_verify:
 *
 * Whether a frozen (submitted or accepted) sheet still says what was submitted.
 */
gboolean
mamori_sheet_verify (MamoriStore  *store,
                     gint64        sheet_id,
                     GError      **error)
{
  g_autoptr(MamoriSheet) sheet = mamori_sheet_get (store, sheet_id, error);
  g_autofree char *hash = NULL;

  if (sheet == NULL)
    return FALSE;
  if (sheet->content_hash == NULL)
    return TRUE;
  hash = mamori_sheet_content_hash (store, sheet_id, error);
  if (hash == NULL)
    return FALSE;
  if (g_strcmp0 (sheet->status, "submitted") != 0 && g_strcmp0 (sheet->status, "accepted") != 0)
    return TRUE;
  if (g_strcmp0 (hash, sheet->content_hash) != 0)
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_STATE,
                   _("The answers of %s changed after they were submitted (content hash %.12s…, "
                     "now %.12s…)."), sheet->section_name, sheet->content_hash, hash);
      return FALSE;
    }
  return TRUE;
}

static MamoriSheet *
sheet_in_state (MamoriStore  *store,
                gint64        sheet_id,
                const char   *state1,
                const char   *state2,
                GError      **error)
{
  g_autoptr(MamoriSheet) sheet = mamori_sheet_get (store, sheet_id, error);

  if (sheet == NULL)
    return NULL;
  if (g_strcmp0 (sheet->status, state1) != 0 && g_strcmp0 (sheet->status, state2) != 0)
    {
      if (g_strcmp0 (state1, "submitted") == 0)
        g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_STATE,
                     _("The sheet of %s is “%s”: only a submitted sheet can be accepted or "
                       "returned."), sheet->section_name, mamori_sheet_status_label (sheet->status));
      else
        g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_STATE,
                     _("The sheet of %s is “%s”: it cannot be submitted again."),
                     sheet->section_name, mamori_sheet_status_label (sheet->status));
      return NULL;
    }
  return g_steal_pointer (&sheet);
}

/* Every item answered, and no 実施 against the registers without a note (they may have
 * learnt something since the answer). */
static gboolean
check_complete (MamoriStore  *store,
                MamoriSheet  *sheet,
                GError      **error)
{
  g_autoptr(GPtrArray) lines = mamori_sheet_lines (store, sheet->id, TRUE, error);
  g_autoptr(GString) missing = g_string_new (NULL);
  guint n_missing = 0;

  if (lines == NULL)
    return FALSE;
  for (guint i = 0; i < lines->len; i++)
    {
      MamoriSheetLine *l = g_ptr_array_index (lines, i);

      if (l->answer == NULL)
        {
          if (n_missing++ < 5)
            g_string_append_printf (missing, "%s%s", missing->len ? "、" : "", l->code);
          continue;
        }
      if (g_strcmp0 (l->meaning, "complied") == 0 && l->findings->len > 0 &&
          mamori_text_is_blank (l->fact_note))
        return invalid (error, _("%s: answered “%s” while the registers hold %u findings "
                                 "against it; explain the difference in a note first."),
                        l->code, l->answer_label, l->findings->len);
    }
  if (n_missing > 0)
    return invalid (error, g_dngettext (GETTEXT_PACKAGE,
                                        "%u item is not answered yet: %s.",
                                        "%u items are not answered yet: %s…", n_missing),
                    n_missing, missing->str);
  return TRUE;
}

static gboolean
update_sheet (MamoriStore  *store,
              MamoriSheet  *sheet,
              const char   *status,
              const char   *hash,
              const char   *reason,
              GError      **error)
{
  g_autofree char *now = mamori_timestamp_now ();
  const char *actor = mamori_store_get_actor (store);
  gboolean submitting = g_strcmp0 (status, "submitted") == 0;
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, submitting
    ? "UPDATE inspection_sheets SET status = ?2, content_hash = ?3, submitted_by = ?5, "
      "submitted_at = ?6, reviewed_by = NULL, reviewed_at = NULL, return_reason = ?4 "
      "WHERE uuid = ?1"
    : "UPDATE inspection_sheets SET status = ?2, content_hash = coalesce (?3, content_hash), "
      "return_reason = ?4, reviewed_by = ?5, reviewed_at = ?6 WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, sheet->uuid);
  mamori_bind_text (stmt, 2, status);
  mamori_bind_text (stmt, 3, hash);
  mamori_bind_text (stmt, 4, reason);
  mamori_bind_text (stmt, 5, actor);
  mamori_bind_text (stmt, 6, now);
  return mamori_store_audited_step (store, "inspection_sheets", sheet->uuid,
                                    MAMORI_AUDIT_UPDATE, stmt, error);
}

static gboolean
insert_submission (MamoriStore  *store,
                   MamoriSheet  *sheet,
                   const char   *hash,
                   GError      **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  g_autofree char *now = mamori_timestamp_now ();
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
    "INSERT INTO inspection_submissions (uuid, sheet_id, version, content_hash, submitted_by, "
    "submitted_at) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, sheet->id);
  sqlite3_bind_int (stmt, 3, sheet->version);
  mamori_bind_text (stmt, 4, hash);
  mamori_bind_text (stmt, 5, mamori_store_get_actor (store));
  mamori_bind_text (stmt, 6, now);
  return mamori_store_audited_step (store, "inspection_submissions", uuid, MAMORI_AUDIT_INSERT,
                                    stmt, error);
}

static gboolean
decide_submission (MamoriStore  *store,
                   MamoriSheet  *sheet,
                   const char   *decision,
                   const char   *reason,
                   GError      **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *now = mamori_timestamp_now ();
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, "SELECT uuid FROM inspection_submissions "
                               "WHERE sheet_id = ? AND decision IS NULL ORDER BY id DESC LIMIT 1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sheet->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = mamori_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (uuid == NULL)
    return TRUE;

  stmt = mamori_store_prepare (store, "UPDATE inspection_submissions SET decision = ?2, "
                               "decided_by = ?3, decided_at = ?4, reason = ?5 WHERE uuid = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  mamori_bind_text (stmt, 2, decision);
  mamori_bind_text (stmt, 3, mamori_store_get_actor (store));
  mamori_bind_text (stmt, 4, now);
  mamori_bind_text (stmt, 5, reason);
  return mamori_store_audited_step (store, "inspection_submissions", uuid, MAMORI_AUDIT_UPDATE,
                                    stmt, error);
}

/**
 * mamori_inspection_freeze:
 * @accept: accept it at once, in the actor's name
 *
 * Submits the sheet as it is, without the completeness check: for the sample ward.  Call
 * inside a transaction.
 */
gboolean
mamori_inspection_freeze (MamoriStore  *store,
                          gint64        sheet_id,
                          gboolean      accept,
                          GError      **error)
{
  g_autoptr(MamoriSheet) sheet = mamori_sheet_get (store, sheet_id, error);
  g_autofree char *hash = NULL;

  if (sheet == NULL || (hash = mamori_sheet_content_hash (store, sheet_id, error)) == NULL ||
      !update_sheet (store, sheet, "submitted", hash, NULL, error) ||
      !insert_submission (store, sheet, hash, error))
    return FALSE;
  return !accept || (update_sheet (store, sheet, "accepted", NULL, NULL, error) &&
                     decide_submission (store, sheet, "accepted", NULL, error));
}

/**
 * mamori_sheet_submit:
 *
 * Freezes a whole sheet (every item answered) under its content hash, with the actor as the
 * submitter.
 */
gboolean
mamori_sheet_submit (MamoriStore  *store,
                     gint64        sheet_id,
                     GError      **error)
{
  g_autoptr(MamoriSheet) sheet = sheet_in_state (store, sheet_id, "draft", "returned", error);
  g_autofree char *hash = NULL;
  gboolean ok;

  if (sheet == NULL ||
      !mamori_inspection_check_act (store, MAMORI_INSPECTION_ACT_ANSWER, sheet->section_id,
                                    error) ||
      !check_complete (store, sheet, error) ||
      !mamori_store_begin (store, error))
    return FALSE;
  ok = (hash = mamori_sheet_content_hash (store, sheet_id, error)) != NULL &&
       update_sheet (store, sheet, "submitted", hash, NULL, error) &&
       insert_submission (store, sheet, hash, error);
  return mamori_write_end (store, ok, error);
}

gboolean
mamori_sheet_accept (MamoriStore  *store,
                     gint64        sheet_id,
                     GError      **error)
{
  g_autoptr(MamoriSheet) sheet = sheet_in_state (store, sheet_id, "submitted", NULL, error);
  gboolean ok;

  if (sheet == NULL ||
      !mamori_inspection_check_act (store, MAMORI_INSPECTION_ACT_DECIDE, sheet->section_id,
                                    error) ||
      !mamori_sheet_verify (store, sheet_id, error) ||
      !mamori_store_begin (store, error))
    return FALSE;
  ok = update_sheet (store, sheet, "accepted", NULL, NULL, error) &&
       decide_submission (store, sheet, "accepted", NULL, error);
  return mamori_write_end (store, ok, error);
}

gboolean
mamori_sheet_return (MamoriStore  *store,
                     gint64        sheet_id,
                     const char   *reason,
                     GError      **error)
{
  g_autoptr(MamoriSheet) sheet = NULL;
  g_autofree char *stripped = mamori_text_strip_dup (reason);
  gboolean ok;

  if (mamori_text_is_blank (stripped))
    return invalid (error, _("Say why the sheet is returned: the section reads it to fix the "
                             "sheet."));
  sheet = sheet_in_state (store, sheet_id, "submitted", NULL, error);
  if (sheet == NULL ||
      !mamori_inspection_check_act (store, MAMORI_INSPECTION_ACT_DECIDE, sheet->section_id,
                                    error) ||
      !mamori_store_begin (store, error))
    return FALSE;
  ok = update_sheet (store, sheet, "returned", NULL, stripped, error) &&
       decide_submission (store, sheet, "returned", stripped, error);
  return mamori_write_end (store, ok, error);
}
