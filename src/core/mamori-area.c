/* mamori-area.c — managed areas (管理区域): areas, permitted people, the entry log, moves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write goes through the audit log and runs inside the caller's transaction; each
 * checks its record first and names the field that is wrong.  After a write the defects of
 * what it touches are computed again (mamori-reconcile.c).
 */

#include "config.h"

#include "mamori-area.h"
#include "mamori-area-keys.h"
#include "mamori-area-private.h"
#include "mamori-era.h"
#include "mamori-reconcile.h"
#include "mamori-text.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK (mamori-area-error-quark, mamori_area_error)

const char *const mamori_area_person_kinds[] = { "staff", "contractor", "other", NULL };

const char *
mamori_area_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "staff") == 0)
    return _("Staff");
  if (g_strcmp0 (kind, "contractor") == 0)
    return _("Contractor");
  if (g_strcmp0 (kind, "other") == 0)
    return _("Visitor");
  return kind ? kind : "";
}

/**
 * mamori_area_time_parse:
 * @text: a date and time as people and card readers write it: "2026-04-01 09:30",
 *   "2026/4/1 9:30:12", "2026-04-01T09:30"
 *
 * Returns: (transfer full) (nullable): "2026-04-01T09:30", or %NULL if @text is not a time
 */
char *
mamori_area_time_parse (const char *text)
{
  int y, mo, d, h, mi, s = 0, n = 0;
  char sep1, sep2, t;
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (text));
  if (sscanf (stripped, "%4d%c%2d%c%2d%c%2d:%2d%n", &y, &sep1, &mo, &sep2, &d, &t, &h, &mi, &n) != 8)
    return NULL;
  if (stripped[n] == ':')
    {
      /* seconds are read and dropped */
      const char *rest = stripped + n;
      int used = 0;

      if (sscanf (rest, ":%2d%n", &s, &used) != 1 || s < 0 || s > 59 || rest[used] != '\0')
        return NULL;
    }
  else if (stripped[n] != '\0')
    return NULL;
  if (sep1 != sep2 || (sep1 != '-' && sep1 != '/') || (t != ' ' && t != 'T'))
    return NULL;
  if (!mamori_date_is_valid (y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d", y, mo, d, h, mi);
}

/**
 * mamori_area_time_display:
 *
 * Returns: (transfer full): a time of the log as people read it: the 和暦 date and the time
 */
char *
mamori_area_time_display (const char *iso_time)
{
  g_autofree char *date = NULL;

  if (iso_time == NULL || strlen (iso_time) < 16)
    return g_strdup ("");
  date = g_strndup (iso_time, 10);
  {
    g_autofree char *shown = mamori_date_display (date);
    return g_strdup_printf ("%s %s", shown, iso_time + 11);
  }
}

/* Records ------------------------------------------------------------------------------------ */

MamoriArea *
mamori_area_new (void)
{
  return g_new0 (MamoriArea, 1);
}

void
mamori_area_free (MamoriArea *a)
{
  if (a == NULL)
    return;
  g_free (a->uuid);
  g_free (a->code);
  g_free (a->name);
  g_free (a->class_code);
  g_free (a->building);
  g_free (a->floor);
  g_free (a->room);
  g_free (a->designated_on);
  g_free (a->note);
  g_free (a->class_name);
  g_free (a->section_name);
  g_free (a->officer_name);
  g_free (a);
}

void
mamori_area_permit_free (MamoriAreaPermit *p)
{
  if (p == NULL)
    return;
  g_free (p->uuid);
  g_free (p->name);
  g_free (p->affiliation);
  g_free (p->kind);
  g_free (p->contract_number);
  g_free (p->card_number);
  g_free (p->valid_from);
  g_free (p->valid_to);
  g_free (p->note);
  g_free (p);
}

void
mamori_area_entry_free (MamoriAreaEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->uuid);
  g_free (e->name);
  g_free (e->affiliation);
  g_free (e->kind);
  g_free (e->purpose);
  g_free (e->entered_at);
  g_free (e->left_at);
  g_free (e->card_number);
  g_free (e->items);
  g_free (e->note);
  g_free (e->escort_name);
  g_free (e->area_code);
  g_free (e);
}

void
mamori_area_move_free (MamoriAreaMove *m)
{
  if (m == NULL)
    return;
  g_free (m->uuid);
  g_free (m->direction);
  g_free (m->moved_at);
  g_free (m->item);
  g_free (m->carried_by);
  g_free (m->note);
  g_free (m->witness_name);
  g_free (m);
}

/* Helpers ------------------------------------------------------------------------------------ */

static const char *
or_empty (const char *s)
{
  return s ? s : "";
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

static char *
column_dup (sqlite3_stmt *stmt,
            int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *)sqlite3_column_text (stmt, index));
}

/**
 * mamori_area_refuse:
 *
 * Sets @error to MAMORI_AREA_ERROR_INVALID with the formatted message.
 *
 * Returns: %FALSE, for `return mamori_area_refuse (…)`
 */
gboolean
mamori_area_refuse (GError     **error,
                    const char  *format,
                    ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID, message);
  g_free (message);
  return FALSE;
}

static gboolean
check_text (const char  *value,
            const char  *label,
            glong        max,
            gboolean     required,
            GError     **error)
{
  if (required && (value == NULL || mamori_text_is_blank (value)))
    return mamori_area_refuse (error, _("%s is required."), label);
  if (value != NULL && g_utf8_strlen (value, -1) > max)
    return mamori_area_refuse (error, _("%s is too long: at most %ld characters."), label, max);
  return TRUE;
}

static gboolean
check_date (const char  *value,
            const char  *label,
            gboolean     required,
            GError     **error)
{
  if (value == NULL || *value == '\0')
    return required ? mamori_area_refuse (error, _("%s is required."), label) : TRUE;
  if (!mamori_date_parse_iso (value, NULL, NULL, NULL))
    return mamori_area_refuse (error, _("%s “%s” is not a date (write it as 2026-04-01)."), label, value);
  return TRUE;
}

static gboolean
check_time (const char  *value,
            const char  *label,
            gboolean     required,
            GError     **error)
{
  g_autofree char *parsed = NULL;

  if (value == NULL || *value == '\0')
    return required ? mamori_area_refuse (error, _("%s is required."), label) : TRUE;
  parsed = mamori_area_time_parse (value);
  if (parsed == NULL || strcmp (parsed, value) != 0)
    return mamori_area_refuse (error, _("%s “%s” is not a time (write it as 2026-04-01T09:30)."), label,
                    value);
  return TRUE;
}

static gboolean
check_kind (const char  *kind,
            GError     **error)
{
  if (kind == NULL || !g_strv_contains (mamori_area_person_kinds, kind))
    return mamori_area_refuse (error, _("The kind of person “%s” is not one of staff, contractor or "
                             "other."), or_empty (kind));
  return TRUE;
}

static gboolean
check_person (MamoriStore  *store,
              gint64        id,
              const char   *label,
              GError      **error)
{
  if (id != 0 && !mamori_store_row_exists (store, "SELECT 1 FROM people WHERE id = ?", id))
    return mamori_area_refuse (error, _("%s is not a person of the register."), label);
  return TRUE;
}

static gboolean
check_area (MamoriStore  *store,
            gint64        area_id,
            GError      **error)
{
  if (!mamori_store_row_exists (store, "SELECT 1 FROM areas WHERE id = ?", area_id))
    {
      g_set_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_NOT_FOUND,
                   _("The managed area no longer exists; it may have been deleted meanwhile."));
      return FALSE;
    }
  return TRUE;
}

/* Deletes the row named by @uuid through the audit log. */
static gboolean
audited_delete (MamoriStore  *store,
                const char   *table,
                const char   *uuid,
                GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE uuid = ?", table);
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  return mamori_store_audited_step (store, table, uuid, MAMORI_AUDIT_DELETE, stmt, error);
}

/* The uuid of row @id of @table, or NULL with @error set. */
/* The first column of @sql for row @id, as text, or NULL. */
static char *
text_by_id (MamoriStore *store,
            const char  *sql,
            gint64       id)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

static char *
uuid_of (MamoriStore  *store,
         const char   *table,
         gint64        id,
         GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM %s WHERE id = ?", table);
  char *uuid = text_by_id (store, sql, id);

  if (uuid == NULL)
    g_set_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_NOT_FOUND,
                 _("The record no longer exists; it may have been deleted meanwhile."));
  return uuid;
}

/* Areas -------------------------------------------------------------------------------------- */

static gboolean
validate_area (MamoriStore       *store,
               const MamoriArea  *a,
               GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean known;
  gint64 other;

  if (!check_text (a->code, _("The code"), 32, TRUE, error) ||
      !check_text (a->name, _("The name"), 200, TRUE, error) ||
      !check_text (a->building, _("The building"), 200, FALSE, error) ||
      !check_text (a->floor, _("The floor"), 50, FALSE, error) ||
      !check_text (a->room, _("The room"), 200, FALSE, error) ||
      !check_date (a->designated_on, _("The designation date"), FALSE, error))
    return FALSE;
  other = mamori_area_find_by_code (store, a->code);
  if (other != 0 && other != a->id)
    return mamori_area_refuse (error, _("Another area already has the code “%s”."), a->code);

  stmt = mamori_store_prepare (store, "SELECT 1 FROM area_classes AS c JOIN standards AS s "
                                      "ON s.id = c.standard_id WHERE s.active = 1 AND c.code = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, a->class_code);
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!known)
    return mamori_area_refuse (error, _("The area class “%s” is not one of the loaded standard."),
                    or_empty (a->class_code));
  if (a->section_id != 0 &&
      !mamori_store_row_exists (store, "SELECT 1 FROM sections WHERE id = ?", a->section_id))
    return mamori_area_refuse (error, _("The section is not in the register."));
  return check_person (store, a->officer_id, _("The responsible officer"), error);
}

static void
bind_area (sqlite3_stmt     *stmt,
           const MamoriArea *a)
{
  mamori_bind_text (stmt, 2, a->code);
  mamori_bind_text (stmt, 3, a->name);
  mamori_bind_text (stmt, 4, a->class_code);
  mamori_bind_text (stmt, 5, or_empty (a->building));
  mamori_bind_text (stmt, 6, or_empty (a->floor));
  mamori_bind_text (stmt, 7, or_empty (a->room));
  bind_id (stmt, 8, a->section_id);
  bind_id (stmt, 9, a->officer_id);
  mamori_bind_text (stmt, 10, a->designated_on && *a->designated_on ? a->designated_on : NULL);
  mamori_bind_text (stmt, 11, or_empty (a->note));
}

/**
 * mamori_area_insert:
 *
 * Designates a managed area.  Runs inside the caller's transaction.
 */
/* A staff member's section id, or 0. */
static gint64
person_section (MamoriStore *store,
                gint64       person_id)
{
  g_autofree char *id = text_by_id (store, "SELECT coalesce (section_id, 0) FROM people "
                                           "WHERE id = ?", person_id);

  return id ? g_ascii_strtoll (id, NULL, 10) : 0;
}

static char *
person_name (MamoriStore *store,
             gint64       person_id)
{
  return text_by_id (store, "SELECT name FROM people WHERE id = ?", person_id);
}

/**
 * mamori_area_classes:
 * @codes: (out) (transfer full): the codes of the active standard's area classes, strictest
 *   first
 * @labels: (out) (transfer full): their names with the article, for people
 */
void
mamori_area_classes (MamoriStore  *store,
                     GStrv        *codes,
                     GStrv        *labels)
{
  g_autoptr(GStrvBuilder) c = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) l = g_strv_builder_new ();
  sqlite3_stmt *stmt = mamori_store_prepare (store,
                                             "SELECT c.code, c.name, c.ref FROM area_classes AS c "
                                             "JOIN standards AS s ON s.id = c.standard_id "
                                             "WHERE s.active = 1 ORDER BY c.rank", NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *label = g_strdup_printf ("%s (%s)", mamori_column_text (stmt, 1),
                                                mamori_column_text (stmt, 2));
      g_strv_builder_add (c, mamori_column_text (stmt, 0));
      g_strv_builder_add (l, label);
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  *codes = g_strv_builder_end (c);
  *labels = g_strv_builder_end (l);
}

/**
 * mamori_area_measures:
 *
 * Returns: (transfer full): the measures of the area's class as "code\tref\tbody", in the
 *   standard's order
 */
GStrv
mamori_area_measures (MamoriStore *store,
                      gint64       area_id)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  sqlite3_stmt *stmt = mamori_store_prepare (store,
                                             "SELECT m.code, m.ref, m.body FROM area_measures AS m "
                                             "JOIN standards AS s ON s.id = m.standard_id "
                                             "JOIN areas AS a ON a.class_code = m.area_class "
                                             "WHERE s.active = 1 AND a.id = ? ORDER BY m.ordinal",
                                             NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, area_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *line = g_strdup_printf ("%s\t%s\t%s", mamori_column_text (stmt, 0),
                                                   mamori_column_text (stmt, 1),
                                                   mamori_column_text (stmt, 2));
          g_strv_builder_add (b, line);
        }
      sqlite3_reset (stmt);
    }
  return g_strv_builder_end (b);
}

gboolean
mamori_area_insert (MamoriStore       *store,
                    const MamoriArea  *a,
                    gint64            *out_id,
                    GError           **error)
{
  g_autofree char *uuid = a->uuid ? g_strdup (a->uuid) : mamori_store_new_uuid (store);
  sqlite3_stmt *stmt;

  MamoriArea with_section;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  /* Designated by the officer's section unless said otherwise. */
  with_section = *a;
  if (with_section.section_id == 0 && a->officer_id != 0)
    with_section.section_id = person_section (store, a->officer_id);
  a = &with_section;
  if (!validate_area (store, a, error))
    return FALSE;
  stmt = mamori_store_prepare (store,
                               "INSERT INTO areas (uuid, code, name, class_code, building, floor, "
                               "room, section_id, officer_id, designated_on, note) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  bind_area (stmt, a);
  if (!mamori_store_audited_step (store, "areas", uuid, MAMORI_AUDIT_INSERT, stmt, error))
    return FALSE;
  if (out_id)
    *out_id = mamori_store_get_last_insert_id (store);
  return TRUE;
}

/**
 * mamori_area_update:
 *
 * Changes an area; its entries are checked again (the class decides some checks).
 */
gboolean
mamori_area_update (MamoriStore       *store,
                    const MamoriArea  *a,
                    GError           **error)
{
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  uuid = uuid_of (store, "areas", a->id, error);
  if (uuid == NULL)
    return FALSE;
  if (!validate_area (store, a, error))
    return FALSE;
  stmt = mamori_store_prepare (store,
                               "UPDATE areas SET code = ?2, name = ?3, class_code = ?4, "
                               "building = ?5, floor = ?6, room = ?7, section_id = ?8, "
                               "officer_id = ?9, designated_on = ?10, note = ?11 WHERE uuid = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  bind_area (stmt, a);
  return mamori_store_audited_step (store, "areas", uuid, MAMORI_AUDIT_UPDATE, stmt, error) &&
         mamori_reconcile_refresh (store, a->id, 0, error);
}

/* Deletes every row of @table that belongs to area @area_id, each through the audit log. */
static gboolean
delete_children (MamoriStore  *store,
                 const char   *table,
                 gint64        area_id,
                 GError      **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT uuid FROM %s WHERE area_id = ?", table);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mamori_store_prepare (store, select, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, area_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup (mamori_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  for (guint i = 0; i < uuids->len; i++)
    if (!audited_delete (store, table, g_ptr_array_index (uuids, i), error))
      return FALSE;
  return TRUE;
}

/**
 * mamori_area_delete:
 *
 * Removes an area designated by mistake with everything recorded on it, each row through the
 * audit log.
 */
/**
 * mamori_area_check_deletable:
 *
 * An area whose entry log holds entries is evidence and is not deleted: refused, naming the
 * area and its entries.
 */
gboolean
mamori_area_check_deletable (MamoriStore  *store,
                             gint64        id,
                             GError      **error)
{
  g_autofree char *count = text_by_id (store, "SELECT count(*) FROM area_entries "
                                              "WHERE area_id = ?", id);
  gint64 n = count ? g_ascii_strtoll (count, NULL, 10) : 0;
  g_autofree char *code = NULL;

  if (n == 0)
    return TRUE;
  code = text_by_id (store, "SELECT code FROM areas WHERE id = ?", id);
  g_set_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID,
               g_dngettext (GETTEXT_PACKAGE,
                            "The area %s cannot be deleted: its entry log holds %lld entry, "
                            "kept as evidence. Delete the entry first.",
                            "The area %s cannot be deleted: its entry log holds %lld entries, "
                            "kept as evidence. Delete the entries first.", (gulong)n),
               code ? code : "", (long long)n);
  return FALSE;
}

gboolean
mamori_area_delete (MamoriStore  *store,
                    gint64        id,
                    GError      **error)
{
  static const char *const children[] = {
    "area_measure_notes", "area_permits", "area_assets", "area_entries", "area_moves",
    "area_samples", "area_key_loans",
  };
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  uuid = uuid_of (store, "areas", id, error);
  if (uuid == NULL || !mamori_area_check_deletable (store, id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    if (!delete_children (store, children[i], id, error))
      return FALSE;
  return audited_delete (store, "areas", uuid, error);
}

#define AREA_SELECT \
  "SELECT a.id, a.uuid, a.code, a.name, a.class_code, a.building, a.floor, a.room, " \
  "a.section_id, a.officer_id, a.designated_on, a.note, " \
  "(SELECT c.name FROM area_classes AS c JOIN standards AS s ON s.id = c.standard_id " \
  " WHERE s.active = 1 AND c.code = a.class_code), " \
  "(SELECT name FROM sections WHERE id = a.section_id), " \
  "(SELECT name FROM people WHERE id = a.officer_id), " \
  "(SELECT count(*) FROM area_permits WHERE area_id = a.id), " \
  "(SELECT count(*) FROM area_entries INDEXED BY area_entries_defects " \
  " WHERE area_id = a.id AND rule_flags <> 0 AND rule_flags & ?9) + " \
  "(SELECT count(*) FROM area_moves INDEXED BY area_moves_defects " \
  " WHERE area_id = a.id AND rule_flags <> 0 AND rule_flags & ?9) " \
  "FROM areas AS a "

static MamoriArea *
area_from_row (sqlite3_stmt *stmt)
{
  MamoriArea *a = mamori_area_new ();

  a->id = sqlite3_column_int64 (stmt, 0);
  a->uuid = column_dup (stmt, 1);
  a->code = column_dup (stmt, 2);
  a->name = column_dup (stmt, 3);
  a->class_code = column_dup (stmt, 4);
  a->building = column_dup (stmt, 5);
  a->floor = column_dup (stmt, 6);
  a->room = column_dup (stmt, 7);
  a->section_id = sqlite3_column_int64 (stmt, 8);
  a->officer_id = sqlite3_column_int64 (stmt, 9);
  a->designated_on = column_dup (stmt, 10);
  a->note = column_dup (stmt, 11);
  a->class_name = column_dup (stmt, 12);
  a->section_name = column_dup (stmt, 13);
  a->officer_name = column_dup (stmt, 14);
  a->n_permits = sqlite3_column_int64 (stmt, 15);
  a->n_defects = sqlite3_column_int64 (stmt, 16);
  return a;
}

MamoriArea *
mamori_area_load (MamoriStore  *store,
                  gint64        id,
                  GError      **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, AREA_SELECT "WHERE a.id = ?1", error);
  MamoriArea *a = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 9, mamori_reconcile_enabled_mask (store));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    a = area_from_row (stmt);
  sqlite3_reset (stmt);
  if (a == NULL)
    {
      g_set_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_NOT_FOUND,
                   _("The managed area no longer exists; it may have been deleted meanwhile."));
      return NULL;
    }
  a->n_late_keys = mamori_area_key_overdue_count (store, a->id, NULL, NULL, NULL, error);
  if (a->n_late_keys < 0)
    g_clear_pointer (&a, mamori_area_free);
  return a;
}

/**
 * mamori_area_list:
 *
 * Returns: (transfer full) (element-type MamoriArea): every area by code, with its counts
 *   (its late key returns judged now)
 */
GPtrArray *
mamori_area_list (MamoriStore  *store,
                  GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_area_free);
  sqlite3_stmt *stmt = mamori_store_prepare (store, AREA_SELECT "ORDER BY a.code", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 9, mamori_reconcile_enabled_mask (store));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, area_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    {
      MamoriArea *a = g_ptr_array_index (list, i);

      a->n_late_keys = mamori_area_key_overdue_count (store, a->id, NULL, NULL, NULL, error);
      if (a->n_late_keys < 0)
        return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * mamori_area_list_names:
 *
 * Returns: (transfer full) (element-type MamoriArea): every area by code, with only its id,
 *   code and name: for a choice of area, without the counts mamori_area_list() works out
 */
GPtrArray *
mamori_area_list_names (MamoriStore  *store,
                        GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_area_free);
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT id, code, name FROM areas "
                                                    "ORDER BY code", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriArea *a = g_new0 (MamoriArea, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->code = g_strdup (mamori_column_text (stmt, 1));
      a->name = g_strdup (mamori_column_text (stmt, 2));
      g_ptr_array_add (list, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
mamori_area_find_by_code (MamoriStore *store,
                          const char  *code)
{
  return mamori_store_id_by_text (store, "SELECT id FROM areas WHERE code = ?", code);
}

/**
 * mamori_area_is_top_class:
 *
 * Returns: whether the area is of the active standard's area class of rank 1 (Shinjuku's
 *   管理区域Ⅰ), whose measures are the strictest
 */
gboolean
mamori_area_is_top_class (MamoriStore *store,
                          gint64       area_id)
{
  return mamori_store_row_exists (store,
                 "SELECT 1 FROM areas AS a WHERE a.id = ?1 AND a.class_code = "
                 "(SELECT c.code FROM area_classes AS c JOIN standards AS s ON s.id = "
                 "c.standard_id WHERE s.active = 1 ORDER BY c.rank LIMIT 1)", area_id);
}

/* Measures ----------------------------------------------------------------------------------- */

/**
 * mamori_area_set_measure:
 * @how: how the area meets the measure; empty removes the record
 *
 * Records how an area meets a measure of its class.
 */
gboolean
mamori_area_set_measure (MamoriStore  *store,
                         gint64        area_id,
                         const char   *measure_code,
                         const char   *how,
                         GError      **error)
{
  g_autofree char *old_uuid = NULL;
  g_autofree char *text = g_strstrip (g_strdup (or_empty (how)));
  sqlite3_stmt *stmt;
  gboolean known;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  if (!check_area (store, area_id, error) ||
      !check_text (text, _("How the measure is met"), 2000, FALSE, error))
    return FALSE;
  stmt = mamori_store_prepare (store,
                               "SELECT 1 FROM area_measures AS m JOIN standards AS s ON "
                               "s.id = m.standard_id JOIN areas AS a ON a.class_code = m.area_class "
                               "WHERE s.active = 1 AND a.id = ? AND m.code = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, area_id);
  mamori_bind_text (stmt, 2, measure_code);
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!known)
    return mamori_area_refuse (error, _("“%s” is not a measure of this area's class."), or_empty (measure_code));

  stmt = mamori_store_prepare (store, "SELECT uuid FROM area_measure_notes WHERE area_id = ? "
                                      "AND measure_code = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, area_id);
  mamori_bind_text (stmt, 2, measure_code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    old_uuid = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (*text == '\0')
    return old_uuid == NULL || audited_delete (store, "area_measure_notes", old_uuid, error);
  if (old_uuid != NULL)
    {
      stmt = mamori_store_prepare (store, "UPDATE area_measure_notes SET how = ? WHERE uuid = ?",
                                   error);
      if (stmt == NULL)
        return FALSE;
      mamori_bind_text (stmt, 1, text);
      mamori_bind_text (stmt, 2, old_uuid);
      return mamori_store_audited_step (store, "area_measure_notes", old_uuid,
                                        MAMORI_AUDIT_UPDATE, stmt, error);
    }
  {
    g_autofree char *uuid = mamori_store_new_uuid (store);

    stmt = mamori_store_prepare (store, "INSERT INTO area_measure_notes (uuid, area_id, "
                                        "measure_code, how) VALUES (?, ?, ?, ?)", error);
    if (stmt == NULL)
      return FALSE;
    mamori_bind_text (stmt, 1, uuid);
    sqlite3_bind_int64 (stmt, 2, area_id);
    mamori_bind_text (stmt, 3, measure_code);
    mamori_bind_text (stmt, 4, text);
    return mamori_store_audited_step (store, "area_measure_notes", uuid, MAMORI_AUDIT_INSERT,
                                      stmt, error);
  }
}

/**
 * mamori_area_get_measure:
 *
 * Returns: (transfer full) (nullable): how the area meets the measure, if recorded
 */
char *
mamori_area_get_measure (MamoriStore *store,
                         gint64       area_id,
                         const char  *measure_code)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT how FROM area_measure_notes "
                                                    "WHERE area_id = ? AND measure_code = ?", NULL);
  char *how = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, area_id);
  mamori_bind_text (stmt, 2, measure_code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    how = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return how;
}

/* Permitted people --------------------------------------------------------------------------- */

/**
 * mamori_area_permit_insert:
 *
 * Adds a person to an area's permitted list; the area's entries are checked again.
 */
gboolean
mamori_area_permit_insert (MamoriStore             *store,
                           const MamoriAreaPermit  *p,
                           gint64                  *out_id,
                           GError                 **error)
{
  g_autofree char *uuid = p->uuid ? g_strdup (p->uuid) : mamori_store_new_uuid (store);
  g_autofree char *staff_name = NULL;
  MamoriAreaPermit named;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  /* A staff member of the register goes by their name there unless another is given. */
  named = *p;
  if ((p->name == NULL || mamori_text_is_blank (p->name)) && p->person_id != 0)
    named.name = staff_name = person_name (store, p->person_id);
  p = &named;
  if (!check_area (store, p->area_id, error) ||
      !check_text (p->name, _("The name"), 100, TRUE, error) ||
      !check_text (p->affiliation, _("The affiliation"), 200, FALSE, error) ||
      !check_kind (p->kind, error) ||
      !check_text (p->contract_number, _("The contract number"), 64, FALSE, error) ||
      !check_text (p->card_number, _("The key or card number"), 64, FALSE, error) ||
      !check_date (p->valid_from, _("The first day of validity"), TRUE, error) ||
      !check_date (p->valid_to, _("The last day of validity"), FALSE, error) ||
      !check_person (store, p->person_id, _("The permitted person"), error))
    return FALSE;
  if (p->valid_to && *p->valid_to && strcmp (p->valid_to, p->valid_from) < 0)
    return mamori_area_refuse (error, _("The last day of validity comes before the first."));
  if (g_strcmp0 (p->kind, "contractor") == 0 && (p->contract_number == NULL || !*p->contract_number))
    return mamori_area_refuse (error, _("A contractor's person needs the number of the contract they work "
                             "under."));

  stmt = mamori_store_prepare (store,
                               "INSERT INTO area_permits (uuid, area_id, person_id, name, "
                               "affiliation, kind, contract_number, card_number, valid_from, "
                               "valid_to, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, p->area_id);
  bind_id (stmt, 3, p->person_id);
  mamori_bind_text (stmt, 4, p->name);
  mamori_bind_text (stmt, 5, or_empty (p->affiliation));
  mamori_bind_text (stmt, 6, p->kind);
  mamori_bind_text (stmt, 7, or_empty (p->contract_number));
  mamori_bind_text (stmt, 8, or_empty (p->card_number));
  mamori_bind_text (stmt, 9, p->valid_from);
  mamori_bind_text (stmt, 10, p->valid_to && *p->valid_to ? p->valid_to : NULL);
  mamori_bind_text (stmt, 11, or_empty (p->note));
  if (!mamori_store_audited_step (store, "area_permits", uuid, MAMORI_AUDIT_INSERT, stmt, error))
    return FALSE;
  if (out_id)
    *out_id = mamori_store_get_last_insert_id (store);
  return mamori_reconcile_refresh (store, p->area_id, 0, error);
}

gboolean
mamori_area_permit_delete (MamoriStore  *store,
                           gint64        id,
                           GError      **error)
{
  g_autofree char *uuid = uuid_of (store, "area_permits", id, error);
  sqlite3_stmt *stmt;
  gint64 area_id = 0;

  if (uuid == NULL)
    return FALSE;
  stmt = mamori_store_prepare (store, "SELECT area_id FROM area_permits WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    area_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return audited_delete (store, "area_permits", uuid, error) &&
         mamori_reconcile_refresh (store, area_id, 0, error);
}

/**
 * mamori_area_permits:
 *
 * Returns: (transfer full) (element-type MamoriAreaPermit): an area's permitted people by name
 */
GPtrArray *
mamori_area_permits (MamoriStore  *store,
                     gint64        area_id,
                     GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_area_permit_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store,
                               "SELECT id, uuid, area_id, person_id, name, affiliation, kind, "
                               "contract_number, card_number, valid_from, valid_to, note "
                               "FROM area_permits WHERE area_id = ? ORDER BY name, valid_from",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, area_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriAreaPermit *p = g_new0 (MamoriAreaPermit, 1);

      p->id = sqlite3_column_int64 (stmt, 0);
      p->uuid = column_dup (stmt, 1);
      p->area_id = sqlite3_column_int64 (stmt, 2);
      p->person_id = sqlite3_column_int64 (stmt, 3);
      p->name = column_dup (stmt, 4);
      p->affiliation = column_dup (stmt, 5);
      p->kind = column_dup (stmt, 6);
      p->contract_number = column_dup (stmt, 7);
      p->card_number = column_dup (stmt, 8);
      p->valid_from = column_dup (stmt, 9);
      p->valid_to = column_dup (stmt, 10);
      p->note = column_dup (stmt, 11);
      g_ptr_array_add (list, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* The entry log ------------------------------------------------------------------------------ */

static gboolean
validate_entry (MamoriStore            *store,
                const MamoriAreaEntry  *e,
                GError                **error)
{
  if (!check_area (store, e->area_id, error) ||
      !check_text (e->name, _("The name"), 100, TRUE, error) ||
      !check_text (e->affiliation, _("The affiliation"), 200, FALSE, error) ||
      !check_kind (e->kind, error) ||
      !check_text (e->purpose, _("The purpose"), 400, FALSE, error) ||
      !check_time (e->entered_at, _("The time of entry"), TRUE, error) ||
      !check_time (e->left_at, _("The time of exit"), FALSE, error) ||
      !check_text (e->card_number, _("The key or card number"), 64, FALSE, error) ||
      !check_text (e->items, _("The media or equipment"), 1000, FALSE, error) ||
      !check_person (store, e->person_id, _("The person"), error) ||
      !check_person (store, e->escort_id, _("The escorting staff member"), error))
    return FALSE;
  if (e->left_at && *e->left_at && strcmp (e->left_at, e->entered_at) < 0)
    return mamori_area_refuse (error, _("The time of exit comes before the time of entry."));
  return TRUE;
}

/**
 * mamori_area_entry_insert:
 *
 * Adds a visit to the entry log and computes its defects.
 */
gboolean
mamori_area_entry_insert (MamoriStore            *store,
                          const MamoriAreaEntry  *e,
                          gint64                 *out_id,
                          GError                **error)
{
  g_autofree char *uuid = e->uuid ? g_strdup (e->uuid) : mamori_store_new_uuid (store);
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  if (!mamori_store_get_bulk (store) && !validate_entry (store, e, error))
    return FALSE;
  stmt = mamori_store_prepare (store,
                               "INSERT INTO area_entries (uuid, area_id, person_id, name, "
                               "affiliation, kind, purpose, entered_at, left_at, escort_id, "
                               "id_checked, card_number, items, unissued_media, note) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, e->area_id);
  bind_id (stmt, 3, e->person_id);
  mamori_bind_text (stmt, 4, e->name);
  mamori_bind_text (stmt, 5, or_empty (e->affiliation));
  mamori_bind_text (stmt, 6, e->kind);
  mamori_bind_text (stmt, 7, or_empty (e->purpose));
  mamori_bind_text (stmt, 8, e->entered_at);
  mamori_bind_text (stmt, 9, e->left_at && *e->left_at ? e->left_at : NULL);
  bind_id (stmt, 10, e->escort_id);
  sqlite3_bind_int (stmt, 11, e->id_checked ? 1 : 0);
  mamori_bind_text (stmt, 12, or_empty (e->card_number));
  mamori_bind_text (stmt, 13, or_empty (e->items));
  sqlite3_bind_int (stmt, 14, e->unissued_media ? 1 : 0);
  mamori_bind_text (stmt, 15, or_empty (e->note));
  if (!mamori_store_audited_step (store, "area_entries", uuid, MAMORI_AUDIT_INSERT, stmt, error))
    return FALSE;
  id = mamori_store_get_last_insert_id (store);
  if (out_id)
    *out_id = id;
  return mamori_reconcile_refresh (store, e->area_id, id, error);
}

/**
 * mamori_area_entry_set_exit:
 *
 * Records when a visitor left.
 */
gboolean
mamori_area_entry_set_exit (MamoriStore  *store,
                            gint64        id,
                            const char   *left_at,
                            GError      **error)
{
  g_autoptr(MamoriAreaEntry) e = mamori_area_entry_load (store, id, error);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  if (e == NULL)
    return FALSE;
  g_free (e->left_at);
  e->left_at = g_strdup (left_at);
  if (!validate_entry (store, e, error))
    return FALSE;
  stmt = mamori_store_prepare (store, "UPDATE area_entries SET left_at = ? WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, left_at && *left_at ? left_at : NULL);
  mamori_bind_text (stmt, 2, e->uuid);
  return mamori_store_audited_step (store, "area_entries", e->uuid, MAMORI_AUDIT_UPDATE, stmt,
                                    error) &&
         mamori_reconcile_refresh (store, e->area_id, id, error);
}

/**
 * mamori_area_entry_record_exit:
 * @at: (nullable): when the person left (2026-04-01T17:05); %NULL: now, to the minute
 * @left_at: (out) (optional) (transfer full): the exit time recorded
 *
 * Records the exit of an open entry, from the log in one keystroke: refused, naming the field,
 * if the entry already has an exit or the time is before the entry.  In the caller's
 * transaction; audited.
 */
gboolean
mamori_area_entry_record_exit (MamoriStore  *store,
                               gint64        id,
                               const char   *at,
                               char        **left_at,
                               GError      **error)
{
  g_autoptr(MamoriAreaEntry) e = mamori_area_entry_load (store, id, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = at ? g_strdup (at) : g_date_time_format (now, "%Y-%m-%dT%H:%M");

  if (e == NULL)
    return FALSE;
  if (e->left_at != NULL)
    {
      g_autofree char *shown = mamori_area_time_display (e->left_at);

      g_set_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID,
                   _("Left at: the exit of %s is already recorded (%s)."), e->name, shown);
      return FALSE;
    }
  if (!mamori_area_entry_set_exit (store, id, when, error))
    return FALSE;
  if (left_at)
    *left_at = g_steal_pointer (&when);
  return TRUE;
}

gboolean
mamori_area_entry_delete (MamoriStore  *store,
                          gint64        id,
                          GError      **error)
{
  g_autofree char *uuid = uuid_of (store, "area_entries", id, error);

  return uuid != NULL && audited_delete (store, "area_entries", uuid, error);
}

#define ENTRY_SELECT \
  "SELECT e.id, e.uuid, e.area_id, e.person_id, e.name, e.affiliation, e.kind, e.purpose, " \
  "e.entered_at, e.left_at, e.escort_id, e.id_checked, e.card_number, e.items, " \
  "e.unissued_media, e.note, e.rule_flags, " \
  "(SELECT name FROM people WHERE id = e.escort_id), " \
  "(SELECT code FROM areas WHERE id = e.area_id) "

static MamoriAreaEntry *
entry_from_row (sqlite3_stmt *stmt,
                guint         mask)
{
  MamoriAreaEntry *e = g_new0 (MamoriAreaEntry, 1);

  e->id = sqlite3_column_int64 (stmt, 0);
  e->uuid = column_dup (stmt, 1);
  e->area_id = sqlite3_column_int64 (stmt, 2);
  e->person_id = sqlite3_column_int64 (stmt, 3);
  e->name = column_dup (stmt, 4);
  e->affiliation = column_dup (stmt, 5);
  e->kind = column_dup (stmt, 6);
  e->purpose = column_dup (stmt, 7);
  e->entered_at = column_dup (stmt, 8);
  e->left_at = column_dup (stmt, 9);
  e->escort_id = sqlite3_column_int64 (stmt, 10);
  e->id_checked = sqlite3_column_int (stmt, 11);
  e->card_number = column_dup (stmt, 12);
  e->items = column_dup (stmt, 13);
  e->unissued_media = sqlite3_column_int (stmt, 14);
  e->note = column_dup (stmt, 15);
  e->rule_flags = (guint)sqlite3_column_int (stmt, 16) & mask;
  e->escort_name = column_dup (stmt, 17);
  e->area_code = column_dup (stmt, 18);
  return e;
}

MamoriAreaEntry *
mamori_area_entry_load (MamoriStore  *store,
                        gint64        id,
                        GError      **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, ENTRY_SELECT "FROM area_entries AS e WHERE e.id = ?", error);
  MamoriAreaEntry *e = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    e = entry_from_row (stmt, MAMORI_AREA_DEFECT_ALL);
  sqlite3_reset (stmt);
  if (e == NULL)
    g_set_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_NOT_FOUND,
                 _("The record no longer exists; it may have been deleted meanwhile."));
  return e;
}

/* The FROM and WHERE clauses of a filter, binding ?1 area, ?2 from, ?3 to, ?4/?5 name range,
 * ?6 mask.  Each names the index that serves it best: without statistics SQLite would walk
 * the time index for the ORDER BY and read millions of rows to find a person's few.  A
 * condition is left out rather than made always true, so that a count by defect reads the
 * defects' index alone. */
static char *
filter_clauses (const MamoriEntryFilter *f)
{
  gboolean area = f->area_id != 0;
  gboolean person = f->person != NULL && *f->person != '\0';
  const char *from;
  GString *sql = g_string_new (NULL);

  if (f->defects != 0)
    from = area ? "FROM area_entries AS e INDEXED BY area_entries_defects "
                  "WHERE e.rule_flags <> 0 AND (e.rule_flags & ?6) <> 0 "
                : "FROM area_entries AS e INDEXED BY area_entries_defects_time "
                  "WHERE e.rule_flags <> 0 AND (e.rule_flags & ?6) <> 0 ";
  else if (person)
    from = "FROM area_entries AS e INDEXED BY area_entries_name WHERE ?6 = ?6 ";
  else if (area)
    from = "FROM area_entries AS e INDEXED BY area_entries_area WHERE ?6 = ?6 ";
  else
    from = "FROM area_entries AS e INDEXED BY area_entries_time WHERE ?6 = ?6 ";
  g_string_append (sql, from);
  g_string_append (sql, area ? "AND e.area_id = ?1 " : "AND ?1 = 0 ");
  g_string_append (sql, "AND e.entered_at >= ?2 AND e.entered_at <= ?3 ");
  g_string_append (sql, person ? "AND e.name >= ?4 AND e.name < ?5 " : "AND ?4 IS NULL AND ?5 IS NULL ");
  return g_string_free (sql, FALSE);
}

static void
bind_filter (sqlite3_stmt            *stmt,
             const MamoriEntryFilter *f)
{
  sqlite3_bind_int64 (stmt, 1, f->area_id);
  mamori_bind_text (stmt, 2, f->from && *f->from ? f->from : "");
  if (f->to && *f->to)
    sqlite3_bind_text (stmt, 3, g_strconcat (f->to, "T99", NULL), -1, g_free);
  else
    mamori_bind_text (stmt, 3, "9999");
  if (f->person && *f->person)
    {
      mamori_bind_text (stmt, 4, f->person);
      /* Every name that starts with the text sorts before text + U+10FFFF. */
      sqlite3_bind_text (stmt, 5, g_strconcat (f->person, "\xf4\x8f\xbf\xbf", NULL), -1, g_free);
    }
  else
    {
      sqlite3_bind_null (stmt, 4);
      sqlite3_bind_null (stmt, 5);
    }
  sqlite3_bind_int (stmt, 6, f->defects);
}

/* How a page is found: by its offset from the top, by its offset from the bottom (read
 * upwards, then turned round), or as the rows that follow a known entry. */
typedef enum { FROM_TOP, FROM_BOTTOM, AFTER_ENTRY } PageSeek;

static GPtrArray *
read_entries (MamoriStore              *store,
              const MamoriEntryFilter  *filter,
              PageSeek                  seek,
              guint                     offset,
              guint                     limit,
              const MamoriAreaEntry    *above,
              GError                  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_area_entry_free);
  g_autofree char *clauses = filter_clauses (filter);
  g_autofree char *sql = NULL;
  guint mask = mamori_reconcile_enabled_mask (store);
  sqlite3_stmt *stmt;
  int rc;

  if (seek == AFTER_ENTRY)
    sql = g_strdup_printf (ENTRY_SELECT "%s AND (e.entered_at, e.id) < (?9, ?10) "
                           "ORDER BY e.entered_at DESC, e.id DESC LIMIT ?7 OFFSET ?8", clauses);
  else
    sql = g_strdup_printf (ENTRY_SELECT "%s ORDER BY e.entered_at %s, e.id %s LIMIT ?7 OFFSET ?8",
                           clauses, seek == FROM_BOTTOM ? "ASC" : "DESC",
                           seek == FROM_BOTTOM ? "ASC" : "DESC");
  stmt = mamori_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter);
  sqlite3_bind_int (stmt, 7, limit);
  sqlite3_bind_int (stmt, 8, offset);
  if (seek == AFTER_ENTRY)
    {
      /* The entry is in the filter, so its time is the period's end from here on: the index
       * is entered there, rather than at the end of the period and read down to it. */
      mamori_bind_text (stmt, 3, above->entered_at);
      mamori_bind_text (stmt, 9, above->entered_at);
      sqlite3_bind_int64 (stmt, 10, above->id);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, entry_from_row (stmt, mask));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  if (seek == FROM_BOTTOM)
    for (guint i = 0, j = list->len; i + 1 < j; i++, j--)
      {
        gpointer swap = list->pdata[i];

        list->pdata[i] = list->pdata[j - 1];
        list->pdata[j - 1] = swap;
      }
  return g_steal_pointer (&list);
}

/**
 * mamori_area_entries:
 * @offset: rows to skip, in the order of the list (newest first)
 *
 * Returns: (transfer full) (element-type MamoriAreaEntry): one page of the entry log
 */
GPtrArray *
mamori_area_entries (MamoriStore              *store,
                     const MamoriEntryFilter  *filter,
                     guint                     offset,
                     guint                     limit,
                     GError                  **error)
{
  return read_entries (store, filter, FROM_TOP, offset, limit, NULL, error);
}

/**
 * mamori_area_entries_at:
 * @offset: the page's first row, in the order of the list (newest first)
 * @total: how many rows the filter has, as mamori_area_entries_count() said
 * @above: (nullable): an entry above @offset that the caller holds: the last of the page
 *   above, or a mark of mamori_area_entries_marks()
 * @above_position: where @above is in the list
 *
 * Reads the same page as mamori_area_entries(), without stepping over every row above it:
 * after @above when that is nearer (a list scrolled down reads the page after the one it
 * holds), else from whichever end of the list is nearer.  Skipping two million rows of the
 * log by OFFSET takes a fifth of a second, which is too long for the main thread.
 *
 * Returns: (transfer full) (element-type MamoriAreaEntry): one page of the entry log
 */
GPtrArray *
mamori_area_entries_at (MamoriStore              *store,
                        const MamoriEntryFilter  *filter,
                        guint                     offset,
                        guint                     limit,
                        guint                     total,
                        const MamoriAreaEntry    *above,
                        guint                     above_position,
                        GError                  **error)
{
  guint end;

  if (offset >= total)
    return read_entries (store, filter, FROM_TOP, offset, limit, NULL, error);
  if (above != NULL && above->entered_at != NULL && above_position < offset)
    {
      guint skip = offset - above_position - 1;

      if (skip <= MIN (offset, total - offset))
        return read_entries (store, filter, AFTER_ENTRY, skip, limit, above, error);
    }
  if (offset <= total / 2)
    return read_entries (store, filter, FROM_TOP, offset, limit, NULL, error);
  /* Rows offset … end - 1 are, from the bottom, total - end … total - offset - 1. */
  end = MIN (total, offset + limit);
  return read_entries (store, filter, FROM_BOTTOM, total - end, end - offset, NULL, error);
}

/**
 * mamori_area_entries_marks:
 * @every: how many rows apart the marks are
 *
 * Reads, in the order of the list, the key of every @every-th row of a filter (the rows at
 * @every - 1, 2 × @every - 1, …): with them mamori_area_entries_at() finds a page anywhere in
 * the list by skipping fewer than @every rows.  One pass over the filter's index, for the
 * worker.
 *
 * Returns: (transfer full) (element-type MamoriAreaEntry): the marked rows, with only their
 *   id and entry time
 */
GPtrArray *
mamori_area_entries_marks (MamoriStore              *store,
                           const MamoriEntryFilter  *filter,
                           guint                     every,
                           GCancellable             *cancellable,
                           GError                  **error)
{
  g_autoptr(GPtrArray) marks = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_area_entry_free);
  g_autofree char *clauses = filter_clauses (filter);
  g_autofree char *sql = g_strdup_printf ("SELECT e.id, e.entered_at %s "
                                          "ORDER BY e.entered_at DESC, e.id DESC", clauses);
  sqlite3_stmt *stmt;
  guint64 row = 0;
  int rc;

  g_return_val_if_fail (every > 0, NULL);
  stmt = mamori_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (++row % every == 0)
        {
          MamoriAreaEntry *mark = g_new0 (MamoriAreaEntry, 1);

          mark->id = sqlite3_column_int64 (stmt, 0);
          mark->entered_at = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
          g_ptr_array_add (marks, mark);
        }
      if ((row & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  sqlite3_reset (stmt);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&marks);
}

gint64
mamori_area_entries_count (MamoriStore              *store,
                           const MamoriEntryFilter  *filter,
                           GError                  **error)
{
  gboolean everything = filter->area_id == 0 && (filter->from == NULL || !*filter->from) &&
                        (filter->to == NULL || !*filter->to) && filter->defects == 0 &&
                        (filter->person == NULL || !*filter->person);
  g_autofree char *clauses = filter_clauses (filter);
  /* The whole log: SQLite counts it from its smallest index without a condition to test. */
  g_autofree char *sql = everything ? g_strdup ("SELECT count(*) FROM area_entries")
                                    : g_strdup_printf ("SELECT count(*) %s", clauses);
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, error);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  if (!everything)
    bind_filter (stmt, filter);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    mamori_store_set_error (store, rc, error);
  return n;
}

/**
 * mamori_area_recent_people:
 *
 * Returns: (transfer full) (element-type MamoriAreaEntry): the last entry of each of the
 *   people who came most recently, newest first: the form offers them to fill a visit in
 */
GPtrArray *
mamori_area_recent_people (MamoriStore  *store,
                           gint64        area_id,
                           guint         limit,
                           GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_area_entry_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = mamori_store_prepare (store, ENTRY_SELECT "FROM area_entries AS e WHERE e.area_id = ? "
                                             "ORDER BY e.entered_at DESC LIMIT 500", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, area_id);
  while (list->len < limit && sqlite3_step (stmt) == SQLITE_ROW)
    {
      MamoriAreaEntry *e = entry_from_row (stmt, 0);

      if (g_hash_table_add (seen, g_strdup (e->name)))
        g_ptr_array_add (list, e);
      else
        mamori_area_entry_free (e);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

/* Moves -------------------------------------------------------------------------------------- */

/**
 * mamori_area_move_insert:
 *
 * Records equipment or a medium carried into or out of an area (第3-2-(3)-イ in Shinjuku's
 * numbering), and computes its defects.
 */
gboolean
mamori_area_move_insert (MamoriStore           *store,
                         const MamoriAreaMove  *m,
                         gint64                *out_id,
                         GError               **error)
{
  g_autofree char *uuid = m->uuid ? g_strdup (m->uuid) : mamori_store_new_uuid (store);
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  if (!check_area (store, m->area_id, error) ||
      !check_time (m->moved_at, _("The time of the move"), TRUE, error) ||
      !check_text (m->item, _("The equipment or medium"), 400, TRUE, error) ||
      !check_text (m->carried_by, _("Who carried it"), 200, FALSE, error) ||
      !check_person (store, m->witness_id, _("The witnessing staff member"), error))
    return FALSE;
  if (g_strcmp0 (m->direction, "in") != 0 && g_strcmp0 (m->direction, "out") != 0)
    return mamori_area_refuse (error, _("The direction of a move is “in” or “out”."));
  if (m->asset_id != 0 &&
      !mamori_store_row_exists (store, "SELECT 1 FROM assets WHERE id = ?", m->asset_id))
    return mamori_area_refuse (error, _("The asset is not in the inventory."));

  stmt = mamori_store_prepare (store,
                               "INSERT INTO area_moves (uuid, area_id, direction, moved_at, item, "
                               "asset_id, is_medium, issued, carried_by, witness_id, note) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, m->area_id);
  mamori_bind_text (stmt, 3, m->direction);
  mamori_bind_text (stmt, 4, m->moved_at);
  mamori_bind_text (stmt, 5, m->item);
  bind_id (stmt, 6, m->asset_id);
  sqlite3_bind_int (stmt, 7, m->is_medium ? 1 : 0);
  sqlite3_bind_int (stmt, 8, m->issued ? 1 : 0);
  mamori_bind_text (stmt, 9, or_empty (m->carried_by));
  bind_id (stmt, 10, m->witness_id);
  mamori_bind_text (stmt, 11, or_empty (m->note));
  if (!mamori_store_audited_step (store, "area_moves", uuid, MAMORI_AUDIT_INSERT, stmt, error))
    return FALSE;
  id = mamori_store_get_last_insert_id (store);
  if (out_id)
    *out_id = id;
  return mamori_reconcile_refresh_moves (store, m->area_id, id, error);
}

GPtrArray *
mamori_area_moves (MamoriStore  *store,
                   gint64        area_id,
                   guint         limit,
                   GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_area_move_free);
  guint mask = mamori_reconcile_enabled_mask (store);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store,
                               "SELECT m.id, m.uuid, m.area_id, m.direction, m.moved_at, m.item, "
                               "m.asset_id, m.is_medium, m.issued, m.carried_by, m.witness_id, "
                               "m.note, m.rule_flags, (SELECT name FROM people WHERE id = m.witness_id) "
                               "FROM area_moves AS m WHERE m.area_id = ? "
                               "ORDER BY m.moved_at DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, area_id);
  sqlite3_bind_int (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriAreaMove *m = g_new0 (MamoriAreaMove, 1);

      m->id = sqlite3_column_int64 (stmt, 0);
      m->uuid = column_dup (stmt, 1);
      m->area_id = sqlite3_column_int64 (stmt, 2);
      m->direction = column_dup (stmt, 3);
      m->moved_at = column_dup (stmt, 4);
      m->item = column_dup (stmt, 5);
      m->asset_id = sqlite3_column_int64 (stmt, 6);
      m->is_medium = sqlite3_column_int (stmt, 7);
      m->issued = sqlite3_column_int (stmt, 8);
      m->carried_by = column_dup (stmt, 9);
      m->witness_id = sqlite3_column_int64 (stmt, 10);
      m->note = column_dup (stmt, 11);
      m->rule_flags = (guint)sqlite3_column_int (stmt, 12) & mask;
      m->witness_name = column_dup (stmt, 13);
      g_ptr_array_add (list, m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Assets kept in an area --------------------------------------------------------------------- */

/**
 * mamori_area_add_asset:
 *
 * Lists an asset of the inventory as kept in an area (it leaves any other area).
 */
gboolean
mamori_area_add_asset (MamoriStore  *store,
                       gint64        area_id,
                       gint64        asset_id,
                       GError      **error)
{
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mamori_store_in_transaction (store), FALSE);

  if (!check_area (store, area_id, error))
    return FALSE;
  if (!mamori_store_row_exists (store, "SELECT 1 FROM assets WHERE id = ?", asset_id))
    return mamori_area_refuse (error, _("The asset is not in the inventory."));
  if (mamori_store_row_exists (store, "SELECT 1 FROM area_assets WHERE asset_id = ?", asset_id) &&
      !mamori_area_remove_asset (store, asset_id, error))
    return FALSE;
  uuid = mamori_store_new_uuid (store);
  stmt = mamori_store_prepare (store, "INSERT INTO area_assets (uuid, area_id, asset_id) "
                                      "VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, area_id);
  sqlite3_bind_int64 (stmt, 3, asset_id);
  return mamori_store_audited_step (store, "area_assets", uuid, MAMORI_AUDIT_INSERT, stmt, error);
}

gboolean
mamori_area_remove_asset (MamoriStore  *store,
                          gint64        asset_id,
                          GError      **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT uuid FROM area_assets WHERE asset_id = ?",
                                             error);
  g_autofree char *uuid = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, asset_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return uuid == NULL || audited_delete (store, "area_assets", uuid, error);
}

/**
 * mamori_area_asset_labels:
 *
 * Returns: (transfer full) (element-type utf8): "code name" of each asset kept in the area
 */
GPtrArray *
mamori_area_asset_labels (MamoriStore  *store,
                          gint64        area_id,
                          GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mamori_store_prepare (store,
                                             "SELECT a.code, a.name FROM area_assets AS x JOIN "
                                             "assets AS a ON a.id = x.asset_id WHERE x.area_id = ? "
                                             "ORDER BY a.code", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, area_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, g_strdup_printf ("%s %s", mamori_column_text (stmt, 0),
                                            mamori_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}
