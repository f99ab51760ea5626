/* mamori-import-mappings.c — the column mappings kept for the next import of a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One audited table (import_mappings) keeps the mappings of every kind of file Mamori imports
 * — the inventory's ledgers, the card readers' exports of the entry log — by kind and name.
 * What a mapping says is the importer's business: here it is JSON text, saved, read, listed
 * and deleted.
 */

#include "config.h"

#include "mamori-import-mappings.h"
#include "mamori-inventory-io.h"
#include "mamori-text.h"

#include <glib/gi18n.h>

static gboolean
check_mapping_name (const char  *name,
                    GError     **error)
{
  if (mamori_text_is_blank (name) || !g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) > 200)
    {
      g_set_error_literal (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING,
                           _("A column mapping needs a name of 1 to 200 characters."));
      return FALSE;
    }
  return TRUE;
}

static char *
mapping_uuid (MamoriStore *store,
              const char  *kind,
              const char  *name)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT uuid FROM import_mappings WHERE "
                                                    "kind = ? AND name = ?", NULL);
  char *uuid = NULL;

  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, kind);
  mamori_bind_text (stmt, 2, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return uuid;
}

static void
set_not_found (GError     **error,
               const char  *name)
{
  g_set_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_NOT_FOUND,
               _("No column mapping called “%s” has been saved."), name);
}

/**
 * mamori_import_mapping_save_json:
 * @kind: MAMORI_IMPORT_MAPPING_INVENTORY or MAMORI_IMPORT_MAPPING_ENTRY_LOG
 * @name: how the user calls it ("税務課の台帳", "サーバ室のカードリーダー")
 *
 * Keeps a mapping for the next import, replacing one of the same kind and name.  Recorded in
 * the audit log.
 */
gboolean
mamori_import_mapping_save_json (MamoriStore  *store,
                                 const char   *kind,
                                 const char   *name,
                                 const char   *json,
                                 GError      **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;
  gboolean exists;

  if (!check_mapping_name (name, error))
    return FALSE;
  trimmed = mamori_text_strip_dup (name);
  if (!mamori_store_begin (store, error))
    return FALSE;

  uuid = mapping_uuid (store, kind, trimmed);
  exists = uuid != NULL;
  if (!exists)
    uuid = mamori_store_new_uuid (store);
  stmt = mamori_store_prepare (store, exists
                               ? "UPDATE import_mappings SET mapping = ?2 WHERE uuid = ?1"
                               : "INSERT INTO import_mappings (uuid, kind, name, mapping) "
                                 "VALUES (?1, ?4, ?3, ?2)", error);
  if (stmt == NULL)
    goto fail;
  mamori_bind_text (stmt, 1, uuid);
  mamori_bind_text (stmt, 2, json);
  if (!exists)
    {
      mamori_bind_text (stmt, 3, trimmed);
      mamori_bind_text (stmt, 4, kind);
    }
  if (!mamori_store_audited_step (store, "import_mappings", uuid,
                                  exists ? MAMORI_AUDIT_UPDATE : MAMORI_AUDIT_INSERT, stmt, error))
    goto fail;
  return mamori_store_commit (store, error);

fail:
  mamori_store_rollback (store);
  return FALSE;
}

/**
 * mamori_import_mapping_load_json:
 *
 * Returns: (transfer full) (nullable): the JSON of the mapping saved as @name, or %NULL with
 *   @error set
 */
char *
mamori_import_mapping_load_json (MamoriStore  *store,
                                 const char   *kind,
                                 const char   *name,
                                 GError      **error)
{
  char *json = NULL;
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, "SELECT mapping FROM import_mappings WHERE "
                                      "kind = ? AND name = ?", error);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, kind);
  mamori_bind_text (stmt, 2, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (json == NULL)
    set_not_found (error, name);
  return json;
}

/**
 * mamori_import_mapping_list:
 *
 * Returns: (transfer full) (nullable): the names of the saved mappings of @kind, sorted
 */
GStrv
mamori_import_mapping_list (MamoriStore  *store,
                            const char   *kind,
                            GError      **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, "SELECT name FROM import_mappings WHERE kind = ? "
                                      "ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  mamori_bind_text (stmt, 1, kind);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup (mamori_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  g_ptr_array_add (names, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

gboolean
mamori_import_mapping_delete (MamoriStore  *store,
                              const char   *kind,
                              const char   *name,
                              GError      **error)
{
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;

  if (!mamori_store_begin (store, error))
    return FALSE;
  uuid = mapping_uuid (store, kind, name);
  if (uuid == NULL)
    {
      set_not_found (error, name);
      goto fail;
    }
  stmt = mamori_store_prepare (store, "DELETE FROM import_mappings WHERE uuid = ?", error);
  if (stmt == NULL)
    goto fail;
  mamori_bind_text (stmt, 1, uuid);
  if (!mamori_store_audited_step (store, "import_mappings", uuid, MAMORI_AUDIT_DELETE, stmt,
                                  error))
    goto fail;
  return mamori_store_commit (store, error);

fail:
  mamori_store_rollback (store);
  return FALSE;
}

/* Appends @text to @json as a JSON string. */
void
mamori_import_mapping_json_string (GString    *json,
                                   const char *text)
{
  g_string_append_c (json, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (json, "\\%c", *p);
      else if ((guchar)*p < 0x20)
        g_string_append_printf (json, "\\u%04x", (guchar)*p);
      else
        g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}
