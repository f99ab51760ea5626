/* mamori-area-keys.c — the lending register of the keys and cards of managed areas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 鍵・入館証 貸出簿 of the practice notes (§2.4, §8.4): a key or authentication card of an
 * area is lent to someone with someone's approval and comes back once.  Whether a loan not
 * returned in time is a defect, and under which article, is the loaded standard's
 * (<rule code="area-key-return">); a standard without that rule does not check it.
 */

#include "config.h"

#include "mamori-area-keys.h"
#include "mamori-area.h"
#include "mamori-area-private.h"
#include "mamori-reconcile.h"
#include "mamori-text.h"

#include <glib/gi18n.h>
#include <string.h>

/* When a loan is due back: its due time, else the end of the day it was lent. */
#define KEY_DEADLINE "coalesce (k.due_at, substr (k.lent_at, 1, 10) || 'T23:59')"
/* A loan not returned by its deadline (?1 is now), or returned after it. */
#define KEY_OVERDUE "(coalesce (k.returned_at, ?1) > " KEY_DEADLINE ")"

#define KEY_SELECT \
  "SELECT k.id, k.uuid, k.area_id, k.key_number, k.person_id, k.name, k.approver_id, " \
  "k.lent_at, k.due_at, k.returned_at, k.note, " \
  "(SELECT name FROM people WHERE id = k.approver_id), " KEY_OVERDUE " FROM area_key_loans AS k "

MamoriAreaKeyLoan *
mamori_area_key_loan_new (void)
{
  return g_new0 (MamoriAreaKeyLoan, 1);
}

void
mamori_area_key_loan_free (MamoriAreaKeyLoan *k)
{
  if (k == NULL)
    return;
  g_free (k->uuid);
  g_free (k->key_number);
  g_free (k->name);
  g_free (k->lent_at);
  g_free (k->due_at);
  g_free (k->returned_at);
  g_free (k->note);
  g_free (k->approver_name);
  g_free (k);
}

/* Now, to the minute, unless @now is given. */
static char *
now_or (const char *now)
{
  g_autoptr(GDateTime) t = NULL;

  if (now != NULL)
    return g_strdup (now);
  t = g_date_time_new_now_local ();
  return g_date_time_format (t, "%Y-%m-%dT%H:%M");
}

static gboolean
is_time (const char *value)
{
  g_autofree char *parsed = value ? mamori_area_time_parse (value) : NULL;

  return parsed != NULL && strcmp (parsed, value) == 0;
}

static gboolean
check_loan_time (const char  *value,
                 const char  *label,
                 GError     **error)
{
  if (!is_time (value))
    return mamori_area_refuse (error, _("%s “%s” is not a time (write it as 2026-04-01T09:30)."), label,
                   value ? value : "");
  return TRUE;
}

static char *
person_name (MamoriStore *store,
             gint64       id)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT name FROM people WHERE id = ?", NULL);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return name;
}

static gboolean
rule_enabled (MamoriStore *store)
{
  g_autofree char *ref = mamori_reconcile_rule_ref (store, MAMORI_AREA_KEY_RULE);

  return ref != NULL;
}

static MamoriAreaKeyLoan *
loan_from_row (sqlite3_stmt *stmt,
               gboolean      checked)
{
  MamoriAreaKeyLoan *k = mamori_area_key_loan_new ();

  k->id = sqlite3_column_int64 (stmt, 0);
  k->uuid = g_strdup (mamori_column_text (stmt, 1));
  k->area_id = sqlite3_column_int64 (stmt, 2);
  k->key_number = g_strdup (mamori_column_text (stmt, 3));
  k->person_id = sqlite3_column_int64 (stmt, 4);
  k->name = g_strdup (mamori_column_text (stmt, 5));
  k->approver_id = sqlite3_column_int64 (stmt, 6);
  k->lent_at = g_strdup (mamori_column_text (stmt, 7));
  if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
    k->due_at = g_strdup (mamori_column_text (stmt, 8));
  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    k->returned_at = g_strdup (mamori_column_text (stmt, 9));
  k->note = g_strdup (mamori_column_text (stmt, 10));
  k->approver_name = g_strdup (mamori_column_text (stmt, 11));
  k->overdue = checked && sqlite3_column_int (stmt, 12) != 0;
  return k;
}

/* The open loan of key @key_number of @area_id, or NULL. */
static MamoriAreaKeyLoan *
open_loan (MamoriStore *store,
           gint64       area_id,
           const char  *key_number)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, KEY_SELECT "WHERE k.area_id = ?2 AND "
                                             "k.key_number = ?3 AND k.returned_at IS NULL", NULL);
  MamoriAreaKeyLoan *k = NULL;

  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, "");
  sqlite3_bind_int64 (stmt, 2, area_id);
  mamori_bind_text (stmt, 3, key_number);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    k = loan_from_row (stmt, FALSE);
  sqlite3_reset (stmt);
  return k;
}

static gboolean
validate_loan (MamoriStore             *store,
               const MamoriAreaKeyLoan *k,
               GError                 **error)
{
  g_autoptr(MamoriAreaKeyLoan) out = NULL;

  if (!mamori_store_row_exists (store, "SELECT 1 FROM areas WHERE id = ?", k->area_id))
    {
      g_set_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_NOT_FOUND,
                   _("The managed area no longer exists; it may have been deleted meanwhile."));
      return FALSE;
    }
  if (k->key_number == NULL || mamori_text_is_blank (k->key_number))
    return mamori_area_refuse (error, _("The key or card number is required."));
  if (g_utf8_strlen (k->key_number, -1) > 64)
    return mamori_area_refuse (error, _("The key or card number is too long: at most 64 characters."));
  if ((k->name == NULL || mamori_text_is_blank (k->name)) && k->person_id == 0)
    return mamori_area_refuse (error, _("The borrower is required."));
  if (k->name != NULL && g_utf8_strlen (k->name, -1) > 100)
    return mamori_area_refuse (error, _("The borrower's name is too long: at most 100 characters."));
  if (k->person_id != 0 &&
      !mamori_store_row_exists (store, "SELECT 1 FROM people WHERE id = ?", k->person_id))
    return mamori_area_refuse (error, _("The borrower is not a person of the register."));
  if (k->approver_id == 0)
    return mamori_area_refuse (error, _("The approver is required: who approved the loan."));
  if (!mamori_store_row_exists (store, "SELECT 1 FROM people WHERE id = ?", k->approver_id))
    return mamori_area_refuse (error, _("The approver is not a person of the register."));
  if (!check_loan_time (k->lent_at, _("The time lent"), error))
    return FALSE;
  if (k->due_at != NULL && *k->due_at != '\0')
    {
      if (!check_loan_time (k->due_at, _("The time due back"), error))
        return FALSE;
      if (strcmp (k->due_at, k->lent_at) < 0)
        return mamori_area_refuse (error, _("The time due back comes before the time lent."));
    }
  out = open_loan (store, k->area_id, k->key_number);
  if (out != NULL)
    {
      g_autofree char *since = mamori_area_time_display (out->lent_at);

      return mamori_area_refuse (error, _("The key or card number: %s is already lent to %s since %s and not "
                              "returned."), k->key_number, out->name, since);
    }
  return TRUE;
}

static gint64
only_person_named (MamoriStore *store,
                   const char  *name)
{
  g_autofree char *trimmed = mamori_text_strip_dup (name);
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT min (id), count(*) FROM people "
                                             "WHERE name = ?", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  mamori_bind_text (stmt, 1, trimmed);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) == 1)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/**
 * mamori_area_key_lend:
 *
 * Records the loan of a key or card of an area; refused, naming the field, if it is already
 * out.  A borrower given by name alone is linked to the person of the register of that name,
 * if there is exactly one.  In the caller's transaction; audited.
 */
gboolean
mamori_area_key_lend (MamoriStore              *store,
                      const MamoriAreaKeyLoan  *loan,
                      gint64                   *out_id,
                      GError                  **error)
{
  g_autofree char *uuid = loan->uuid ? g_strdup (loan->uuid) : mamori_store_new_uuid (store);
  g_autofree char *staff_name = NULL;
  MamoriAreaKeyLoan k = *loan;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  if ((k.name == NULL || mamori_text_is_blank (k.name)) && k.person_id != 0)
    k.name = staff_name = person_name (store, k.person_id);
  /* A name typed as the register has it, and had by one person only, is that person. */
  if (k.person_id == 0 && k.name != NULL && !mamori_text_is_blank (k.name))
    k.person_id = only_person_named (store, k.name);
  if (!validate_loan (store, &k, error))
    return FALSE;

  stmt = mamori_store_prepare (store,
                               "INSERT INTO area_key_loans (uuid, area_id, key_number, person_id, "
                               "name, approver_id, lent_at, due_at, note) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, k.area_id);
  mamori_bind_text (stmt, 3, k.key_number);
  if (k.person_id != 0)
    sqlite3_bind_int64 (stmt, 4, k.person_id);
  else
    sqlite3_bind_null (stmt, 4);
  mamori_bind_text (stmt, 5, k.name);
  sqlite3_bind_int64 (stmt, 6, k.approver_id);
  mamori_bind_text (stmt, 7, k.lent_at);
  mamori_bind_text (stmt, 8, k.due_at && *k.due_at ? k.due_at : NULL);
  mamori_bind_text (stmt, 9, k.note ? k.note : "");
  if (!mamori_store_audited_step (store, "area_key_loans", uuid, MAMORI_AUDIT_INSERT, stmt, error))
    return FALSE;
  if (out_id)
    *out_id = mamori_store_get_last_insert_id (store);
  return TRUE;
}

/**
 * mamori_area_key_return:
 * @at: (nullable): when it came back (2026-04-01T17:05); %NULL: now, to the minute
 * @returned_at: (out) (optional) (transfer full): the time recorded
 *
 * Records the return of a lent key or card, once: refused, naming the field, if it is
 * already returned or the time is before the loan.  In the caller's transaction; audited.
 */
gboolean
mamori_area_key_return (MamoriStore  *store,
                        gint64        id,
                        const char   *at,
                        char        **returned_at,
                        GError      **error)
{
  g_autoptr(MamoriAreaKeyLoan) k = mamori_area_key_load (store, id, NULL, error);
  g_autofree char *when = now_or (at);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  if (k == NULL)
    return FALSE;
  if (k->returned_at != NULL)
    {
      g_autofree char *shown = mamori_area_time_display (k->returned_at);

      return mamori_area_refuse (error, _("Returned at: the key or card %s was already returned (%s)."),
                     k->key_number, shown);
    }
  if (!check_loan_time (when, _("Returned at"), error))
    return FALSE;
  if (strcmp (when, k->lent_at) < 0)
    {
      g_autofree char *lent = mamori_area_time_display (k->lent_at);

      return mamori_area_refuse (error, _("Returned at: the return comes before the loan (%s)."), lent);
    }
  stmt = mamori_store_prepare (store, "UPDATE area_key_loans SET returned_at = ? WHERE uuid = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, when);
  mamori_bind_text (stmt, 2, k->uuid);
  if (!mamori_store_audited_step (store, "area_key_loans", k->uuid, MAMORI_AUDIT_UPDATE, stmt,
                                  error))
    return FALSE;
  if (returned_at)
    *returned_at = g_steal_pointer (&when);
  return TRUE;
}

/**
 * mamori_area_key_load:
 * @now: (nullable): the time its lateness is judged at; %NULL: now
 *
 * Returns: (transfer full): loan @id, or %NULL with @error set
 */
MamoriAreaKeyLoan *
mamori_area_key_load (MamoriStore  *store,
                      gint64        id,
                      const char   *now,
                      GError      **error)
{
  g_autofree char *at = now_or (now);
  sqlite3_stmt *stmt = mamori_store_prepare (store, KEY_SELECT "WHERE k.id = ?2", error);
  MamoriAreaKeyLoan *k = NULL;

  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, at);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    k = loan_from_row (stmt, rule_enabled (store));
  sqlite3_reset (stmt);
  if (k == NULL)
    g_set_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_NOT_FOUND,
                 _("The key loan no longer exists; it may have been deleted meanwhile."));
  return k;
}

/**
 * mamori_area_key_loans:
 * @now: (nullable): the time lateness is judged at; %NULL: now
 *
 * Returns: (transfer full) (element-type MamoriAreaKeyLoan): an area's loans, those not
 *   returned first, then the latest first
 */
GPtrArray *
mamori_area_key_loans (MamoriStore  *store,
                       gint64        area_id,
                       const char   *now,
                       GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_area_key_loan_free);
  g_autofree char *at = now_or (now);
  gboolean checked = rule_enabled (store);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store, KEY_SELECT "WHERE k.area_id = ?2 "
                               "ORDER BY k.returned_at IS NULL DESC, k.lent_at DESC, k.id DESC",
                               error);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, at);
  sqlite3_bind_int64 (stmt, 2, area_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, loan_from_row (stmt, checked));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * mamori_area_key_overdue_count:
 * @area_id: one area, or 0 for all
 * @from: (nullable): first day lent, inclusive
 * @to: (nullable): last day lent, inclusive
 * @now: (nullable): the time lateness is judged at; %NULL: now
 *
 * Returns: the loans of the period not returned in time (0 if the standard does not check
 *   it), or -1 with @error set
 */
gint64
mamori_area_key_overdue_count (MamoriStore  *store,
                               gint64        area_id,
                               const char   *from,
                               const char   *to,
                               const char   *now,
                               GError      **error)
{
  g_autofree char *at = now_or (now);
  sqlite3_stmt *stmt;
  gint64 count;

  if (!rule_enabled (store))
    return 0;
  stmt = mamori_store_prepare (store, "SELECT count(*) FROM area_key_loans AS k WHERE "
                               KEY_OVERDUE " AND (?2 = 0 OR k.area_id = ?2) "
                               "AND k.lent_at >= coalesce (?3, '') "
                               "AND k.lent_at <= coalesce (?4, '9999') || 'T99'", error);
  if (stmt == NULL)
    return -1;
  mamori_bind_text (stmt, 1, at);
  sqlite3_bind_int64 (stmt, 2, area_id);
  mamori_bind_text (stmt, 3, from);
  mamori_bind_text (stmt, 4, to);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      mamori_store_set_error (store, sqlite3_reset (stmt), error);
      return -1;
    }
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/**
 * mamori_area_key_find_open:
 *
 * Returns: the loan of key @key_number of @area_id not yet returned, or 0
 */
gint64
mamori_area_key_find_open (MamoriStore *store,
                           gint64       area_id,
                           const char  *key_number)
{
  g_autoptr(MamoriAreaKeyLoan) k = open_loan (store, area_id, key_number);

  return k ? k->id : 0;
}

/**
 * mamori_area_key_find_person:
 *
 * Returns: the person of the register with staff number or name @code_or_name, or 0
 */
gint64
mamori_area_key_find_person (MamoriStore *store,
                             const char  *code_or_name)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT id FROM people WHERE staff_no = ?1 "
                                             "UNION ALL SELECT id FROM people WHERE name = ?1 "
                                             "LIMIT 1", NULL);
  gint64 id = 0;

  if (stmt == NULL || code_or_name == NULL)
    return 0;
  mamori_bind_text (stmt, 1, code_or_name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}
