/* mamori-org.c — the organisation: sections, people, roles, fiscal years
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write here is audited.  Each function is its own transaction, or a savepoint inside
 * the caller's.
 */

#include "config.h"

#include "mamori-org.h"
#include "mamori-era.h"
#include "mamori-standard.h"
#include "mamori-text.h"

#include <glib/gi18n.h>

void
mamori_section_free (MamoriSection *section)
{
  if (section == NULL)
    return;
  g_free (section->uuid);
  g_free (section->code);
  g_free (section->name);
  g_free (section->level);
  g_free (section->parent_name);
  g_free (section->officer_name);
  g_free (section);
}

void
mamori_person_free (MamoriPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->uuid);
  g_free (person->name);
  g_free (person->kana);
  g_free (person->title);
  g_free (person);
}

/* Says which rule a refused write broke, in words, instead of SQLite's. */
static void
explain_conflict (GError     **error,
                  const char  *message)
{
  if (error == NULL || !g_error_matches (*error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT))
    return;
  g_free ((*error)->message);
  (*error)->message = g_strdup (message);
}

static gboolean
finish (MamoriStore  *store,
        gboolean      ok,
        GError      **error)
{
  if (ok)
    return mamori_store_commit (store, error);
  mamori_store_rollback (store);
  return FALSE;
}

/**
 * mamori_org_add_section:
 * @parent_id: the department (部) a section (課等) belongs to, or 0 for a department
 * @out_id: (out) (optional): the new row's id
 */
gboolean
mamori_org_add_section (MamoriStore  *store,
                        const char   *code,
                        const char   *name,
                        const char   *kana,
                        gint64        parent_id,
                        gint64       *out_id,
                        GError      **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (mamori_text_is_blank (code) || mamori_text_is_blank (name))
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("A section needs a code and a name."));
      return FALSE;
    }
  if (!mamori_store_begin (store, error))
    return FALSE;

  stmt = mamori_store_prepare (store,
                               "INSERT INTO sections (uuid, code, name, kana, level, parent_id) "
                               "VALUES (?, ?, ?, ?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, uuid);
      mamori_bind_text (stmt, 2, code);
      mamori_bind_text (stmt, 3, name);
      mamori_bind_text (stmt, 4, kana ? kana : "");
      mamori_bind_text (stmt, 5, parent_id ? "section" : "department");
      if (parent_id)
        sqlite3_bind_int64 (stmt, 6, parent_id);
      ok = mamori_store_audited_step (store, "sections", uuid, MAMORI_AUDIT_INSERT, stmt, error);
      if (!ok)
        {
          g_autofree char *message = g_strdup_printf (_("A section with the code “%s” already "
                                                        "exists, or its department is missing."),
                                                      code);
          explain_conflict (error, message);
        }
    }
  if (ok && out_id)
    *out_id = mamori_store_get_last_insert_id (store);
  return finish (store, ok, error);
}

/**
 * mamori_org_add_person:
 * @staff_no: (nullable): the staff number, unique if given
 * @section_id: the section the person works in, or 0
 */
gboolean
mamori_org_add_person (MamoriStore  *store,
                       const char   *staff_no,
                       const char   *name,
                       const char   *kana,
                       const char   *title,
                       gint64        section_id,
                       gint64       *out_id,
                       GError      **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (mamori_text_is_blank (name))
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("A person needs a name."));
      return FALSE;
    }
  if (!mamori_store_begin (store, error))
    return FALSE;

  stmt = mamori_store_prepare (store,
                               "INSERT INTO people (uuid, staff_no, name, kana, title, section_id) "
                               "VALUES (?, ?, ?, ?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, uuid);
      mamori_bind_text (stmt, 2, staff_no);
      mamori_bind_text (stmt, 3, name);
      mamori_bind_text (stmt, 4, kana ? kana : "");
      mamori_bind_text (stmt, 5, title ? title : "");
      if (section_id)
        sqlite3_bind_int64 (stmt, 6, section_id);
      ok = mamori_store_audited_step (store, "people", uuid, MAMORI_AUDIT_INSERT, stmt, error);
      if (!ok)
        {
          g_autofree char *message = g_strdup_printf (_("The staff number “%s” is already "
                                                        "used by another person, or the "
                                                        "section is missing."),
                                                      staff_no ? staff_no : "");
          explain_conflict (error, message);
        }
    }
  if (ok && out_id)
    *out_id = mamori_store_get_last_insert_id (store);
  return finish (store, ok, error);
}

/**
 * mamori_org_assign_role:
 * @function: chief, coordinator, network-admin, system-admin, section-officer or staff
 * @section_id: the section a section-officer answers for; 0 for the others
 */
gboolean
mamori_org_assign_role (MamoriStore  *store,
                        gint64        person_id,
                        const char   *function,
                        gint64        section_id,
                        GError      **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!mamori_store_begin (store, error))
    return FALSE;
  stmt = mamori_store_prepare (store,
                               "INSERT INTO person_roles (uuid, person_id, function, section_id) "
                               "VALUES (?, ?, ?, ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      mamori_bind_text (stmt, 1, uuid);
      sqlite3_bind_int64 (stmt, 2, person_id);
      mamori_bind_text (stmt, 3, function);
      if (section_id)
        sqlite3_bind_int64 (stmt, 4, section_id);
      ok = mamori_store_audited_step (store, "person_roles", uuid, MAMORI_AUDIT_INSERT, stmt,
                                      error);
      if (!ok && g_strcmp0 (function, "section-officer") == 0)
        {
          g_autofree char *role = mamori_standard_role_name (store, function);
          g_autofree char *message = g_strdup_printf (_("The section already has its %s, or "
                                                        "none was named."),
                                                      role ? role : function);
          explain_conflict (error, message);
        }
      else if (!ok)
        explain_conflict (error, _("The person already holds this role."));
    }
  return finish (store, ok, error);
}

gboolean
mamori_org_ensure_fiscal_year (MamoriStore  *store,
                               int           year,
                               GError      **error)
{
  g_autofree char *uuid = mamori_store_new_uuid (store);
  g_autofree char *starts = mamori_fiscal_year_start_iso (year);
  g_autofree char *ends = mamori_fiscal_year_end_iso (year);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!mamori_store_begin (store, error))
    return FALSE;

  stmt = mamori_store_prepare (store, "SELECT 1 FROM fiscal_years WHERE year = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      gboolean exists;

      sqlite3_bind_int (stmt, 1, year);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (exists)
        return finish (store, TRUE, error);
    }

  stmt = ok ? mamori_store_prepare (store,
                                    "INSERT INTO fiscal_years (year, uuid, starts_on, ends_on) "
                                    "VALUES (?, ?, ?, ?)", error)
            : NULL;
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int (stmt, 1, year);
      mamori_bind_text (stmt, 2, uuid);
      mamori_bind_text (stmt, 3, starts);
      mamori_bind_text (stmt, 4, ends);
      ok = mamori_store_audited_step (store, "fiscal_years", uuid, MAMORI_AUDIT_INSERT, stmt,
                                      error);
    }
  return finish (store, ok, error);
}

/**
 * mamori_org_list_sections:
 * @sections_only: leave out the departments
 *
 * Returns: (transfer full) (element-type MamoriSection): sections in code order
 */
GPtrArray *
mamori_org_list_sections (MamoriStore  *store,
                          gboolean      sections_only,
                          GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_section_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mamori_store_prepare (store,
    "SELECT s.id, s.uuid, s.code, s.name, s.level, s.parent_id, p.name, "
    "  (SELECT pe.name FROM person_roles AS r JOIN people AS pe ON pe.id = r.person_id "
    "   WHERE r.function = 'section-officer' AND r.section_id = s.id) "
    "FROM sections AS s LEFT JOIN sections AS p ON p.id = s.parent_id "
    "WHERE s.active = 1 AND (?1 = 0 OR s.level = 'section') ORDER BY s.code", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, sections_only);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriSection *s = g_new0 (MamoriSection, 1);

      s->id = sqlite3_column_int64 (stmt, 0);
      s->uuid = g_strdup (mamori_column_text (stmt, 1));
      s->code = g_strdup (mamori_column_text (stmt, 2));
      s->name = g_strdup (mamori_column_text (stmt, 3));
      s->level = g_strdup (mamori_column_text (stmt, 4));
      s->parent_id = sqlite3_column_int64 (stmt, 5);
      s->parent_name = g_strdup (mamori_column_text (stmt, 6));
      s->officer_name = g_strdup (mamori_column_text (stmt, 7));
      g_ptr_array_add (list, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * mamori_org_count:
 * @what: "sections", "departments", "people", "assets", "assets-needing-attention" or
 *   "contracts"
 *
 * Returns: how many there are, or -1 for an unknown @what
 */
gint64
mamori_org_count (MamoriStore *store,
                  const char  *what)
{
  static const struct { const char *what, *sql; } queries[] = {
    { "sections", "SELECT count (*) FROM sections WHERE level = 'section' AND active = 1" },
    { "departments", "SELECT count (*) FROM sections WHERE level = 'department' AND active = 1" },
    { "people", "SELECT count (*) FROM people WHERE active = 1" },
    { "assets", "SELECT count (*) FROM assets" },
    { "assets-needing-attention", "SELECT count (*) FROM assets WHERE rule_flags <> 0" },
    { "contracts", "SELECT count (*) FROM contracts" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    if (g_strcmp0 (what, queries[i].what) == 0)
      return mamori_store_query_int (store, queries[i].sql, 0);
  return -1;
}

/**
 * mamori_org_list_people:
 *
 * Returns: (transfer full) (element-type MamoriPerson): everyone in the register, by reading;
 *   each person's title holds "title, section" for showing
 */
GPtrArray *
mamori_org_list_people (MamoriStore  *store,
                        GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_person_free);
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
                               "SELECT p.id, p.uuid, p.name, p.kana, "
                               "  trim (p.title || ' ' || coalesce (s.name, '')), p.section_id "
                               "FROM people AS p LEFT JOIN sections AS s ON s.id = p.section_id "
                               "WHERE p.active = 1 ORDER BY p.kana, p.name", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MamoriPerson *p = g_new0 (MamoriPerson, 1);

      p->id = sqlite3_column_int64 (stmt, 0);
      p->uuid = g_strdup (mamori_column_text (stmt, 1));
      p->name = g_strdup (mamori_column_text (stmt, 2));
      p->kana = g_strdup (mamori_column_text (stmt, 3));
      p->title = g_strdup (mamori_column_text (stmt, 4));
      p->section_id = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (list, p);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

/* The profile ------------------------------------------------------------------------------- */

/**
 * mamori_org_section_id:
 *
 * Returns: the id of the section with @code, or 0
 */
gint64
mamori_org_section_id (MamoriStore *store,
                       const char  *code)
{
  if (code == NULL || *code == '\0')
    return 0;
  return mamori_store_id_by_text (store, "SELECT id FROM sections WHERE code = ?", code);
}

/**
 * mamori_org_describe_actor:
 * @name: the person's name from the profile; blank when none is set
 * @section_code: (nullable): the profile's section
 * @role_code: (nullable): the profile's role, a code of the active standard's roles
 *
 * Who the audit log names: “佐藤 花子 (情報政策課・情報セキュリティ責任者)”, with what of the
 * section and the role is known.
 *
 * Returns: (transfer full) (nullable): the description, or %NULL if @name is blank
 */
char *
mamori_org_describe_actor (MamoriStore *store,
                           const char  *name,
                           const char  *section_code,
                           const char  *role_code)
{
  g_autofree char *section = NULL;
  g_autofree char *role = NULL;
  g_autofree char *detail = NULL;

  if (mamori_text_is_blank (name))
    return NULL;
  if (store != NULL)
    {
      section = mamori_store_text_by_text (store, "SELECT name FROM sections WHERE code = ?",
                                           section_code);
      role = mamori_store_text_by_text (store,
                                        "SELECT r.name FROM standard_roles AS r JOIN standards "
                                        "AS s ON s.id = r.standard_id WHERE s.active = 1 "
                                        "AND r.code = ?", role_code);
    }
  if (section && role)
    detail = g_strdup_printf ("%s・%s", section, role);
  else
    detail = g_strdup (section ? section : role);
  return detail ? g_strdup_printf ("%s (%s)", name, detail) : g_strdup (name);
}

/**
 * mamori_org_record_profile:
 *
 * Writes to the audit log that the user of this copy now acts as @name of @section_code in
 * @role_code, so that the log shows when the profile changed.
 */
gboolean
mamori_org_record_profile (MamoriStore  *store,
                           const char   *name,
                           const char   *section_code,
                           const char   *role_code,
                           GError      **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store, "SELECT json_object ('name', ?, 'section', ?, 'role', ?)",
                               error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, name);
  mamori_bind_text (stmt, 2, section_code);
  mamori_bind_text (stmt, 3, role_code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    detail = g_strdup (mamori_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (!mamori_store_begin (store, error))
    return FALSE;
  if (!mamori_store_audit_event (store, "profile", detail, error))
    {
      mamori_store_rollback (store);
      return FALSE;
    }
  return mamori_store_commit (store, error);
}
