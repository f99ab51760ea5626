/* mamori-asset.c — one record of the asset inventory (情報資産目録)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-asset.h"
#include "mamori-era.h"
#include "mamori-text.h"

#include <glib/gi18n.h>

const char *const mamori_asset_kinds[] = {
  "electronic", "paper", "medium", "equipment", "software", "design-doc", "other", NULL,
};

void
mamori_asset_record_clear (MamoriAssetRecord *r)
{
  g_clear_pointer (&r->uuid, g_free);
  g_clear_pointer (&r->code, g_free);
  g_clear_pointer (&r->name, g_free);
  g_clear_pointer (&r->description, g_free);
  g_clear_pointer (&r->kind, g_free);
  g_clear_pointer (&r->class_code, g_free);
  g_clear_pointer (&r->criteria, g_free);
  g_clear_pointer (&r->cia_note, g_free);
  g_clear_pointer (&r->medium, g_free);
  g_clear_pointer (&r->storage_place, g_free);
  g_clear_pointer (&r->marking, g_free);
  g_clear_pointer (&r->last_backup_on, g_free);
  g_clear_pointer (&r->status, g_free);
  g_clear_pointer (&r->registered_on, g_free);
}

static void
bind_tristate (sqlite3_stmt   *stmt,
               int             index,
               MamoriTristate  value)
{
  if (value == MAMORI_UNKNOWN)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int (stmt, index, value == MAMORI_YES);
}

static void
bind_id (sqlite3_stmt *stmt,
         int           index,
         gint64        id)
{
  if (id == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, id);
}

/**
 * mamori_asset_insert:
 *
 * Adds an asset and records it in the audit log.  Runs inside the caller's transaction, so
 * that an import of a whole ledger is one.
 */
gboolean
mamori_asset_insert (MamoriStore              *store,
                     const MamoriAssetRecord  *r,
                     gint64                   *out_id,
                     GError                  **error)
{
  g_autofree char *uuid = r->uuid ? g_strdup (r->uuid) : mamori_store_new_uuid (store);
  g_autofree char *today = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *search = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  joined = g_strjoin (" ", r->code, r->name, r->description ? r->description : "", NULL);
  search = mamori_text_fold (joined);
  if (r->registered_on == NULL)
    today = mamori_date_today_iso ();

  stmt = mamori_store_prepare (store,
    "INSERT INTO assets (uuid, code, name, description, kind, owner_section_id, "
    "holding_section_id, original_id, class_code, criteria, cia_note, medium, storage_place, "
    "lockable, finalised, write_protected, marking, backup_cycle_days, last_backup_on, status, "
    "registered_on, search_text) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  mamori_bind_text (stmt, 1, uuid);
  mamori_bind_text (stmt, 2, r->code);
  mamori_bind_text (stmt, 3, r->name);
  mamori_bind_text (stmt, 4, r->description ? r->description : "");
  mamori_bind_text (stmt, 5, r->kind);
  bind_id (stmt, 6, r->owner_section_id);
  bind_id (stmt, 7, r->holding_section_id);
  bind_id (stmt, 8, r->original_id);
  mamori_bind_text (stmt, 9, r->class_code);
  mamori_bind_text (stmt, 10, r->criteria ? r->criteria : "");
  mamori_bind_text (stmt, 11, r->cia_note ? r->cia_note : "");
  mamori_bind_text (stmt, 12, r->medium ? r->medium : "");
  mamori_bind_text (stmt, 13, r->storage_place ? r->storage_place : "");
  bind_tristate (stmt, 14, r->lockable);
  bind_tristate (stmt, 15, r->finalised);
  bind_tristate (stmt, 16, r->write_protected);
  mamori_bind_text (stmt, 17, r->marking ? r->marking : "");
  if (r->backup_cycle_days > 0)
    sqlite3_bind_int (stmt, 18, r->backup_cycle_days);
  mamori_bind_text (stmt, 19, r->last_backup_on);
  mamori_bind_text (stmt, 20, r->status ? r->status : "active");
  mamori_bind_text (stmt, 21, r->registered_on ? r->registered_on : today);
  mamori_bind_text (stmt, 22, search);

  if (!mamori_store_audited_step (store, "assets", uuid, MAMORI_AUDIT_INSERT, stmt, error))
    return FALSE;
  if (out_id)
    *out_id = mamori_store_get_last_insert_id (store);
  return TRUE;
}
