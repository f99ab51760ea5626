/* mamori-contract-query.c — the contract list, its filters and the clause matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which mandatory clauses a contract misses is counted when read, from the checklist rows:
 * one pass over the answers that are not "stated" (a partial index of a few rows per
 * contract), joined to the contracts the filters keep.
 */

#include "config.h"

#include "mamori-contract.h"
#include "mamori-era.h"

#include <string.h>

void
mamori_contract_filter_clear (MamoriContractFilter *f)
{
  g_clear_pointer (&f->text, g_free);
  g_clear_pointer (&f->kind, g_free);
  g_clear_pointer (&f->status, g_free);
  g_clear_pointer (&f->today, g_free);
}

void
mamori_contract_row_free (MamoriContractRow *r)
{
  if (r == NULL)
    return;
  g_free (r->number);
  g_free (r->title);
  g_free (r->vendor);
  g_free (r->section);
  g_free (r->kind);
  g_free (r->status);
  g_free (r->starts_on);
  g_free (r->ends_on);
  g_free (r->missing_codes);
  g_free (r->answers);
  g_free (r);
}

void
mamori_contract_matrix_free (MamoriContractMatrix *m)
{
  if (m == NULL)
    return;
  g_clear_pointer (&m->codes, g_ptr_array_unref);
  g_clear_pointer (&m->refs, g_ptr_array_unref);
  g_clear_pointer (&m->mandatory, g_array_unref);
  g_clear_pointer (&m->rows, g_ptr_array_unref);
  g_free (m);
}

/* A mandatory clause that blocks concluding, in SQL: see mamori_contract_clause_missing(). */
#define MISSING_SQL \
  "(a.answer IS NULL OR a.answer <> 'stated') AND " \
  "(coalesce (a.answer, '') <> 'not-applicable' OR trim (a.note, ' ' || char (9, 10, 13, 12288)) = '')"

static const char list_sql[] =
  "WITH m AS (SELECT a.contract_id AS cid, count (*) AS n, group_concat (c.code, ', ') AS codes "
  "  FROM contract_clauses AS a JOIN clauses AS c ON c.id = a.clause_id "
  "  WHERE " MISSING_SQL " AND c.mandatory = 1 GROUP BY a.contract_id) "
  "SELECT k.id, k.number, k.title, k.vendor, s.name, k.kind, k.status, k.starts_on, k.ends_on, "
  "coalesce (m.n, 0), coalesce (m.codes, '') "
  "FROM contracts AS k JOIN sections AS s ON s.id = k.section_id LEFT JOIN m ON m.cid = k.id "
  "WHERE (?1 IS NULL OR k.section_id = ?1) AND (?2 IS NULL OR k.kind = ?2) "
  "AND (?3 IS NULL OR k.status = ?3) AND (?4 = 0 OR m.n > 0) "
  "AND (?5 IS NULL OR (k.status = 'concluded' AND k.ends_on BETWEEN ?6 AND ?5)) "
  "AND (?7 IS NULL OR instr (lower (k.number || ' ' || k.title || ' ' || k.vendor || ' ' || "
  "     s.name), ?7) > 0) "
  "ORDER BY k.status = 'ended', k.ends_on, k.number";

static char *
date_plus_days (const char *iso,
                int         days)
{
  int y, m, d;
  GDate date;

  if (!mamori_date_parse_iso (iso, &y, &m, &d))
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  g_date_add_days (&date, days);
  return mamori_date_to_iso (g_date_get_year (&date), g_date_get_month (&date),
                             g_date_get_day (&date));
}

static int
interrupt_if_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

/**
 * mamori_contract_query:
 *
 * Returns: (transfer container) (element-type MamoriContractRow): the contracts the filter
 *   keeps, the soonest ending first
 */
GPtrArray *
mamori_contract_query (MamoriStore                 *store,
                       const MamoriContractFilter  *f,
                       GCancellable                *cancellable,
                       GError                     **error)
{
  g_autofree char *today = f->today ? g_strdup (f->today) : mamori_date_today_iso ();
  g_autofree char *until = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt = mamori_store_prepare (store, list_sql, error);
  GPtrArray *rows;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (f->ending_within_days > 0)
    until = date_plus_days (today, f->ending_within_days);
  if (f->text && *f->text)
    text = g_utf8_strdown (f->text, -1);
  if (f->section_id > 0)
    sqlite3_bind_int64 (stmt, 1, f->section_id);
  mamori_bind_text (stmt, 2, f->kind && *f->kind ? f->kind : NULL);
  mamori_bind_text (stmt, 3, f->status && *f->status ? f->status : NULL);
  sqlite3_bind_int (stmt, 4, f->missing_only ? 1 : 0);
  mamori_bind_text (stmt, 5, until);
  mamori_bind_text (stmt, 6, today);
  mamori_bind_text (stmt, 7, text);

  if (cancellable)
    sqlite3_progress_handler (mamori_store_get_db (store), 1000, interrupt_if_cancelled,
                              cancellable);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_contract_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriContractRow *r = g_new0 (MamoriContractRow, 1);

      r->id = sqlite3_column_int64 (stmt, 0);
      r->number = g_strdup (mamori_column_text (stmt, 1));
      r->title = g_strdup (mamori_column_text (stmt, 2));
      r->vendor = g_strdup (mamori_column_text (stmt, 3));
      r->section = g_strdup (mamori_column_text (stmt, 4));
      r->kind = g_strdup (mamori_column_text (stmt, 5));
      r->status = g_strdup (mamori_column_text (stmt, 6));
      r->starts_on = g_strdup (mamori_column_text (stmt, 7));
      r->ends_on = g_strdup (mamori_column_text (stmt, 8));
      r->missing = sqlite3_column_int (stmt, 9);
      r->missing_codes = g_strdup (mamori_column_text (stmt, 10));
      g_ptr_array_add (rows, r);
    }
  sqlite3_reset (stmt);
  if (cancellable)
    sqlite3_progress_handler (mamori_store_get_db (store), 0, NULL, NULL);
  if (rc != SQLITE_DONE)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) == FALSE)
        mamori_store_set_error (store, rc, error);
      g_ptr_array_unref (rows);
      return NULL;
    }
  return rows;
}

static char
mark_of (const char *answer)
{
  if (answer == NULL)
    return MAMORI_CONTRACT_MARK_UNANSWERED;
  if (strcmp (answer, "stated") == 0)
    return MAMORI_CONTRACT_MARK_STATED;
  if (strcmp (answer, "not-stated") == 0)
    return MAMORI_CONTRACT_MARK_NOT_STATED;
  return MAMORI_CONTRACT_MARK_NOT_APPLICABLE;
}

/**
 * mamori_contract_matrix:
 * @kind: outsourcing or dispatch
 *
 * The clause-by-contract matrix of one kind for the whole ward (or what @filter keeps): the
 * clauses of the active standard's set as columns, each contract's answers as a row.
 */
MamoriContractMatrix *
mamori_contract_matrix (MamoriStore                 *store,
                        const char                  *kind,
                        const MamoriContractFilter  *filter,
                        GCancellable                *cancellable,
                        GError                     **error)
{
  MamoriContractFilter f = *filter;
  g_autoptr(MamoriContractMatrix) m = g_new0 (MamoriContractMatrix, 1);
  g_autoptr(GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) rows = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt;

  f.kind = (char *)kind;
  m->rows = mamori_contract_query (store, &f, cancellable, error);
  if (m->rows == NULL)
    return NULL;
  m->codes = g_ptr_array_new_with_free_func (g_free);
  m->refs = g_ptr_array_new_with_free_func (g_free);
  m->mandatory = g_array_new (FALSE, FALSE, sizeof (gboolean));

  stmt = mamori_store_prepare (store,
    "SELECT c.code, coalesce (c.ref, ''), c.mandatory FROM clauses AS c "
    "JOIN standards AS s ON s.id = c.standard_id WHERE s.active = 1 AND c.kind = ? "
    "ORDER BY c.mandatory DESC, c.ordinal", error);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, kind);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gboolean mandatory = sqlite3_column_int (stmt, 2);

      g_ptr_array_add (m->codes, g_strdup (mamori_column_text (stmt, 0)));
      g_ptr_array_add (m->refs, g_strdup (mamori_column_text (stmt, 1)));
      g_array_append_val (m->mandatory, mandatory);
      g_hash_table_insert (columns, m->codes->pdata[m->codes->len - 1],
                           GUINT_TO_POINTER (m->codes->len));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < m->rows->len; i++)
    {
      MamoriContractRow *r = m->rows->pdata[i];

      r->answers = g_strnfill (m->codes->len, MAMORI_CONTRACT_MARK_NONE);
      g_hash_table_insert (rows, &r->id, r);
    }

  stmt = mamori_store_prepare (store,
    "SELECT a.contract_id, c.code, a.answer FROM contract_clauses AS a "
    "JOIN clauses AS c ON c.id = a.clause_id JOIN contracts AS k ON k.id = a.contract_id "
    "WHERE k.kind = ?", error);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, kind);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      MamoriContractRow *r = g_hash_table_lookup (rows, &id);
      guint column = GPOINTER_TO_UINT (g_hash_table_lookup (columns,
                                                            mamori_column_text (stmt, 1)));

      if (r != NULL && column > 0)
        r->answers[column - 1] = mark_of (mamori_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&m);
}
