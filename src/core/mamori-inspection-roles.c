/* mamori-inspection-roles.c — who may do what in the inspection cycle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From the roles people hold (person_roles, by the generic function the loaded standard
 * gives each of its roles): the section's 情報セキュリティ責任者 answers and submits its
 * sheet; the coordinator (統括情報セキュリティ責任者) or the network administrator returns
 * or accepts it; an auditor of another section records audit findings (第7-1); the chief
 * (情報化統括管理者) evaluates and decides the review (第7-3, 7-4).  A refusal names the
 * role it needs, as the loaded standard names it.
 *
 * The core checks when a person acts on the store (mamori_inspection_set_person: the GUI,
 * for its current person).  A store with no person set is the administrator's command line
 * and the sample ward: nothing is checked there.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "mamori-inspection.h"
#include "mamori-inspection-private.h"
#include "mamori-inspection-roles.h"

#define PERSON_KEY "mamori-inspection-person"

/**
 * mamori_inspection_set_person:
 * @person_id: who acts on @store from now on; 0: no one named (nothing is checked)
 */
void
mamori_inspection_set_person (MamoriStore *store,
                              gint64       person_id)
{
  g_object_set_data_full (G_OBJECT (store), PERSON_KEY,
                          person_id ? g_memdup2 (&person_id, sizeof person_id) : NULL, g_free);
}

gint64
mamori_inspection_get_person (MamoriStore *store)
{
  gint64 *id = g_object_get_data (G_OBJECT (store), PERSON_KEY);

  return id ? *id : 0;
}

/**
 * mamori_inspection_find_person:
 *
 * Returns: the active person of the register named @name, if exactly one is; else 0
 */
gint64
mamori_inspection_find_person (MamoriStore *store,
                               const char  *name)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (name == NULL || *name == '\0')
    return 0;
  stmt = mamori_store_prepare (store, "SELECT min (id), count (*) FROM people "
                               "WHERE active = 1 AND name = ?", NULL);
  if (stmt == NULL)
    return 0;
  mamori_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 1) == 1)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* The functions that may do @act, as SQL; NULL: any role, if not of the section. */
static const char *
functions_of (MamoriInspectionAct act)
{
  switch (act)
    {
    case MAMORI_INSPECTION_ACT_ANSWER:
      return "'section-officer'";
    case MAMORI_INSPECTION_ACT_DECIDE:
      return "'coordinator', 'network-admin'";
    case MAMORI_INSPECTION_ACT_EVALUATE:
      return "'chief'";
    case MAMORI_INSPECTION_ACT_AUDIT:
    default:
      return NULL;
    }
}

static const char *
act_label (MamoriInspectionAct act)
{
  switch (act)
    {
    case MAMORI_INSPECTION_ACT_ANSWER:
      return _("answer and submit the section’s sheet");
    case MAMORI_INSPECTION_ACT_DECIDE:
      return _("return or accept a sheet");
    case MAMORI_INSPECTION_ACT_AUDIT:
      return _("audit the section");
    case MAMORI_INSPECTION_ACT_EVALUATE:
    default:
      return _("evaluate and decide the review");
    }
}

/**
 * mamori_inspection_may:
 * @section_id: the section acted on (its sheet, or the audited section); 0 for evaluation
 *
 * Whether @person_id holds a role that may do @act; if not, an error naming the role needed.
 */
gboolean
mamori_inspection_may (MamoriStore          *store,
                       gint64                person_id,
                       MamoriInspectionAct   act,
                       gint64                section_id,
                       GError              **error)
{
  const char *functions = functions_of (act);
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  g_autofree char *roles = NULL;
  gint64 own_section = 0;
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = mamori_store_prepare (store, "SELECT name, coalesce (section_id, 0) FROM people "
                               "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, person_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      name = mamori_column_dup (stmt, 0);
      own_section = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (name == NULL)
    {
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_NOT_FOUND,
                   _("The person acting is not in the register of people."));
      return FALSE;
    }

  if (functions == NULL)
    {
      if (own_section != section_id)
        return TRUE;
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_FORBIDDEN,
                   _("%s belongs to the audited section and may not audit it."), name);
      return FALSE;
    }

  sql = g_strdup_printf ("SELECT 1 FROM person_roles WHERE person_id = ?1 AND function IN (%s) "
                         "AND (function <> 'section-officer' OR section_id = ?2)", functions);
  stmt = mamori_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, person_id);
  sqlite3_bind_int64 (stmt, 2, section_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (found)
    return TRUE;

  /* The role's name as the loaded standard gives it. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT group_concat (r.name, '、') FROM standard_roles AS r JOIN "
                         "standards AS s ON s.id = r.standard_id WHERE s.active = 1 AND "
                         "r.function IN (%s)", functions);
  stmt = mamori_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    roles = mamori_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (act == MAMORI_INSPECTION_ACT_ANSWER)
    {
      g_autofree char *section = NULL;

      stmt = mamori_store_prepare (store, "SELECT name FROM sections WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, section_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        section = mamori_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_FORBIDDEN,
                   /* Translators: who may not, what, the role needed, and of which section */
                   _("%s may not %s: it needs the role %s of %s."), name, act_label (act),
                   roles ? roles : "", section ? section : "");
    }
  else
    g_set_error (error, MAMORI_INSPECTION_ERROR, MAMORI_INSPECTION_ERROR_FORBIDDEN,
                 /* Translators: who may not, what, and the role (or roles) needed */
                 _("%s may not %s: it needs the role %s."), name, act_label (act),
                 roles ? roles : "");
  return FALSE;
}

/**
 * mamori_inspection_check_act:
 *
 * mamori_inspection_may() for the person acting on @store, if one is set.
 */
gboolean
mamori_inspection_check_act (MamoriStore          *store,
                             MamoriInspectionAct   act,
                             gint64                section_id,
                             GError              **error)
{
  gint64 person = mamori_inspection_get_person (store);

  return person == 0 || mamori_inspection_may (store, person, act, section_id, error);
}
