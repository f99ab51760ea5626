/* mamori-asset-registers.c — take-outs, disposal and access rights of an asset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happened to an asset is recorded as it happened, even when it broke a rule: a take-out
 * without approval is entered and then flagged by the checks, not refused.  A disposal is
 * entered once and makes the asset read-only.  Everything runs inside the caller's transaction
 * and lands in the audit log.
 */

#include "config.h"

#include "mamori-asset.h"
#include "mamori-era.h"
#include "mamori-rules.h"
#include "mamori-text.h"

#include <glib/gi18n.h>
#include <string.h>

void
mamori_takeout_free (MamoriTakeout *t)
{
  if (t == NULL)
    return;
  g_free (t->uuid);
  g_free (t->kind);
  g_free (t->purpose);
  g_free (t->method);
  g_free (t->handling);
  g_free (t->destination);
  g_free (t->requested_by);
  g_free (t->approver_name);
  g_free (t->approved_on);
  g_free (t->out_on);
  g_free (t->returned_on);
  g_free (t->note);
  g_free (t);
}

void
mamori_disposal_free (MamoriDisposal *d)
{
  if (d == NULL)
    return;
  g_free (d->uuid);
  g_free (d->approver_name);
  g_free (d->approved_on);
  g_free (d->erasure_method);
  g_free (d->disposed_on);
  g_free (d->witness_name);
  g_free (d->note);
  g_free (d);
}

void
mamori_access_free (MamoriAccess *a)
{
  if (a == NULL)
    return;
  g_free (a->uuid);
  g_free (a->person_name);
  g_free (a->description);
  g_free (a);
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
valid_date (const char *date)
{
  return date != NULL && mamori_date_parse_iso (date, NULL, NULL, NULL);
}

static gboolean
optional_date (const char *date)
{
  return date == NULL || *date == '\0' || valid_date (date);
}

static const char *
nonempty (const char *s)
{
  return s && *s ? s : NULL;
}

static void
bind_person (sqlite3_stmt *stmt,
             int           index,
             gint64        person_id)
{
  if (person_id)
    sqlite3_bind_int64 (stmt, index, person_id);
  else
    sqlite3_bind_null (stmt, index);
}

/* Refuses to add to the registers of an asset that was disposed of. */
static gboolean
asset_writable (MamoriStore  *store,
                gint64        asset_id,
                GError      **error)
{
  g_autoptr(MamoriAssetRecord) r = mamori_asset_load (store, asset_id, error);

  if (r == NULL)
    return FALSE;
  if (g_strcmp0 (r->status, "disposed") == 0)
    {
      g_set_error (error, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_DISPOSED,
                   _("“%s” was disposed of: its record is kept as it was and cannot be "
                     "changed."), r->code);
      return FALSE;
    }
  return TRUE;
}

static gboolean
refresh (MamoriStore  *store,
         gint64        asset_id,
         GError      **error)
{
  return mamori_store_get_bulk (store) || mamori_rules_refresh (store, asset_id, error);
}

/* Take-outs and transmissions ----------------------------------------------------------------- */

/**
 * mamori_asset_list_takeouts:
 *
 * Returns: (transfer full) (element-type MamoriTakeout): the asset's take-outs and
 *   transmissions, newest first
 */
GPtrArray *
mamori_asset_list_takeouts (MamoriStore  *store,
                            gint64        asset_id,
                            GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_takeout_free);
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
    "SELECT t.id, t.uuid, t.kind, t.purpose, t.method, t.handling, t.destination, "
    "t.requested_by, t.approver_id, p.name, t.approved_on, t.out_on, t.returned_on, t.note "
    "FROM asset_takeouts AS t LEFT JOIN people AS p ON p.id = t.approver_id "
    "WHERE t.asset_id = ? ORDER BY t.out_on DESC, t.id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, asset_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MamoriTakeout *t = g_new0 (MamoriTakeout, 1);

      t->id = sqlite3_column_int64 (stmt, 0);
      t->uuid = g_strdup (mamori_column_text (stmt, 1));
      t->kind = g_strdup (mamori_column_text (stmt, 2));
      t->purpose = g_strdup (mamori_column_text (stmt, 3));
      t->method = g_strdup (mamori_column_text (stmt, 4));
      t->handling = g_strdup (mamori_column_text (stmt, 5));
      t->destination = g_strdup (mamori_column_text (stmt, 6));
      t->requested_by = g_strdup (mamori_column_text (stmt, 7));
      t->approver_id = sqlite3_column_int64 (stmt, 8);
      t->approver_name = g_strdup (mamori_column_text (stmt, 9));
      t->approved_on = g_strdup (mamori_column_text (stmt, 10));
      t->out_on = g_strdup (mamori_column_text (stmt, 11));
      t->returned_on = g_strdup (mamori_column_text (stmt, 12));
      t->note = g_strdup (mamori_column_text (stmt, 13));
      g_ptr_array_add (list, t);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

/**
 * mamori_asset_add_takeout:
 *
 * Records that an asset was taken out of its section or transmitted: purpose, method and
 * handling, who approved it and when (or that nobody did), the dates.
 */
gboolean
mamori_asset_add_takeout (MamoriStore          *store,
                          gint64                asset_id,
                          const MamoriTakeout  *t,
                          GError              **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  if (g_strcmp0 (t->kind, "take-out") != 0 && g_strcmp0 (t->kind, "transmission") != 0)
    return invalid (error, _("Say whether the asset was taken out or transmitted."));
  if (mamori_text_is_blank (t->purpose))
    return invalid (error, _("Record the purpose of the take-out or transmission."));
  if (!valid_date (t->out_on))
    return invalid (error, _("Record the date it was taken out or sent (as 2026-04-01)."));
  if (!optional_date (t->returned_on) ||
      (nonempty (t->returned_on) && strcmp (t->returned_on, t->out_on) < 0))
    return invalid (error, _("The return date must be a date on or after the take-out."));
  if ((t->approver_id != 0) != (nonempty (t->approved_on) != NULL) ||
      !optional_date (t->approved_on))
    return invalid (error, _("An approval names both the approver and the date of approval."));
  if (!asset_writable (store, asset_id, error))
    return FALSE;

  stmt = mamori_store_prepare (store,
    "INSERT INTO asset_takeouts (uuid, asset_id, kind, purpose, method, handling, destination, "
    "requested_by, approver_id, approved_on, out_on, returned_on, note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, asset_id);
  mamori_bind_text (stmt, 3, t->kind);
  mamori_bind_text (stmt, 4, t->purpose);
  mamori_bind_text (stmt, 5, t->method ? t->method : "");
  mamori_bind_text (stmt, 6, t->handling ? t->handling : "");
  mamori_bind_text (stmt, 7, t->destination ? t->destination : "");
  mamori_bind_text (stmt, 8, t->requested_by ? t->requested_by : "");
  bind_person (stmt, 9, t->approver_id);
  mamori_bind_text (stmt, 10, nonempty (t->approved_on));
  mamori_bind_text (stmt, 11, t->out_on);
  mamori_bind_text (stmt, 12, nonempty (t->returned_on));
  mamori_bind_text (stmt, 13, t->note ? t->note : "");
  if (!mamori_store_audited_step (store, "asset_takeouts", uuid, MAMORI_AUDIT_INSERT, stmt, error))
    return FALSE;
  return refresh (store, asset_id, error);
}

/**
 * mamori_asset_return_takeout:
 *
 * Records the day an asset taken out came back.
 */
gboolean
mamori_asset_return_takeout (MamoriStore  *store,
                             gint64        takeout_id,
                             const char   *returned_on,
                             GError      **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *out_on = NULL;
  sqlite3_stmt *stmt;
  gint64 asset_id = 0;

  stmt = mamori_store_prepare (store, "SELECT uuid, out_on, asset_id FROM asset_takeouts "
                                      "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, takeout_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      uuid = g_strdup (mamori_column_text (stmt, 0));
      out_on = g_strdup (mamori_column_text (stmt, 1));
      asset_id = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (uuid == NULL)
    return invalid (error, _("The take-out no longer exists."));
  if (!valid_date (returned_on) || strcmp (returned_on, out_on) < 0)
    return invalid (error, _("The return date must be a date on or after the take-out."));
  if (!asset_writable (store, asset_id, error))
    return FALSE;

  stmt = mamori_store_prepare (store, "UPDATE asset_takeouts SET returned_on = ? WHERE uuid = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, returned_on);
  mamori_bind_text (stmt, 2, uuid);
  return mamori_store_audited_step (store, "asset_takeouts", uuid, MAMORI_AUDIT_UPDATE, stmt,
                                    error);
}

/* Disposal ------------------------------------------------------------------------------------ */

/**
 * mamori_asset_get_disposal:
 *
 * Returns: (transfer full) (nullable): the asset's disposal, or %NULL (without error) if it
 *   was not disposed of
 */
MamoriDisposal *
mamori_asset_get_disposal (MamoriStore  *store,
                           gint64        asset_id,
                           GError      **error)
{
  MamoriDisposal *d = NULL;
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
    "SELECT d.id, d.uuid, d.approver_id, a.name, d.approved_on, d.erasure_method, "
    "d.disposed_on, d.witness_id, w.name, d.note FROM asset_disposals AS d "
    "LEFT JOIN people AS a ON a.id = d.approver_id LEFT JOIN people AS w ON w.id = d.witness_id "
    "WHERE d.asset_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, asset_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      d = g_new0 (MamoriDisposal, 1);
      d->id = sqlite3_column_int64 (stmt, 0);
      d->uuid = g_strdup (mamori_column_text (stmt, 1));
      d->approver_id = sqlite3_column_int64 (stmt, 2);
      d->approver_name = g_strdup (mamori_column_text (stmt, 3));
      d->approved_on = g_strdup (mamori_column_text (stmt, 4));
      d->erasure_method = g_strdup (mamori_column_text (stmt, 5));
      d->disposed_on = g_strdup (mamori_column_text (stmt, 6));
      d->witness_id = sqlite3_column_int64 (stmt, 7);
      d->witness_name = g_strdup (mamori_column_text (stmt, 8));
      d->note = g_strdup (mamori_column_text (stmt, 9));
    }
  sqlite3_reset (stmt);
  return d;
}

/**
 * mamori_asset_dispose:
 *
 * Records the disposal of an asset — approval, erasure method, date, witness — and marks it
 * disposed, after which it is read-only.
 */
gboolean
mamori_asset_dispose (MamoriStore           *store,
                      gint64                 asset_id,
                      const MamoriDisposal  *d,
                      GError               **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  g_autoptr(MamoriAssetRecord) r = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  if (!valid_date (d->disposed_on))
    return invalid (error, _("Record the date of the disposal (as 2026-04-01)."));
  if ((d->approver_id != 0) != (nonempty (d->approved_on) != NULL) ||
      !optional_date (d->approved_on))
    return invalid (error, _("An approval names both the approver and the date of approval."));
  if (!asset_writable (store, asset_id, error))
    return FALSE;
  r = mamori_asset_load (store, asset_id, error);
  if (r == NULL)
    return FALSE;

  stmt = mamori_store_prepare (store,
    "INSERT INTO asset_disposals (uuid, asset_id, approver_id, approved_on, erasure_method, "
    "disposed_on, witness_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, asset_id);
  bind_person (stmt, 3, d->approver_id);
  mamori_bind_text (stmt, 4, nonempty (d->approved_on));
  mamori_bind_text (stmt, 5, d->erasure_method ? d->erasure_method : "");
  mamori_bind_text (stmt, 6, d->disposed_on);
  bind_person (stmt, 7, d->witness_id);
  mamori_bind_text (stmt, 8, d->note ? d->note : "");
  if (!mamori_store_audited_step (store, "asset_disposals", uuid, MAMORI_AUDIT_INSERT, stmt,
                                  error))
    return FALSE;

  stmt = mamori_store_prepare (store, "UPDATE assets SET status = 'disposed' WHERE uuid = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, r->uuid);
  if (!mamori_store_audited_step (store, "assets", r->uuid, MAMORI_AUDIT_UPDATE, stmt, error))
    return FALSE;
  return refresh (store, asset_id, error);
}

/* Access rights ------------------------------------------------------------------------------ */

/**
 * mamori_asset_list_access:
 *
 * Returns: (transfer full) (element-type MamoriAccess): who may access the asset
 */
GPtrArray *
mamori_asset_list_access (MamoriStore  *store,
                          gint64        asset_id,
                          GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_access_free);
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
                               "SELECT x.id, x.uuid, x.person_id, p.name, x.description "
                               "FROM asset_access AS x LEFT JOIN people AS p ON p.id = x.person_id "
                               "WHERE x.asset_id = ? ORDER BY p.kana, x.description", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, asset_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MamoriAccess *a = g_new0 (MamoriAccess, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->uuid = g_strdup (mamori_column_text (stmt, 1));
      a->person_id = sqlite3_column_int64 (stmt, 2);
      a->person_name = g_strdup (mamori_column_text (stmt, 3));
      a->description = g_strdup (mamori_column_text (stmt, 4));
      g_ptr_array_add (list, a);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

/**
 * mamori_asset_add_access:
 * @person_id: a person of the register, or 0
 * @description: (nullable): a group in words, when @person_id is 0
 *
 * Grants a person, or a group described in words, the right to access an asset.
 */
gboolean
mamori_asset_add_access (MamoriStore  *store,
                         gint64        asset_id,
                         gint64        person_id,
                         const char   *description,
                         GError      **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  sqlite3_stmt *stmt;

  if (person_id == 0 && mamori_text_is_blank (description))
    return invalid (error, _("Name a person, or describe who may access the asset."));
  if (person_id != 0)
    {
      sqlite3_stmt *check = mamori_store_prepare (store, "SELECT 1 FROM people WHERE id = ?",
                                                  error);
      gboolean exists;

      if (check == NULL)
        return FALSE;
      sqlite3_bind_int64 (check, 1, person_id);
      exists = sqlite3_step (check) == SQLITE_ROW;
      sqlite3_reset (check);
      if (!exists)
        return invalid (error, _("The person is not in the register."));
    }
  if (!asset_writable (store, asset_id, error))
    return FALSE;

  stmt = mamori_store_prepare (store, "INSERT INTO asset_access (uuid, asset_id, person_id, "
                                      "description) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, asset_id);
  bind_person (stmt, 3, person_id);
  mamori_bind_text (stmt, 4, description ? description : "");
  if (!mamori_store_audited_step (store, "asset_access", uuid, MAMORI_AUDIT_INSERT, stmt, error))
    {
      if (error != NULL && g_error_matches (*error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          return invalid (error, _("This person already has access to the asset."));
        }
      return FALSE;
    }
  return TRUE;
}

gboolean
mamori_asset_remove_access (MamoriStore  *store,
                            gint64        access_id,
                            GError      **error)
{
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;
  gint64 asset_id = 0;

  stmt = mamori_store_prepare (store, "SELECT uuid, asset_id FROM asset_access WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, access_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      uuid = g_strdup (mamori_column_text (stmt, 0));
      asset_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (uuid == NULL)
    return invalid (error, _("The access right no longer exists."));
  if (!asset_writable (store, asset_id, error))
    return FALSE;

  stmt = mamori_store_prepare (store, "DELETE FROM asset_access WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  return mamori_store_audited_step (store, "asset_access", uuid, MAMORI_AUDIT_DELETE, stmt, error);
}
