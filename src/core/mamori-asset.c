/* mamori-asset.c — the asset inventory (情報資産目録): records and their registers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write is audited and runs inside the caller's transaction, so that an import of a
 * whole ledger is one.  Two kinds of trouble are kept apart: a record that cannot be stored
 * (no code, an unknown section: mamori_asset_validate() names the field) and a record that
 * can be stored but does not yet meet the standard (no criterion for its class, no lockable
 * storage: the checks of mamori-rules.c, shown and counted, never refused — the register
 * must be able to say how things are).
 */

#include "config.h"

#include "mamori-area.h"
#include "mamori-asset.h"
#include "mamori-era.h"
#include "mamori-rules.h"
#include "mamori-text.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_QUARK (mamori-asset-error-quark, mamori_asset_error)

const char *const mamori_asset_kinds[] = {
  "electronic", "paper", "medium", "equipment", "software", "design-doc", "other", NULL,
};

static const char *const kind_labels[] = {
  N_("Electronic data"), N_("Paper"), N_("Storage medium"), N_("Equipment"), N_("Software"),
  N_("Network diagram or system specification"), N_("Other"),
};

#define MAX_TEXT 4000

const char *
mamori_asset_kind_label (const char *kind)
{
  for (guint i = 0; mamori_asset_kinds[i]; i++)
    if (g_strcmp0 (kind, mamori_asset_kinds[i]) == 0)
      return _(kind_labels[i]);
  return kind ? kind : "";
}

/**
 * mamori_asset_kind_from_label:
 * @label: a kind as a ledger may write it: the code, its English or its translated label
 *
 * Returns: (nullable): the kind's code
 */
const char *
mamori_asset_kind_from_label (const char *label)
{
  g_autofree char *folded = mamori_text_fold (label);

  for (guint i = 0; mamori_asset_kinds[i]; i++)
    {
      g_autofree char *english = mamori_text_fold (kind_labels[i]);
      g_autofree char *local = mamori_text_fold (_(kind_labels[i]));

      if (g_str_equal (folded, mamori_asset_kinds[i]) || g_str_equal (folded, english) ||
          g_str_equal (folded, local))
        return mamori_asset_kinds[i];
    }
  return NULL;
}

/* Records ---------------------------------------------------------------------------------- */

MamoriAssetRecord *
mamori_asset_record_new (void)
{
  MamoriAssetRecord *r = g_new0 (MamoriAssetRecord, 1);

  r->lockable = r->finalised = r->write_protected = MAMORI_UNKNOWN;
  return r;
}

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

void
mamori_asset_record_free (MamoriAssetRecord *r)
{
  if (r == NULL)
    return;
  mamori_asset_record_clear (r);
  g_free (r);
}

MamoriAssetRecord *
mamori_asset_record_copy (const MamoriAssetRecord *r)
{
  MamoriAssetRecord *c = g_memdup2 (r, sizeof *r);

  c->uuid = g_strdup (r->uuid);
  c->code = g_strdup (r->code);
  c->name = g_strdup (r->name);
  c->description = g_strdup (r->description);
  c->kind = g_strdup (r->kind);
  c->class_code = g_strdup (r->class_code);
  c->criteria = g_strdup (r->criteria);
  c->cia_note = g_strdup (r->cia_note);
  c->medium = g_strdup (r->medium);
  c->storage_place = g_strdup (r->storage_place);
  c->marking = g_strdup (r->marking);
  c->last_backup_on = g_strdup (r->last_backup_on);
  c->status = g_strdup (r->status);
  c->registered_on = g_strdup (r->registered_on);
  return c;
}

void
mamori_field_problem_free (MamoriFieldProblem *p)
{
  if (p == NULL)
    return;
  g_free (p->field);
  g_free (p->message);
  g_free (p);
}

static void
problem (GPtrArray  *problems,
         const char *field,
         char       *message)
{
  MamoriFieldProblem *p = g_new0 (MamoriFieldProblem, 1);

  p->field = g_strdup (field);
  p->message = message;
  g_ptr_array_add (problems, p);
}

/* Validation ------------------------------------------------------------------------------- */

static gboolean
class_exists (MamoriStore *store,
              const char  *class_code,
              gboolean    *requires_criterion)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  stmt = mamori_store_prepare (store,
                               "SELECT c.requires_criterion FROM classification_classes AS c "
                               "JOIN standards AS s ON s.id = c.standard_id "
                               "WHERE s.active = 1 AND c.code = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, class_code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      *requires_criterion = sqlite3_column_int (stmt, 0);
    }
  sqlite3_reset (stmt);
  return found;
}

static gboolean
criterion_exists (MamoriStore *store,
                  const char  *class_code,
                  const char  *criterion)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = mamori_store_prepare (store,
                               "SELECT 1 FROM classification_criteria AS k JOIN standards AS s "
                               "ON s.id = k.standard_id WHERE s.active = 1 AND k.class_code = ? "
                               "AND k.code = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, class_code);
  mamori_bind_text (stmt, 2, criterion);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* @label is untranslated (N_): translated only for a problem, since an import checks a
 * million rows. */
static void
check_length (GPtrArray  *problems,
              const char *field,
              const char *label,
              const char *value,
              glong       max)
{
  if (value != NULL && g_utf8_strlen (value, -1) > max)
    problem (problems, field, g_strdup_printf (_("%s is too long: at most %ld characters."),
                                               _(label), max));
}

static void
check_date (GPtrArray  *problems,
            const char *field,
            const char *label,
            const char *value,
            const char *today)
{
  if (value == NULL || *value == '\0')
    return;
  if (!mamori_date_parse_iso (value, NULL, NULL, NULL))
    {
      problem (problems, field, g_strdup_printf (_("%s “%s” is not a date (write it as "
                                                   "2026-04-01)."), _(label), value));
      return;
    }
  if (today != NULL && strcmp (value, today) > 0)
    problem (problems, field, g_strdup_printf (_("%s cannot be in the future."), _(label)));
}

static void
validate_identity (MamoriStore             *store,
                   const MamoriAssetRecord *r,
                   GPtrArray               *problems)
{
  gint64 other;

  if (mamori_text_is_blank (r->code))
    problem (problems, "code", g_strdup (_("The asset needs a code.")));
  else if ((other = mamori_asset_find_by_code (store, r->code)) != 0 && other != r->id)
    problem (problems, "code", g_strdup_printf (_("Another asset already has the code “%s”."),
                                                r->code));
  check_length (problems, "code", N_("The code"), r->code, 64);
  if (mamori_text_is_blank (r->name))
    problem (problems, "name", g_strdup (_("The asset needs a name.")));
  check_length (problems, "name", N_("The name"), r->name, 400);
  check_length (problems, "description", N_("The description"), r->description, MAX_TEXT);
  if (r->kind == NULL || !g_strv_contains ((const char * const *)mamori_asset_kinds, r->kind))
    problem (problems, "kind", g_strdup (_("Choose what kind of asset it is.")));
}

static void
validate_sections (MamoriStore             *store,
                   const MamoriAssetRecord *r,
                   GPtrArray               *problems)
{
  static const char *section_sql = "SELECT 1 FROM sections WHERE id = ?";

  if (r->owner_section_id == 0)
    problem (problems, "owner_section_id",
             g_strdup (_("Choose the section that created the asset: its officer is responsible "
                         "for it.")));
  else if (!mamori_store_row_exists (store, section_sql, r->owner_section_id))
    problem (problems, "owner_section_id", g_strdup (_("The creating section does not exist.")));
  if (r->holding_section_id != 0 &&
      !mamori_store_row_exists (store, section_sql, r->holding_section_id))
    problem (problems, "holding_section_id", g_strdup (_("The holding section does not exist.")));
  if (r->original_id != 0)
    {
      if (r->original_id == r->id)
        problem (problems, "original_id", g_strdup (_("An asset cannot be a copy of itself.")));
      else if (!mamori_store_row_exists (store, "SELECT 1 FROM assets WHERE id = ?",
                                         r->original_id))
        problem (problems, "original_id", g_strdup (_("The original asset does not exist.")));
    }
}

static void
validate_class (MamoriStore             *store,
                const MamoriAssetRecord *r,
                GPtrArray               *problems)
{
  gboolean requires_criterion = FALSE;
  g_auto(GStrv) criteria = NULL;

  if (mamori_text_is_blank (r->class_code) ||
      !class_exists (store, r->class_code, &requires_criterion))
    {
      problem (problems, "class_code", g_strdup (_("Choose one of the standard’s classes.")));
      return;
    }
  if (mamori_text_is_blank (r->criteria))
    return;
  criteria = g_strsplit (r->criteria, ",", -1);
  for (guint i = 0; criteria[i]; i++)
    {
      if (!requires_criterion)
        {
          problem (problems, "criteria",
                   g_strdup (_("Criteria are recorded only for a class that requires one.")));
          return;
        }
      if (!criterion_exists (store, r->class_code, criteria[i]))
        problem (problems, "criteria",
                 g_strdup_printf (_("“%s” is not a criterion of this class."), criteria[i]));
    }
}

/**
 * mamori_asset_validate:
 *
 * Returns: (transfer full) (element-type MamoriFieldProblem): why @record cannot be stored,
 *   field by field; empty if it can
 */
GPtrArray *
mamori_asset_validate (MamoriStore             *store,
                       const MamoriAssetRecord *r)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_field_problem_free);
  /* Only when there is a date to compare with: reading the local date is not free. */
  g_autofree char *today = (r->last_backup_on && *r->last_backup_on) ||
                           (r->registered_on && *r->registered_on)
                           ? mamori_date_today_iso () : NULL;

  validate_identity (store, r, problems);
  validate_sections (store, r, problems);
  validate_class (store, r, problems);
  check_length (problems, "cia_note", N_("The note on confidentiality, integrity and availability"),
                r->cia_note, MAX_TEXT);
  check_length (problems, "medium", N_("The medium"), r->medium, 200);
  check_length (problems, "storage_place", N_("The storage place"), r->storage_place, 400);
  check_length (problems, "marking", N_("The marking"), r->marking, 100);
  if (r->backup_cycle_days < 0 || r->backup_cycle_days > 3660)
    problem (problems, "backup_cycle_days",
             g_strdup (_("The backup cycle is a number of days between 1 and 3660.")));
  check_date (problems, "last_backup_on", N_("The last backup"), r->last_backup_on, today);
  check_date (problems, "registered_on", N_("The registration date"), r->registered_on, today);
  return problems;
}

static gboolean
fail_if_invalid (MamoriStore             *store,
                 const MamoriAssetRecord *r,
                 GError                 **error)
{
  g_autoptr(GPtrArray) problems = mamori_asset_validate (store, r);

  if (problems->len == 0)
    return TRUE;
  g_set_error_literal (error, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID,
                       ((MamoriFieldProblem *)g_ptr_array_index (problems, 0))->message);
  return FALSE;
}

/* Search and checks, kept up to date with the record ----------------------------------------- */

static char *
search_text_of (const MamoriAssetRecord *r)
{
  g_autofree char *joined = g_strjoin (" ", r->code ? r->code : "", r->name ? r->name : "",
                                       r->description ? r->description : "", NULL);
  return mamori_text_fold (joined);
}

/**
 * mamori_asset_search_index:
 * @old_text: (nullable): the text indexed before, to remove
 * @new_text: (nullable): the text to index now
 *
 * Keeps the search index of one asset in step with its row.
 */
gboolean
mamori_asset_search_index (MamoriStore  *store,
                           gint64        id,
                           const char   *old_text,
                           const char   *new_text,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  if (old_text != NULL)
    {
      stmt = mamori_store_prepare (store, "INSERT INTO asset_search (asset_search, rowid, "
                                          "search_text) VALUES ('delete', ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      mamori_bind_text (stmt, 2, old_text);
      if (!mamori_store_step_done (store, stmt, error))
        return FALSE;
    }
  if (new_text != NULL)
    {
      stmt = mamori_store_prepare (store, "INSERT INTO asset_search (rowid, search_text) "
                                          "VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      mamori_bind_text (stmt, 2, new_text);
      if (!mamori_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * mamori_asset_search_rebuild:
 *
 * Rebuilds the whole search index, after a bulk load that skipped it.
 */
gboolean
mamori_asset_search_rebuild (MamoriStore  *store,
                             GError      **error)
{
  return mamori_store_exec (store, "INSERT INTO asset_search (asset_search) VALUES ('rebuild')",
                            error);
}

/* Bulk loads ------------------------------------------------------------------------------------ */

/* The assets' secondary indexes (not the unique ones, which check codes and uuids as rows
 * arrive): dropped during a bulk load and built again at its end, which at a million rows is
 * several times faster than keeping eleven indexes up to date row by row. */
static const char *deferred_indexes_sql =
  "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'assets' "
  "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'";

/**
 * mamori_asset_bulk_begin:
 *
 * Prepares a large load of assets inside the caller's transaction: the search index, the
 * checks and the secondary indexes are left until mamori_asset_bulk_end(), which must be
 * called before the transaction commits (a rollback undoes both).
 */
gboolean
mamori_asset_bulk_begin (MamoriStore  *store,
                         GError      **error)
{
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) saved = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  stmt = mamori_store_prepare (store, deferred_indexes_sql, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (drops, g_strdup_printf ("DROP INDEX \"%s\"", mamori_column_text (stmt, 0)));
      g_string_append_printf (saved, "%s;\n", mamori_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  /* Kept in the transaction itself, so that a crash or a rollback loses nothing. */
  stmt = mamori_store_prepare (store, "INSERT OR REPLACE INTO derived_state (key, value) "
                                      "VALUES ('deferred-indexes', ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, saved->str);
  if (!mamori_store_step_done (store, stmt, error))
    return FALSE;
  for (guint i = 0; i < drops->len; i++)
    if (!mamori_store_exec (store, g_ptr_array_index (drops, i), error))
      return FALSE;
  mamori_store_set_bulk (store, TRUE);
  return TRUE;
}

/**
 * mamori_asset_bulk_end:
 *
 * Builds again what mamori_asset_bulk_begin() left: the secondary indexes, the search index
 * and every asset's checks.
 */
gboolean
mamori_asset_bulk_end (MamoriStore  *store,
                       GError      **error)
{
  g_autofree char *saved = NULL;
  sqlite3_stmt *stmt;

  mamori_store_set_bulk (store, FALSE);
  stmt = mamori_store_prepare (store, "SELECT value FROM derived_state "
                                      "WHERE key = 'deferred-indexes'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    saved = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (saved != NULL && !mamori_store_exec (store, saved, error))
    return FALSE;
  return mamori_store_exec (store, "DELETE FROM derived_state WHERE key = 'deferred-indexes'",
                            error) &&
         mamori_asset_search_rebuild (store, error) &&
         mamori_rules_refresh (store, 0, error);
}

static gboolean
after_write (MamoriStore  *store,
             gint64        id,
             const char   *old_text,
             const char   *new_text,
             GError      **error)
{
  /* A bulk load indexes and checks everything once at its end instead. */
  if (mamori_store_get_bulk (store))
    return TRUE;
  return mamori_asset_search_index (store, id, old_text, new_text, error) &&
         mamori_rules_refresh (store, id, error);
}

/* Writing ----------------------------------------------------------------------------------- */

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

static const char *
or_empty (const char *s)
{
  return s ? s : "";
}

/* Binds the columns shared by INSERT and UPDATE, from ?2 on. */
static void
bind_record (sqlite3_stmt            *stmt,
             const MamoriAssetRecord *r,
             const char              *search)
{
  g_autofree char *today = NULL;

  mamori_bind_text (stmt, 2, r->code);
  mamori_bind_text (stmt, 3, r->name);
  mamori_bind_text (stmt, 4, or_empty (r->description));
  mamori_bind_text (stmt, 5, r->kind);
  bind_id (stmt, 6, r->owner_section_id);
  bind_id (stmt, 7, r->holding_section_id);
  bind_id (stmt, 8, r->original_id);
  mamori_bind_text (stmt, 9, r->class_code);
  mamori_bind_text (stmt, 10, or_empty (r->criteria));
  mamori_bind_text (stmt, 11, or_empty (r->cia_note));
  mamori_bind_text (stmt, 12, or_empty (r->medium));
  mamori_bind_text (stmt, 13, or_empty (r->storage_place));
  bind_tristate (stmt, 14, r->lockable);
  bind_tristate (stmt, 15, r->finalised);
  bind_tristate (stmt, 16, r->write_protected);
  mamori_bind_text (stmt, 17, or_empty (r->marking));
  if (r->backup_cycle_days > 0)
    sqlite3_bind_int (stmt, 18, r->backup_cycle_days);
  else
    sqlite3_bind_null (stmt, 18);
  mamori_bind_text (stmt, 19, r->last_backup_on && *r->last_backup_on ? r->last_backup_on : NULL);
  if (r->registered_on && *r->registered_on)
    mamori_bind_text (stmt, 20, r->registered_on);
  else
    {
      today = mamori_date_today_iso ();
      mamori_bind_text (stmt, 20, today);
    }
  mamori_bind_text (stmt, 21, search);
}

/**
 * mamori_asset_insert:
 *
 * Adds an asset and records it in the audit log.  Runs inside the caller's transaction.
 */
gboolean
mamori_asset_insert (MamoriStore              *store,
                     const MamoriAssetRecord  *r,
                     gint64                   *out_id,
                     GError                  **error)
{
  g_autofree char *uuid = r->uuid ? g_strdup (r->uuid) : mamori_store_new_uuid (store);
  g_autofree char *search = search_text_of (r);
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  /* A bulk load (the sample ward) builds records known to be valid. */
  if (!mamori_store_get_bulk (store) && !fail_if_invalid (store, r, error))
    return FALSE;

  stmt = mamori_store_prepare (store,
    "INSERT INTO assets (uuid, code, name, description, kind, owner_section_id, "
    "holding_section_id, original_id, class_code, criteria, cia_note, medium, storage_place, "
    "lockable, finalised, write_protected, marking, backup_cycle_days, last_backup_on, "
    "registered_on, search_text, status) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  bind_record (stmt, r, search);
  mamori_bind_text (stmt, 22, r->status && *r->status ? r->status : "active");

  if (!mamori_store_audited_step (store, "assets", uuid, MAMORI_AUDIT_INSERT, stmt, error))
    return FALSE;
  id = mamori_store_get_last_insert_id (store);
  if (!after_write (store, id, NULL, search, error))
    return FALSE;
  if (r->area_id != 0 && !mamori_area_add_asset (store, r->area_id, id, error))
    return FALSE;
  if (out_id)
    *out_id = id;
  return TRUE;
}

/**
 * mamori_asset_update:
 * @record: the asset as it should be; its id and uuid name the row
 *
 * Changes an asset.  A disposed asset is read-only.  Runs inside the caller's transaction.
 */
gboolean
mamori_asset_update (MamoriStore              *store,
                     const MamoriAssetRecord  *r,
                     GError                  **error)
{
  g_autoptr(MamoriAssetRecord) current = NULL;
  g_autofree char *old_search = NULL;
  g_autofree char *search = search_text_of (r);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  current = mamori_asset_load (store, r->id, error);
  if (current == NULL)
    return FALSE;
  /* Ids are reused after a deletion: the uuid says it is still the same asset. */
  if (r->uuid != NULL && g_strcmp0 (r->uuid, current->uuid) != 0)
    {
      g_set_error (error, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_NOT_FOUND,
                   _("The asset no longer exists; it may have been deleted meanwhile."));
      return FALSE;
    }
  if (g_strcmp0 (current->status, "disposed") == 0)
    {
      g_set_error (error, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_DISPOSED,
                   _("“%s” was disposed of: its record is kept as it was and cannot be "
                     "changed."), current->code);
      return FALSE;
    }
  if (!fail_if_invalid (store, r, error))
    return FALSE;
  old_search = search_text_of (current);

  stmt = mamori_store_prepare (store,
    "UPDATE assets SET code = ?2, name = ?3, description = ?4, kind = ?5, "
    "owner_section_id = ?6, holding_section_id = ?7, original_id = ?8, class_code = ?9, "
    "criteria = ?10, cia_note = ?11, medium = ?12, storage_place = ?13, lockable = ?14, "
    "finalised = ?15, write_protected = ?16, marking = ?17, backup_cycle_days = ?18, "
    "last_backup_on = ?19, registered_on = ?20, search_text = ?21 WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, current->uuid);
  bind_record (stmt, r, search);
  if (!mamori_store_audited_step (store, "assets", current->uuid, MAMORI_AUDIT_UPDATE, stmt,
                                  error))
    return FALSE;
  if (!after_write (store, current->id, old_search, search, error))
    return FALSE;
  /* Kept in another managed area, or in none any more: the area's list of assets follows. */
  if (r->area_id == current->area_id)
    return TRUE;
  return r->area_id != 0 ? mamori_area_add_asset (store, r->area_id, current->id, error)
                         : mamori_area_remove_asset (store, current->id, error);
}

/* Deletes every row of @table that refers to the asset, each through the audit log. */
static gboolean
delete_children (MamoriStore  *store,
                 const char   *table,
                 gint64        asset_id,
                 GError      **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT uuid FROM %s WHERE asset_id = ?", table);
  g_autofree char *delete = g_strdup_printf ("DELETE FROM %s WHERE uuid = ?", table);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mamori_store_prepare (store, select, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, asset_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup (mamori_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  for (guint i = 0; i < uuids->len; i++)
    {
      stmt = mamori_store_prepare (store, delete, error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 1, g_ptr_array_index (uuids, i));
      if (!mamori_store_audited_step (store, table, g_ptr_array_index (uuids, i),
                                      MAMORI_AUDIT_DELETE, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * mamori_asset_delete:
 *
 * Removes an asset registered by mistake, with its access rights and take-outs, each change
 * in the audit log.  A disposed asset stays as the record of its disposal, and an original
 * stays while copies refer to it.
 */
gboolean
mamori_asset_delete (MamoriStore  *store,
                     gint64        id,
                     GError      **error)
{
  g_autoptr(MamoriAssetRecord) r = NULL;
  g_autofree char *search = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  r = mamori_asset_load (store, id, error);
  if (r == NULL)
    return FALSE;
  if (g_strcmp0 (r->status, "disposed") == 0)
    {
      g_set_error (error, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_DISPOSED,
                   _("“%s” was disposed of: its record stays in the inventory as the record of "
                     "its disposal."), r->code);
      return FALSE;
    }
  if (mamori_store_row_exists (store, "SELECT 1 FROM assets WHERE original_id = ?", id))
    {
      g_set_error (error, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_IN_USE,
                   _("“%s” has copies in the inventory that refer to it as their original."),
                   r->code);
      return FALSE;
    }

  if (!delete_children (store, "asset_access", id, error) ||
      !delete_children (store, "asset_takeouts", id, error))
    return FALSE;
  stmt = mamori_store_prepare (store, "DELETE FROM assets WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, r->uuid);
  if (!mamori_store_audited_step (store, "assets", r->uuid, MAMORI_AUDIT_DELETE, stmt, error))
    return FALSE;
  search = search_text_of (r);
  return mamori_store_get_bulk (store) ||
         mamori_asset_search_index (store, id, search, NULL, error);
}

static MamoriTristate
column_tristate (sqlite3_stmt *stmt,
                 int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return MAMORI_UNKNOWN;
  return sqlite3_column_int (stmt, index) ? MAMORI_YES : MAMORI_NO;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           index)
{
  return g_strdup (mamori_column_text (stmt, index));
}

/**
 * mamori_asset_load:
 *
 * Returns: (transfer full) (nullable): the asset, or %NULL with @error set
 */
MamoriAssetRecord *
mamori_asset_load (MamoriStore  *store,
                   gint64        id,
                   GError      **error)
{
  MamoriAssetRecord *r = NULL;
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
    "SELECT id, uuid, code, name, description, kind, owner_section_id, holding_section_id, "
    "original_id, class_code, criteria, cia_note, medium, storage_place, lockable, finalised, "
    "write_protected, marking, backup_cycle_days, last_backup_on, status, registered_on, "
    "rule_flags, (SELECT area_id FROM area_assets WHERE asset_id = assets.id) "
    "FROM assets WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      r = mamori_asset_record_new ();
      r->id = sqlite3_column_int64 (stmt, 0);
      r->uuid = column_dup (stmt, 1);
      r->code = column_dup (stmt, 2);
      r->name = column_dup (stmt, 3);
      r->description = column_dup (stmt, 4);
      r->kind = column_dup (stmt, 5);
      r->owner_section_id = sqlite3_column_int64 (stmt, 6);
      r->holding_section_id = sqlite3_column_int64 (stmt, 7);
      r->original_id = sqlite3_column_int64 (stmt, 8);
      r->class_code = column_dup (stmt, 9);
      r->criteria = column_dup (stmt, 10);
      r->cia_note = column_dup (stmt, 11);
      r->medium = column_dup (stmt, 12);
      r->storage_place = column_dup (stmt, 13);
      r->lockable = column_tristate (stmt, 14);
      r->finalised = column_tristate (stmt, 15);
      r->write_protected = column_tristate (stmt, 16);
      r->marking = column_dup (stmt, 17);
      r->backup_cycle_days = sqlite3_column_int (stmt, 18);
      r->last_backup_on = column_dup (stmt, 19);
      r->status = column_dup (stmt, 20);
      r->registered_on = column_dup (stmt, 21);
      r->rule_flags = sqlite3_column_int (stmt, 22);
      r->area_id = sqlite3_column_int64 (stmt, 23);
    }
  sqlite3_reset (stmt);

  if (r == NULL)
    g_set_error (error, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_NOT_FOUND,
                 _("The asset no longer exists; it may have been deleted meanwhile."));
  return r;
}

gint64
mamori_asset_find_by_code (MamoriStore *store,
                           const char  *code)
{
  return mamori_store_id_by_text (store, "SELECT id FROM assets WHERE code = ?", code);
}

/**
 * mamori_asset_next_code:
 * @section_id: the section registering it
 *
 * Returns: (transfer full): a code no asset has yet: the section's code and a number
 */
char *
mamori_asset_next_code (MamoriStore *store,
                        gint64       section_id)
{
  sqlite3_stmt *stmt;
  g_autofree char *prefix = NULL;
  gint64 n = 1;

  stmt = mamori_store_prepare (store, "SELECT code FROM sections WHERE id = ?", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, section_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        prefix = g_strdup_printf ("%s-", mamori_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  if (prefix == NULL)
    prefix = g_strdup ("A-");

  stmt = mamori_store_prepare (store,
                               "SELECT count (*) + 1 FROM assets WHERE substr (code, 1, length (?1)) "
                               "= ?1", NULL);
  if (stmt != NULL)
    {
      mamori_bind_text (stmt, 1, prefix);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  for (;; n++)
    {
      g_autofree char *code = g_strdup_printf ("%s%04" G_GINT64_FORMAT, prefix, n);

      if (mamori_asset_find_by_code (store, code) == 0)
        return g_steal_pointer (&code);
    }
}

/* Changes to many at once ------------------------------------------------------------------------ */

static gboolean
class_requires_criterion (MamoriStore *store,
                          const char  *class_code)
{
  gboolean requires = FALSE;

  return class_exists (store, class_code, &requires) && requires;
}

/**
 * mamori_asset_change_many:
 * @ids: (element-type gint64): the assets to change
 * @value: the new value, as text (a section id, a storage place, a class code)
 * @before: (out) (transfer full) (element-type MamoriAssetRecord): the assets as they were,
 *   for mamori_asset_restore_many()
 *
 * Sets one field of many assets in one transaction, each change in the audit log.  Moving to
 * a class that takes no criteria clears them.  Disposed assets are left as they are and
 * named in the error, and then nothing is changed.
 */
gboolean
mamori_asset_change_many (MamoriStore       *store,
                          GArray            *ids,
                          MamoriAssetField   field,
                          const char        *value,
                          GPtrArray        **before,
                          GError           **error)
{
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_asset_record_free);

  if (!mamori_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(MamoriAssetRecord) r = mamori_asset_load (store, g_array_index (ids, gint64, i),
                                                          error);

      if (r == NULL)
        goto fail;
      g_ptr_array_add (saved, mamori_asset_record_copy (r));
      switch (field)
        {
        case MAMORI_ASSET_FIELD_SECTION:
          r->owner_section_id = g_ascii_strtoll (value, NULL, 10);
          break;
        case MAMORI_ASSET_FIELD_STORAGE:
          g_free (r->storage_place);
          r->storage_place = g_strdup (value);
          break;
        case MAMORI_ASSET_FIELD_CLASS:
          g_free (r->class_code);
          r->class_code = g_strdup (value);
          if (!class_requires_criterion (store, value))
            g_clear_pointer (&r->criteria, g_free);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!mamori_asset_update (store, r, error))
        {
          g_prefix_error (error, "%s: ", r->code);
          goto fail;
        }
    }
  if (!mamori_store_commit (store, error))
    goto fail;
  if (before)
    *before = g_steal_pointer (&saved);
  return TRUE;

fail:
  if (mamori_store_in_transaction (store))
    mamori_store_rollback (store);
  return FALSE;
}

/**
 * mamori_asset_restore_many:
 * @before: (element-type MamoriAssetRecord): from mamori_asset_change_many()
 *
 * Puts assets back as they were (an undo), in one transaction.  The audit log keeps both
 * the change and its undoing.
 */
gboolean
mamori_asset_restore_many (MamoriStore  *store,
                           GPtrArray    *before,
                           GError      **error)
{
  if (!mamori_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < before->len; i++)
    if (!mamori_asset_update (store, g_ptr_array_index (before, i), error))
      {
        mamori_store_rollback (store);
        return FALSE;
      }
  return mamori_store_commit (store, error);
}

/**
 * mamori_asset_delete_many:
 * @ids: (element-type gint64): the assets to delete
 *
 * Deletes assets in one transaction, or none of them if one cannot be deleted.
 */
gboolean
mamori_asset_delete_many (MamoriStore  *store,
                          GArray       *ids,
                          GError      **error)
{
  if (!mamori_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!mamori_asset_delete (store, g_array_index (ids, gint64, i), error))
      {
        mamori_store_rollback (store);
        return FALSE;
      }
  return mamori_store_commit (store, error);
}
