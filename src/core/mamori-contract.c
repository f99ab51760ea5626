/* mamori-contract.c — outsourcing and dispatch contracts (委託契約) and their clause checklists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A contract is entered against the clause set of its kind in the active standard: its
 * checklist gets one row per clause (mandatory and reference-only alike) and one per
 * operational check, all read from the standard's tables.  Every write goes through
 * mamori_store_audited_step() inside one transaction (a savepoint inside the caller's).
 */

#include "config.h"

#include "mamori-contract.h"
#include "mamori-era.h"
#include "mamori-standard.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_QUARK (mamori-contract-error-quark, mamori_contract_error)

/* Memory ------------------------------------------------------------------------------------ */

MamoriContract *
mamori_contract_new (void)
{
  return g_new0 (MamoriContract, 1);
}

void
mamori_contract_free (MamoriContract *c)
{
  if (c == NULL)
    return;
  g_free (c->uuid);
  g_free (c->number);
  g_free (c->title);
  g_free (c->vendor);
  g_free (c->section_name);
  g_free (c->kind);
  g_free (c->starts_on);
  g_free (c->ends_on);
  g_free (c->class_code);
  g_free (c->subcontractor);
  g_free (c->responsible);
  g_free (c->status);
  g_free (c->concluded_on);
  g_free (c->ended_on);
  g_free (c->renewal_of_number);
  g_free (c->note);
  g_free (c);
}

void
mamori_contract_clause_free (MamoriContractClause *c)
{
  if (c == NULL)
    return;
  g_free (c->code);
  g_free (c->ref);
  g_free (c->body);
  g_free (c->gloss);
  g_free (c->source);
  g_free (c->answer);
  g_free (c->article);
  g_free (c->note);
  g_free (c);
}

void
mamori_contract_check_free (MamoriContractCheck *c)
{
  if (c == NULL)
    return;
  g_free (c->code);
  g_free (c->body);
  g_free (c->gloss);
  g_free (c->refs);
  g_free (c->done_on);
  g_free (c->note);
  g_free (c);
}

void
mamori_contract_worker_free (MamoriContractWorker *w)
{
  if (w == NULL)
    return;
  g_free (w->uuid);
  g_free (w->name);
  g_free (w->kana);
  g_free (w->role);
  g_free (w->id_shown_on);
  g_free (w->note);
  g_free (w->areas);
  g_free (w);
}

void
mamori_contract_document_free (MamoriContractDocument *d)
{
  if (d == NULL)
    return;
  g_free (d->uuid);
  g_free (d->file_name);
  g_free (d->media_type);
  g_free (d->sha256);
  g_free (d->attached_on);
  g_free (d);
}

/* Helpers ----------------------------------------------------------------------------------- */

static char *
dup_col (sqlite3_stmt *stmt,
         int           index)
{
  return g_strdup (mamori_column_text (stmt, index));
}

static const char *
or_empty (const char *s)
{
  return s ? s : "";
}

static gboolean
is_blank (const char *s)
{
  for (; s && *s; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
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
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_INVALID, message);
  return FALSE;
}

/* Ends what begin() started: commits if @ok, rolls back otherwise. */
static gboolean
finish (MamoriStore  *store,
        gboolean      ok,
        GError      **error)
{
  if (ok && mamori_store_commit (store, error))
    return TRUE;
  mamori_store_rollback (store);
  return FALSE;
}

static gboolean
valid_date (const char *iso)
{
  int y, m, d;

  return iso != NULL && mamori_date_parse_iso (iso, &y, &m, &d);
}

static gboolean
validate (MamoriStore           *store,
          const MamoriContract  *c,
          GError               **error)
{
  gint64 other;

  if (is_blank (c->number))
    return invalid (error, _("Contract number: enter the number of the contract."));
  if (strlen (c->number) > 64)
    return invalid (error, _("Contract number: at most 64 characters."));
  other = mamori_contract_find_by_number (store, c->number);
  if (other != 0 && other != c->id)
    return invalid (error, _("Contract number: “%s” is already the number of another "
                             "contract."), c->number);
  if (is_blank (c->title))
    return invalid (error, _("Title: enter what the contract is for."));
  if (g_utf8_strlen (c->title, -1) > 200)
    return invalid (error, _("Title: at most 200 characters."));
  if (is_blank (c->vendor))
    return invalid (error, _("Vendor: enter the contractor's name."));
  if (g_utf8_strlen (c->vendor, -1) > 200)
    return invalid (error, _("Vendor: at most 200 characters."));
  if (c->section_id <= 0 ||
      !mamori_store_row_exists (store, "SELECT 1 FROM sections WHERE id = ? AND level = 'section'",
                                c->section_id))
    return invalid (error, _("Section: choose the section that contracts."));
  if (!g_strv_contains (mamori_contract_kinds, or_empty (c->kind)))
    return invalid (error, _("Kind: “%s” is neither an outsourcing nor a worker-dispatch "
                             "contract."), or_empty (c->kind));
  if (!valid_date (c->starts_on))
    return invalid (error, _("Start: “%s” is not a date."), or_empty (c->starts_on));
  if (!valid_date (c->ends_on))
    return invalid (error, _("End: “%s” is not a date."), or_empty (c->ends_on));
  if (strcmp (c->ends_on, c->starts_on) < 0)
    return invalid (error, _("End: the contract cannot end before it starts."));
  if (c->class_code && *c->class_code &&
      mamori_store_id_by_text (store, "SELECT 1 FROM classification_classes AS k JOIN standards "
                               "AS s ON s.id = k.standard_id WHERE s.active = 1 AND k.code = ?",
                               c->class_code) == 0)
    return invalid (error, _("Class of information: “%s” is not a class of the loaded "
                             "standard."), c->class_code);
  return TRUE;
}

/* Records ----------------------------------------------------------------------------------- */

gint64
mamori_contract_find_by_number (MamoriStore *store,
                                const char  *number)
{
  return mamori_store_id_by_text (store, "SELECT id FROM contracts WHERE number = ?", number);
}

/**
 * mamori_contract_list_classes:
 * @codes: (out) (transfer container): the class codes of the active standard, highest first
 * @labels: (out) (transfer container): "重要性分類Ⅰ (第2-3-(1))" for each
 */
void
mamori_contract_list_classes (MamoriStore  *store,
                              GPtrArray   **codes,
                              GPtrArray   **labels)
{
  g_autoptr(GPtrArray) classes = mamori_standard_list_classes (store);

  *codes = g_ptr_array_new_with_free_func (g_free);
  *labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < classes->len; i++)
    {
      MamoriClassification *c = g_ptr_array_index (classes, i);

      g_ptr_array_add (*codes, g_strdup (c->code));
      g_ptr_array_add (*labels, g_strdup_printf ("%s (%s)", c->text, c->ref));
    }
}

/**
 * mamori_contract_clause_set_title:
 *
 * Returns: (transfer full) (nullable): "第6-5 外部委託に関する管理": the article and title of
 *   the clause set of @kind in the standard
 */
char *
mamori_contract_clause_set_title (MamoriStore *store,
                                  gint64       standard_id,
                                  const char  *kind)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT ref || ' ' || title FROM clause_sets "
                                                    "WHERE standard_id = ? AND kind = ?", NULL);
  char *title = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, standard_id);
  mamori_bind_text (stmt, 2, kind);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    title = dup_col (stmt, 0);
  sqlite3_reset (stmt);
  return title;
}

static gboolean
not_found (GError **error)
{
  g_set_error_literal (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_NOT_FOUND,
                       _("The contract no longer exists; it may have been deleted meanwhile."));
  return FALSE;
}

MamoriContract *
mamori_contract_load (MamoriStore  *store,
                      gint64        id,
                      GError      **error)
{
  MamoriContract *c = NULL;
  sqlite3_stmt *stmt = mamori_store_prepare (store,
    "SELECT k.id, k.uuid, k.number, k.title, k.vendor, k.section_id, s.name, k.kind, "
    "k.standard_id, k.starts_on, k.ends_on, k.class_code, k.subcontracting, k.subcontractor, "
    "k.responsible, k.status, k.concluded_on, k.ended_on, k.renewal_of, r.number, k.note "
    "FROM contracts AS k JOIN sections AS s ON s.id = k.section_id "
    "LEFT JOIN contracts AS r ON r.id = k.renewal_of WHERE k.id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      c = mamori_contract_new ();
      c->id = sqlite3_column_int64 (stmt, 0);
      c->uuid = dup_col (stmt, 1);
      c->number = dup_col (stmt, 2);
      c->title = dup_col (stmt, 3);
      c->vendor = dup_col (stmt, 4);
      c->section_id = sqlite3_column_int64 (stmt, 5);
      c->section_name = dup_col (stmt, 6);
      c->kind = dup_col (stmt, 7);
      c->standard_id = sqlite3_column_int64 (stmt, 8);
      c->starts_on = dup_col (stmt, 9);
      c->ends_on = dup_col (stmt, 10);
      c->class_code = dup_col (stmt, 11);
      c->subcontracting = sqlite3_column_int (stmt, 12);
      c->subcontractor = dup_col (stmt, 13);
      c->responsible = dup_col (stmt, 14);
      c->status = dup_col (stmt, 15);
      c->concluded_on = dup_col (stmt, 16);
      c->ended_on = dup_col (stmt, 17);
      c->renewal_of = sqlite3_column_int64 (stmt, 18);
      c->renewal_of_number = dup_col (stmt, 19);
      c->note = dup_col (stmt, 20);
    }
  sqlite3_reset (stmt);
  if (c == NULL)
    not_found (error);
  return c;
}

/* The checklist of a new contract, or of one whose kind changed: a row per clause and per
 * operational check of its kind in its standard. */
static gboolean
build_checklist (MamoriStore  *store,
                 gint64        contract_id,
                 gint64        standard_id,
                 const char   *kind,
                 GError      **error)
{
  static const char *const lists[] = {
    "SELECT id FROM clauses WHERE standard_id = ? AND kind = ? ORDER BY ordinal",
    "SELECT id FROM operational_checks WHERE standard_id = ? AND kind = ? ORDER BY ordinal",
  };
  static const char *const inserts[] = {
    "INSERT INTO contract_clauses (uuid, contract_id, clause_id) VALUES (?, ?, ?)",
    "INSERT INTO contract_checks (uuid, contract_id, check_id) VALUES (?, ?, ?)",
  };
  static const char *const tables[] = { "contract_clauses", "contract_checks" };

  for (guint t = 0; t < G_N_ELEMENTS (lists); t++)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_stmt *stmt = mamori_store_prepare (store, lists[t], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, standard_id);
      mamori_bind_text (stmt, 2, kind);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);

      for (guint i = 0; i < ids->len; i++)
        {
          g_autofree char *uuid = mamori_store_new_uuid (store);

          stmt = mamori_store_prepare (store, inserts[t], error);
          if (stmt == NULL)
            return FALSE;
          mamori_bind_text (stmt, 1, uuid);
          sqlite3_bind_int64 (stmt, 2, contract_id);
          sqlite3_bind_int64 (stmt, 3, g_array_index (ids, gint64, i));
          if (!mamori_store_audited_step (store, tables[t], uuid, MAMORI_AUDIT_INSERT, stmt,
                                          error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Deletes every row of @table that belongs to a contract, each in the audit log. */
static gboolean
delete_rows_of (MamoriStore  *store,
                const char   *table,
                gint64        contract_id,
                GError      **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT uuid FROM %s WHERE contract_id = ?", table);
  g_autofree char *delete = g_strdup_printf ("DELETE FROM %s WHERE uuid = ?", table);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mamori_store_prepare (store, select, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contract_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, dup_col (stmt, 0));
  sqlite3_reset (stmt);

  for (guint i = 0; i < uuids->len; i++)
    {
      stmt = mamori_store_prepare (store, delete, error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 1, uuids->pdata[i]);
      if (!mamori_store_audited_step (store, table, uuids->pdata[i], MAMORI_AUDIT_DELETE, stmt,
                                      error))
        return FALSE;
    }
  return TRUE;
}

static gint64
active_standard_with (MamoriStore  *store,
                      const char   *kind,
                      GError      **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store,
    "SELECT s.id FROM standards AS s JOIN clause_sets AS c ON c.standard_id = s.id "
    "WHERE s.active = 1 AND c.kind = ?", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  mamori_bind_text (stmt, 1, kind);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id == 0)
    g_set_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_NO_STANDARD,
                 _("The loaded standard has no clause set for %s contracts."),
                 mamori_contract_kind_label (kind));
  return id;
}

static void
bind_fields (sqlite3_stmt         *stmt,
             const MamoriContract *c)
{
  mamori_bind_text (stmt, 2, c->number);
  mamori_bind_text (stmt, 3, c->title);
  mamori_bind_text (stmt, 4, c->vendor);
  sqlite3_bind_int64 (stmt, 5, c->section_id);
  mamori_bind_text (stmt, 6, c->kind);
  mamori_bind_text (stmt, 7, c->starts_on);
  mamori_bind_text (stmt, 8, c->ends_on);
  mamori_bind_text (stmt, 9, or_empty (c->class_code));
  sqlite3_bind_int (stmt, 10, c->subcontracting ? 1 : 0);
  mamori_bind_text (stmt, 11, or_empty (c->subcontractor));
  mamori_bind_text (stmt, 12, or_empty (c->responsible));
  mamori_bind_text (stmt, 13, or_empty (c->note));
}

static gboolean
insert (MamoriStore           *store,
        const MamoriContract  *c,
        gint64                 renewal_of,
        gint64                *out_id,
        GError               **error)
{
  g_autofree char *uuid = c->uuid ? g_strdup (c->uuid) : mamori_store_new_uuid (store);
  sqlite3_stmt *stmt;
  gint64 standard_id, id;

  if (!validate (store, c, error))
    return FALSE;
  standard_id = active_standard_with (store, c->kind, error);
  if (standard_id == 0)
    return FALSE;
  stmt = mamori_store_prepare (store,
    "INSERT INTO contracts (uuid, number, title, vendor, section_id, kind, starts_on, ends_on, "
    "class_code, subcontracting, subcontractor, responsible, note, standard_id, renewal_of) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  bind_fields (stmt, c);
  sqlite3_bind_int64 (stmt, 14, standard_id);
  if (renewal_of > 0)
    sqlite3_bind_int64 (stmt, 15, renewal_of);
  if (!mamori_store_audited_step (store, "contracts", uuid, MAMORI_AUDIT_INSERT, stmt, error))
    return FALSE;
  id = mamori_store_get_last_insert_id (store);
  if (!build_checklist (store, id, standard_id, c->kind, error))
    return FALSE;
  if (out_id)
    *out_id = id;
  return TRUE;
}

/**
 * mamori_contract_insert:
 *
 * Enters a draft contract with an empty checklist of its kind from the active standard.
 */
gboolean
mamori_contract_insert (MamoriStore           *store,
                        const MamoriContract  *c,
                        gint64                *out_id,
                        GError               **error)
{
  if (!mamori_store_begin (store, error))
    return FALSE;
  return finish (store, insert (store, c, 0, out_id, error), error);
}

static gboolean
update (MamoriStore           *store,
        const MamoriContract  *c,
        GError               **error)
{
  g_autoptr(MamoriContract) current = mamori_contract_load (store, c->id, error);
  sqlite3_stmt *stmt;

  if (current == NULL)
    return FALSE;
  if (c->uuid != NULL && g_strcmp0 (c->uuid, current->uuid) != 0)
    return not_found (error);
  if (mamori_contract_is_locked (current->status))
    {
      g_set_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_LOCKED,
                   _("Contract %s is %s: its record is kept as it was concluded. Renew it to "
                     "change it."), current->number,
                   mamori_contract_status_label (current->status));
      return FALSE;
    }
  if (!validate (store, c, error))
    return FALSE;

  stmt = mamori_store_prepare (store,
    "UPDATE contracts SET number = ?2, title = ?3, vendor = ?4, section_id = ?5, kind = ?6, "
    "starts_on = ?7, ends_on = ?8, class_code = ?9, subcontracting = ?10, subcontractor = ?11, "
    "responsible = ?12, note = ?13, standard_id = ?14 WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, current->uuid);
  bind_fields (stmt, c);
  if (g_strcmp0 (c->kind, current->kind) == 0)
    {
      sqlite3_bind_int64 (stmt, 14, current->standard_id);
      return mamori_store_audited_step (store, "contracts", current->uuid, MAMORI_AUDIT_UPDATE,
                                        stmt, error);
    }

  /* Another kind, another clause set: the checklist starts again. */
  {
    gint64 standard_id = active_standard_with (store, c->kind, error);

    if (standard_id == 0)
      return FALSE;
    sqlite3_bind_int64 (stmt, 14, standard_id);
    return delete_rows_of (store, "contract_clauses", c->id, error) &&
           delete_rows_of (store, "contract_checks", c->id, error) &&
           mamori_store_audited_step (store, "contracts", current->uuid, MAMORI_AUDIT_UPDATE,
                                      stmt, error) &&
           build_checklist (store, c->id, standard_id, c->kind, error) &&
           (g_strcmp0 (current->status, "checked") != 0 ||
            mamori_contract_set_status (store, c->id, "draft", NULL, error));
  }
}

/**
 * mamori_contract_update:
 * @contract: the contract as it should be; its id and uuid name the row
 *
 * Changes a draft or checked contract.  A change of kind replaces its checklist.
 */
gboolean
mamori_contract_update (MamoriStore           *store,
                        const MamoriContract  *c,
                        GError               **error)
{
  if (!mamori_store_begin (store, error))
    return FALSE;
  return finish (store, update (store, c, error), error);
}

/**
 * mamori_contract_delete:
 *
 * Deletes a draft or checked contract with its checklist, staff and documents.  A concluded
 * contract is a record of what was agreed: it is ended, never deleted.
 */
gboolean
mamori_contract_delete (MamoriStore  *store,
                        gint64        id,
                        GError      **error)
{
  g_autoptr(MamoriContract) c = mamori_contract_load (store, id, error);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (c == NULL)
    return FALSE;
  if (mamori_contract_is_locked (c->status))
    {
      g_set_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_LOCKED,
                   _("Contract %s was concluded: it can be ended but not deleted."), c->number);
      return FALSE;
    }
  if (!mamori_store_begin (store, error))
    return FALSE;
  ok = delete_rows_of (store, "contract_clauses", id, error) &&
       delete_rows_of (store, "contract_checks", id, error) &&
       delete_rows_of (store, "contract_workers", id, error) &&
       delete_rows_of (store, "contract_documents", id, error);
  if (ok)
    {
      stmt = mamori_store_prepare (store, "DELETE FROM contracts WHERE uuid = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          mamori_bind_text (stmt, 1, c->uuid);
          ok = mamori_store_audited_step (store, "contracts", c->uuid, MAMORI_AUDIT_DELETE, stmt,
                                          error);
        }
    }
  return finish (store, ok, error);
}

/* The rows of one contract in a list, one struct each, built by @from_row. */
typedef gpointer (*FromRow) (sqlite3_stmt *stmt);

static GPtrArray *
rows_of (MamoriStore     *store,
         const char      *sql,
         gint64           contract_id,
         FromRow          from_row,
         GDestroyNotify   free_func,
         GError         **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, error);
  GPtrArray *list;

  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func (free_func);
  sqlite3_bind_int64 (stmt, 1, contract_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, from_row (stmt));
  sqlite3_reset (stmt);
  return list;
}

/* The checklist ----------------------------------------------------------------------------- */

#define CLAUSE_SELECT \
  "SELECT a.id, c.id, c.code, c.ref, c.body, c.gloss, c.mandatory, c.source, a.answer, " \
  "a.article, a.note FROM contract_clauses AS a JOIN clauses AS c ON c.id = a.clause_id "

static gpointer
clause_from_row (sqlite3_stmt *stmt)
{
  MamoriContractClause *c = g_new0 (MamoriContractClause, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->clause_id = sqlite3_column_int64 (stmt, 1);
  c->code = dup_col (stmt, 2);
  c->ref = dup_col (stmt, 3);
  c->body = dup_col (stmt, 4);
  c->gloss = dup_col (stmt, 5);
  c->mandatory = sqlite3_column_int (stmt, 6);
  c->source = dup_col (stmt, 7);
  c->answer = dup_col (stmt, 8);
  c->article = dup_col (stmt, 9);
  c->note = dup_col (stmt, 10);
  return c;
}

/**
 * mamori_contract_list_clauses:
 *
 * Returns: (transfer container) (element-type MamoriContractClause): the checklist, mandatory
 *   clauses first, each set in the standard's order
 */
GPtrArray *
mamori_contract_list_clauses (MamoriStore  *store,
                              gint64        contract_id,
                              GError      **error)
{
  return rows_of (store, CLAUSE_SELECT "WHERE a.contract_id = ? ORDER BY c.mandatory DESC, c.ordinal",
                  contract_id, (FromRow)clause_from_row,
                  (GDestroyNotify)mamori_contract_clause_free, error);
}

/**
 * mamori_contract_missing:
 *
 * Returns: (transfer container) (element-type MamoriContractClause): the mandatory clauses that
 *   block checking and concluding, in the standard's order
 */
GPtrArray *
mamori_contract_missing (MamoriStore  *store,
                         gint64        contract_id,
                         GError      **error)
{
  GPtrArray *all = mamori_contract_list_clauses (store, contract_id, error);
  GPtrArray *missing;

  if (all == NULL)
    return NULL;
  missing = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_contract_clause_free);
  for (guint i = 0; i < all->len; i++)
    if (mamori_contract_clause_missing (all->pdata[i]))
      g_ptr_array_add (missing, g_steal_pointer (&all->pdata[i]));
  g_ptr_array_unref (all);
  return missing;
}

/* The contract a checklist row belongs to, if it may still change. */
static MamoriContract *
open_contract_of (MamoriStore  *store,
                  const char   *table,
                  gint64        row_id,
                  char        **row_uuid,
                  GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT contract_id, uuid FROM %s WHERE id = ?", table);
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, error);
  MamoriContract *c;
  gint64 contract_id = 0;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      contract_id = sqlite3_column_int64 (stmt, 0);
      *row_uuid = dup_col (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (contract_id == 0)
    {
      not_found (error);
      return NULL;
    }
  c = mamori_contract_load (store, contract_id, error);
  return c;
}

static gboolean
refuse_locked (const MamoriContract  *c,
               GError               **error)
{
  g_set_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_LOCKED,
               _("Contract %s is %s: its checklist is kept as it was when it was concluded. "
                 "Renew the contract to check a new document."), c->number,
               mamori_contract_status_label (c->status));
  return FALSE;
}

/**
 * mamori_contract_answer:
 * @answer: (nullable): stated, not-stated, not-applicable, or %NULL to clear
 *
 * Answers a clause of a draft or checked contract.  A checked contract goes back to draft.
 */
gboolean
mamori_contract_answer (MamoriStore  *store,
                        gint64        contract_clause_id,
                        const char   *answer,
                        const char   *article,
                        const char   *note,
                        GError      **error)
{
  g_autofree char *uuid = NULL;
  g_autoptr(MamoriContract) c = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (answer != NULL && !g_strv_contains (mamori_contract_answers, answer))
    return invalid (error, _("Answer: “%s” is not one of stated, not stated or not "
                             "applicable."), answer);
  if (g_utf8_strlen (or_empty (article), -1) > 100)
    return invalid (error, _("Article: at most 100 characters."));
  c = open_contract_of (store, "contract_clauses", contract_clause_id, &uuid, error);
  if (c == NULL)
    return FALSE;
  if (mamori_contract_is_locked (c->status))
    return refuse_locked (c, error);

  if (!mamori_store_begin (store, error))
    return FALSE;
  stmt = mamori_store_prepare (store, "UPDATE contract_clauses SET answer = ?2, article = ?3, "
                                      "note = ?4 WHERE uuid = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, uuid);
      mamori_bind_text (stmt, 2, answer);
      mamori_bind_text (stmt, 3, or_empty (article));
      mamori_bind_text (stmt, 4, or_empty (note));
      ok = mamori_store_audited_step (store, "contract_clauses", uuid, MAMORI_AUDIT_UPDATE, stmt,
                                      error);
    }
  if (ok && g_strcmp0 (c->status, "checked") == 0)
    ok = mamori_contract_set_status (store, c->id, "draft", NULL, error);
  return finish (store, ok, error);
}

/**
 * mamori_contract_list_checks:
 *
 * Returns: (transfer container) (element-type MamoriContractCheck): the operational checks
 */
static gpointer
check_from_row (sqlite3_stmt *stmt)
{
  MamoriContractCheck *k = g_new0 (MamoriContractCheck, 1);

  k->id = sqlite3_column_int64 (stmt, 0);
  k->code = dup_col (stmt, 1);
  k->body = dup_col (stmt, 2);
  k->gloss = dup_col (stmt, 3);
  k->refs = dup_col (stmt, 4);
  k->done = sqlite3_column_int (stmt, 5);
  k->done_on = dup_col (stmt, 6);
  k->note = dup_col (stmt, 7);
  return k;
}

GPtrArray *
mamori_contract_list_checks (MamoriStore  *store,
                             gint64        contract_id,
                             GError      **error)
{
  return rows_of (store,
    "SELECT a.id, o.code, o.body, o.gloss, "
    "(SELECT group_concat (ref, '、') FROM operational_check_citations WHERE check_id = o.id), "
    "a.done, a.done_on, a.note FROM contract_checks AS a "
    "JOIN operational_checks AS o ON o.id = a.check_id WHERE a.contract_id = ? "
    "ORDER BY o.ordinal", contract_id, check_from_row,
    (GDestroyNotify)mamori_contract_check_free, error);
}

/**
 * mamori_contract_set_check:
 * @done_on: (nullable): when it was done; today if %NULL and @done
 *
 * Records an operational check.  These are done while the contract runs (workers show their
 * identification before they start), so they stay open after concluding, until it ends.
 */
gboolean
mamori_contract_set_check (MamoriStore  *store,
                           gint64        contract_check_id,
                           gboolean      done,
                           const char   *done_on,
                           const char   *note,
                           GError      **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *today = NULL;
  g_autoptr(MamoriContract) c = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (done && done_on == NULL)
    done_on = today = mamori_date_today_iso ();
  if (done && !valid_date (done_on))
    return invalid (error, _("Done on: “%s” is not a date."), done_on);
  c = open_contract_of (store, "contract_checks", contract_check_id, &uuid, error);
  if (c == NULL)
    return FALSE;
  if (g_strcmp0 (c->status, "ended") == 0)
    return refuse_locked (c, error);

  if (!mamori_store_begin (store, error))
    return FALSE;
  stmt = mamori_store_prepare (store, "UPDATE contract_checks SET done = ?2, done_on = ?3, "
                                      "note = ?4 WHERE uuid = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, uuid);
      sqlite3_bind_int (stmt, 2, done ? 1 : 0);
      mamori_bind_text (stmt, 3, done ? done_on : NULL);
      mamori_bind_text (stmt, 4, or_empty (note));
      ok = mamori_store_audited_step (store, "contract_checks", uuid, MAMORI_AUDIT_UPDATE, stmt,
                                      error);
    }
  return finish (store, ok, error);
}

/* Status ------------------------------------------------------------------------------------ */

static gboolean
refuse_missing (const MamoriContract  *c,
                const char            *status,
                GPtrArray             *missing,
                GError               **error)
{
  g_autofree char *list = mamori_contract_describe_missing (missing);

  g_set_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_MISSING,
               g_dngettext (GETTEXT_PACKAGE,
                            "Contract %s cannot be marked %s: %u mandatory clause is missing.\n%s",
                            "Contract %s cannot be marked %s: %u mandatory clauses are missing.\n%s",
                            missing->len),
               c->number, mamori_contract_status_label (status), missing->len, list);
  return FALSE;
}

/**
 * mamori_contract_set_status:
 * @status: draft, checked, concluded or ended
 * @on: (nullable): the date of concluding or ending; today if %NULL
 *
 * Moves a contract one step.  Checking and concluding are refused while a mandatory clause is
 * missing; the error (MAMORI_CONTRACT_ERROR_MISSING) names each with its article.
 */
gboolean
mamori_contract_set_status (MamoriStore  *store,
                            gint64        contract_id,
                            const char   *status,
                            const char   *on,
                            GError      **error)
{
  g_autoptr(MamoriContract) c = mamori_contract_load (store, contract_id, error);
  g_autofree char *today = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (c == NULL)
    return FALSE;
  if (!mamori_contract_step_allowed (c->status, status))
    {
      g_set_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_TRANSITION,
                   _("Contract %s is %s: it cannot be marked %s."), c->number,
                   mamori_contract_status_label (c->status),
                   mamori_contract_status_label (status));
      return FALSE;
    }
  if (on == NULL)
    on = today = mamori_date_today_iso ();
  if (!valid_date (on))
    return invalid (error, _("Date: “%s” is not a date."), on);
  if (g_strcmp0 (status, "ended") == 0 && strcmp (on, c->concluded_on) < 0)
    return invalid (error, _("Date: a contract cannot end before it was concluded."));
  if (g_strcmp0 (status, "checked") == 0 || g_strcmp0 (status, "concluded") == 0)
    {
      g_autoptr(GPtrArray) missing = mamori_contract_missing (store, contract_id, error);

      if (missing == NULL)
        return FALSE;
      if (missing->len > 0)
        return refuse_missing (c, status, missing, error);
    }

  if (!mamori_store_begin (store, error))
    return FALSE;
  stmt = mamori_store_prepare (store,
    "UPDATE contracts SET status = ?2, "
    "concluded_on = CASE WHEN ?2 = 'concluded' THEN ?3 ELSE concluded_on END, "
    "ended_on = CASE WHEN ?2 = 'ended' THEN ?3 ELSE NULL END WHERE uuid = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, c->uuid);
      mamori_bind_text (stmt, 2, status);
      mamori_bind_text (stmt, 3, on);
      ok = mamori_store_audited_step (store, "contracts", c->uuid, MAMORI_AUDIT_UPDATE, stmt,
                                      error);
    }
  return finish (store, ok, error);
}

/* Copies the articles and notes of the old checklist into the new one, answers cleared: the
 * new document must be read again, clause by clause. */
static gboolean
reopen_checklist (MamoriStore  *store,
                  gint64        from_id,
                  gint64        to_id,
                  GError      **error)
{
  g_autoptr(GPtrArray) old = mamori_contract_list_clauses (store, from_id, error);
  g_autoptr(GPtrArray) fresh = NULL;

  if (old == NULL)
    return FALSE;
  fresh = mamori_contract_list_clauses (store, to_id, error);
  if (fresh == NULL)
    return FALSE;
  for (guint i = 0; i < fresh->len; i++)
    {
      MamoriContractClause *n = fresh->pdata[i];

      for (guint j = 0; j < old->len; j++)
        {
          MamoriContractClause *o = old->pdata[j];

          if (g_strcmp0 (o->code, n->code) != 0 || (is_blank (o->article) && is_blank (o->note)))
            continue;
          if (!mamori_contract_answer (store, n->id, NULL, o->article, o->note, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
renew (MamoriStore  *store,
       gint64        contract_id,
       const char   *number,
       const char   *starts_on,
       const char   *ends_on,
       gint64       *out_id,
       GError      **error)
{
  g_autoptr(MamoriContract) c = mamori_contract_load (store, contract_id, error);
  g_autoptr(GPtrArray) workers = NULL;
  gint64 id;

  if (c == NULL)
    return FALSE;
  if (!mamori_contract_is_locked (c->status))
    {
      g_set_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_TRANSITION,
                   _("Contract %s is %s: only a concluded or ended contract is renewed."),
                   c->number, mamori_contract_status_label (c->status));
      return FALSE;
    }
  g_clear_pointer (&c->uuid, g_free);
  g_free (c->number);
  c->number = g_strdup (number);
  g_free (c->starts_on);
  c->starts_on = g_strdup (starts_on);
  g_free (c->ends_on);
  c->ends_on = g_strdup (ends_on);
  if (!insert (store, c, contract_id, &id, error) ||
      !reopen_checklist (store, contract_id, id, error))
    return FALSE;

  workers = mamori_contract_list_workers (store, contract_id, error);
  if (workers == NULL)
    return FALSE;
  for (guint i = 0; i < workers->len; i++)
    {
      MamoriContractWorker *w = workers->pdata[i];

      /* Identification is shown again for the new contract. */
      g_clear_pointer (&w->uuid, g_free);
      g_clear_pointer (&w->id_shown_on, g_free);
      if (!mamori_contract_add_worker (store, id, w, error))
        return FALSE;
    }
  if (out_id)
    *out_id = id;
  return TRUE;
}

/**
 * mamori_contract_renew:
 * @number: the new contract's number
 *
 * Renews a concluded or ended contract: a new draft with the same vendor, section, kind and
 * staff, pointing back at it, whose checklist is open again (articles and notes kept as a
 * starting point, answers cleared).
 */
gboolean
mamori_contract_renew (MamoriStore  *store,
                       gint64        contract_id,
                       const char   *number,
                       const char   *starts_on,
                       const char   *ends_on,
                       gint64       *out_id,
                       GError      **error)
{
  if (!mamori_store_begin (store, error))
    return FALSE;
  return finish (store, renew (store, contract_id, number, starts_on, ends_on, out_id, error),
                 error);
}

/* Staff ------------------------------------------------------------------------------------- */

static gpointer
worker_from_row (sqlite3_stmt *stmt)
{
  MamoriContractWorker *w = g_new0 (MamoriContractWorker, 1);

  w->id = sqlite3_column_int64 (stmt, 0);
  w->uuid = dup_col (stmt, 1);
  w->name = dup_col (stmt, 2);
  w->kana = dup_col (stmt, 3);
  w->role = dup_col (stmt, 4);
  w->id_shown_on = dup_col (stmt, 5);
  w->note = dup_col (stmt, 6);
  w->areas = dup_col (stmt, 7);
  return w;
}

GPtrArray *
mamori_contract_list_workers (MamoriStore  *store,
                              gint64        contract_id,
                              GError      **error)
{
  /* A managed area permits contractor staff by contract number and name (area_permits). */
  return rows_of (store,
    "SELECT w.id, w.uuid, w.name, w.kana, w.role, w.id_shown_on, w.note, "
    "(SELECT group_concat (a.name, '、') FROM area_permits AS p JOIN areas AS a "
    " ON a.id = p.area_id WHERE p.kind = 'contractor' AND p.contract_number = k.number "
    " AND p.name = w.name) "
    "FROM contract_workers AS w JOIN contracts AS k ON k.id = w.contract_id "
    "WHERE w.contract_id = ? ORDER BY w.role <> '' DESC, w.kana, w.name", contract_id,
    worker_from_row,
    (GDestroyNotify)mamori_contract_worker_free, error);
}

/**
 * mamori_contract_add_worker:
 *
 * Adds a member of the contractor's staff.  Staff change while a contract runs, so this is
 * allowed until the contract ends.
 */
gboolean
mamori_contract_add_worker (MamoriStore                 *store,
                            gint64                       contract_id,
                            const MamoriContractWorker  *w,
                            GError                     **error)
{
  g_autoptr(MamoriContract) c = mamori_contract_load (store, contract_id, error);
  g_autofree char *uuid = w->uuid ? g_strdup (w->uuid) : mamori_store_new_uuid (store);
  g_autofree char *name = g_strstrip (g_strdup (or_empty (w->name)));
  sqlite3_stmt *stmt;
  gboolean ok;

  if (c == NULL)
    return FALSE;
  if (g_strcmp0 (c->status, "ended") == 0)
    return refuse_locked (c, error);
  if (*name == '\0')
    return invalid (error, _("Name: enter the name of the contractor's worker."));
  if (g_utf8_strlen (name, -1) > 100)
    return invalid (error, _("Name: at most 100 characters."));
  if (w->id_shown_on && !valid_date (w->id_shown_on))
    return invalid (error, _("Identification shown on: “%s” is not a date."), w->id_shown_on);
  stmt = mamori_store_prepare (store, "SELECT 1 FROM contract_workers WHERE contract_id = ? "
                                      "AND name = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contract_id);
  mamori_bind_text (stmt, 2, name);
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (ok)
    return invalid (error, _("Name: %s is already among the staff of contract %s."), name,
                    c->number);

  if (!mamori_store_begin (store, error))
    return FALSE;
  stmt = mamori_store_prepare (store, "INSERT INTO contract_workers (uuid, contract_id, name, "
                                      "kana, role, id_shown_on, note) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, uuid);
      sqlite3_bind_int64 (stmt, 2, contract_id);
      mamori_bind_text (stmt, 3, name);
      mamori_bind_text (stmt, 4, or_empty (w->kana));
      mamori_bind_text (stmt, 5, or_empty (w->role));
      mamori_bind_text (stmt, 6, w->id_shown_on);
      mamori_bind_text (stmt, 7, or_empty (w->note));
      ok = mamori_store_audited_step (store, "contract_workers", uuid, MAMORI_AUDIT_INSERT, stmt,
                                      error);
    }
  return finish (store, ok, error);
}

static gboolean
delete_row (MamoriStore  *store,
            const char   *table,
            gint64        row_id,
            gboolean      allowed_when_concluded,
            GError      **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE uuid = ?", table);
  g_autoptr(MamoriContract) c = open_contract_of (store, table, row_id, &uuid, error);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (c == NULL)
    return FALSE;
  if (g_strcmp0 (c->status, "ended") == 0 ||
      (!allowed_when_concluded && mamori_contract_is_locked (c->status)))
    return refuse_locked (c, error);
  if (!mamori_store_begin (store, error))
    return FALSE;
  stmt = mamori_store_prepare (store, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, uuid);
      ok = mamori_store_audited_step (store, table, uuid, MAMORI_AUDIT_DELETE, stmt, error);
    }
  return finish (store, ok, error);
}

gboolean
mamori_contract_remove_worker (MamoriStore  *store,
                               gint64        worker_id,
                               GError      **error)
{
  return delete_row (store, "contract_workers", worker_id, TRUE, error);
}

/* Documents --------------------------------------------------------------------------------- */

static gpointer
document_from_row (sqlite3_stmt *stmt)
{
  MamoriContractDocument *d = g_new0 (MamoriContractDocument, 1);

  d->id = sqlite3_column_int64 (stmt, 0);
  d->uuid = dup_col (stmt, 1);
  d->file_name = dup_col (stmt, 2);
  d->media_type = dup_col (stmt, 3);
  d->size = sqlite3_column_int64 (stmt, 4);
  d->sha256 = dup_col (stmt, 5);
  d->attached_on = dup_col (stmt, 6);
  return d;
}

GPtrArray *
mamori_contract_list_documents (MamoriStore  *store,
                                gint64        contract_id,
                                GError      **error)
{
  return rows_of (store,
    "SELECT id, uuid, file_name, media_type, size, sha256, attached_on FROM contract_documents "
    "WHERE contract_id = ? ORDER BY attached_on, id", contract_id, document_from_row,
    (GDestroyNotify)mamori_contract_document_free, error);
}

static gboolean
attach (MamoriStore  *store,
        gint64        contract_id,
        const char   *file_name,
        const char   *media_type,
        GBytes       *bytes,
        const char   *sha256,
        GError      **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  g_autoptr(GDateTime) clock = g_date_time_new_now_utc ();
  g_autofree char *now = g_date_time_format_iso8601 (clock);
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);
  sqlite3_stmt *stmt = mamori_store_prepare (store,
    "INSERT INTO document_blobs (sha256, size, bytes) VALUES (?, ?, ?) "
    "ON CONFLICT (sha256) DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, (gint64)size);
  sqlite3_bind_blob64 (stmt, 3, size ? data : "", size, SQLITE_STATIC);
  if (!mamori_store_step_done (store, stmt, error))
    return FALSE;

  stmt = mamori_store_prepare (store, "INSERT INTO contract_documents (uuid, contract_id, "
                                      "file_name, media_type, size, sha256, attached_on) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, contract_id);
  mamori_bind_text (stmt, 3, file_name);
  mamori_bind_text (stmt, 4, media_type && *media_type ? media_type : "application/octet-stream");
  sqlite3_bind_int64 (stmt, 5, (gint64)size);
  mamori_bind_text (stmt, 6, sha256);
  mamori_bind_text (stmt, 7, now);
  return mamori_store_audited_step (store, "contract_documents", uuid, MAMORI_AUDIT_INSERT, stmt,
                                    error);
}

/**
 * mamori_contract_attach:
 * @file_name: the name the file had, shown to people and used when it is opened
 *
 * Stores a document of a contract in the database, with its SHA-256 and size.  Allowed until
 * the contract ends: the signed document usually comes after concluding.
 */
gboolean
mamori_contract_attach (MamoriStore  *store,
                        gint64        contract_id,
                        const char   *file_name,
                        const char   *media_type,
                        GBytes       *bytes,
                        gint64       *out_id,
                        GError      **error)
{
  g_autoptr(MamoriContract) c = mamori_contract_load (store, contract_id, error);
  g_autofree char *sha256 = NULL;
  g_autofree char *base = NULL;
  gboolean ok;

  if (c == NULL)
    return FALSE;
  if (g_strcmp0 (c->status, "ended") == 0)
    return refuse_locked (c, error);
  base = g_path_get_basename (or_empty (file_name));
  if (is_blank (file_name) || !g_utf8_validate (base, -1, NULL) || strlen (base) > 255)
    return invalid (error, _("Document: the file needs a name of at most 255 characters."));
  if (g_bytes_get_size (bytes) > 256 * 1024 * 1024)
    return invalid (error, _("Document: “%s” is larger than 256 MB; attach a smaller copy."),
                    base);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (!mamori_store_begin (store, error))
    return FALSE;
  ok = attach (store, contract_id, base, media_type, bytes, sha256, error);
  if (ok && out_id)
    *out_id = mamori_store_get_last_insert_id (store);
  return finish (store, ok, error);
}

/**
 * mamori_contract_attach_file:
 *
 * Attaches the file @file holds, under its own name and content type.
 */
gboolean
mamori_contract_attach_file (MamoriStore  *store,
                             gint64        contract_id,
                             GFile        *file,
                             gint64       *out_id,
                             GError      **error)
{
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, error);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *mime = NULL;

  if (bytes == NULL)
    return FALSE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, 0, NULL, NULL);
  if (info != NULL && g_file_info_get_content_type (info) != NULL)
    mime = g_content_type_get_mime_type (g_file_info_get_content_type (info));
  return mamori_contract_attach (store, contract_id, name, mime, bytes, out_id, error);
}

/**
 * mamori_contract_verify_documents:
 * @max: how many problems to describe; the rest are counted in one line
 * @problems: (element-type utf8): where to add one sentence per stored document whose bytes
 *   no longer match their SHA-256 or size
 *
 * Reads every stored document again and compares it with the digest it is named by: the
 * audit chain covers the document rows, this covers their bytes.
 *
 * Returns: %FALSE if the documents could not be read (an error, or @cancellable)
 */
gboolean
mamori_contract_verify_documents (MamoriStore   *store,
                                  guint          max,
                                  GPtrArray     *problems,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  sqlite3_stmt *stmt;
  guint found = 0;
  int rc;

  if (mamori_store_query_int (store, "SELECT count (*) FROM sqlite_master "
                                     "WHERE type = 'table' AND name = 'document_blobs'", 0) == 0)
    return TRUE;
  stmt = mamori_store_prepare (store,
    "SELECT b.sha256, b.size, b.bytes, "
    "       (SELECT group_concat (c.number || ' ' || d.file_name, '、') "
    "        FROM contract_documents AS d JOIN contracts AS c ON c.id = d.contract_id "
    "        WHERE d.sha256 = b.sha256) "
    "FROM document_blobs AS b", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sha = mamori_column_text (stmt, 0);
      gsize size = sqlite3_column_bytes (stmt, 2);
      g_autofree char *actual = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, sqlite3_column_blob (stmt, 2),
                                            size);
      if (g_strcmp0 (actual, sha) == 0 && (gint64)size == sqlite3_column_int64 (stmt, 1))
        continue;
      if (found++ < max)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("Contract documents: the stored copy of %s (SHA-256 "
                                            "%.12s…) no longer matches its digest; it was "
                                            "changed outside Mamori."),
                                          sqlite3_column_type (stmt, 3) == SQLITE_NULL
                                          ? _("a document no contract refers to")
                                          : mamori_column_text (stmt, 3), sha));
    }
  sqlite3_reset (stmt);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mamori_store_set_error (store, rc, error);
  if (found > max)
    g_ptr_array_add (problems, g_strdup_printf (_("… and %u more changed documents."),
                                                found - max));
  return TRUE;
}

/**
 * mamori_contract_document_bytes:
 *
 * Returns: (transfer full): the document's bytes, checked against its SHA-256
 */
GBytes *
mamori_contract_document_bytes (MamoriStore  *store,
                                gint64        document_id,
                                GError      **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store,
    "SELECT b.bytes, d.sha256, d.file_name FROM contract_documents AS d "
    "JOIN document_blobs AS b ON b.sha256 = d.sha256 WHERE d.id = ?", error);
  GBytes *bytes = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *name = NULL;
  g_autofree char *actual = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      expected = dup_col (stmt, 1);
      name = dup_col (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (bytes == NULL)
    {
      g_set_error_literal (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_NOT_FOUND,
                           _("The document no longer exists; it may have been removed "
                             "meanwhile."));
      return NULL;
    }
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (actual, expected) != 0)
    {
      g_set_error (error, MAMORI_CONTRACT_ERROR, MAMORI_CONTRACT_ERROR_INVALID,
                   _("The stored copy of “%s” no longer matches its SHA-256: it was changed "
                     "outside Mamori."), name);
      g_bytes_unref (bytes);
      return NULL;
    }
  return bytes;
}

/**
 * mamori_contract_detach:
 *
 * Removes a document from a contract that has not ended.  The bytes stay while another
 * document row (of any contract) names them; the last one takes them along.
 */
gboolean
mamori_contract_detach (MamoriStore  *store,
                        gint64        document_id,
                        GError      **error)
{
  gboolean ok;

  if (!mamori_store_begin (store, error))
    return FALSE;
  ok = delete_row (store, "contract_documents", document_id, TRUE, error) &&
       mamori_store_exec (store, "DELETE FROM document_blobs WHERE sha256 NOT IN "
                                 "(SELECT sha256 FROM contract_documents)", error);
  return finish (store, ok, error);
}
