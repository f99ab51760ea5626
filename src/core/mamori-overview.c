/* mamori-overview.c — what the dashboard shows, in one read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counting a million assets takes a moment: load this on a MamoriWorker, not on the main
 * thread.
 */

#include "config.h"

#include "mamori-overview.h"
#include "mamori-era.h"
#include "mamori-org.h"

void
mamori_count_free (MamoriCount *count)
{
  if (count == NULL)
    return;
  g_free (count->code);
  g_free (count->name);
  g_free (count);
}

void
mamori_overview_free (MamoriOverview *o)
{
  if (o == NULL)
    return;
  g_free (o->organisation_name);
  g_clear_pointer (&o->assets_by_class, g_ptr_array_unref);
  g_clear_pointer (&o->assets_by_kind, g_ptr_array_unref);
  g_free (o->standard_title);
  g_free (o->standard_version);
  g_free (o->catalogue_version);
  g_free (o);
}

static GPtrArray *
load_counts (MamoriStore  *store,
             const char   *sql,
             GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_count_free);
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriCount *c = g_new0 (MamoriCount, 1);

      c->code = g_strdup (mamori_column_text (stmt, 0));
      c->name = g_strdup (mamori_column_text (stmt, 1));
      c->count = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (list, c);
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
 * mamori_overview_load:
 *
 * Returns: (transfer full) (nullable): the figures of the dashboard
 */
MamoriOverview *
mamori_overview_load (MamoriStore   *store,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(MamoriOverview) o = g_new0 (MamoriOverview, 1);
  g_autofree char *sample = NULL;
  sqlite3_stmt *stmt;

  o->organisation_name = mamori_store_get_setting (store, "organisation-name");
  sample = mamori_store_get_setting (store, "sample-ward");
  o->sample = g_strcmp0 (sample, "1") == 0;
  o->departments = mamori_org_count (store, "departments");
  o->sections = mamori_org_count (store, "sections");
  o->people = mamori_org_count (store, "people");
  o->assets = mamori_org_count (store, "assets");
  o->audit_entries = mamori_store_query_int (store, "SELECT max (seq) FROM audit_log", 0);
  o->fiscal_year = mamori_fiscal_year_current ();

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Every class of the active standard, with the assets in it (zero included). */
  o->assets_by_class = load_counts (store,
    "SELECT c.code, c.name, (SELECT count (*) FROM assets AS a WHERE a.class_code = c.code "
    "                        AND a.status = 'active') "
    "FROM classification_classes AS c JOIN standards AS s ON s.id = c.standard_id "
    "WHERE s.active = 1 ORDER BY c.rank", error);
  if (o->assets_by_class == NULL)
    return NULL;
  o->assets_by_kind = load_counts (store,
    "SELECT kind, kind, count (*) FROM assets WHERE status = 'active' GROUP BY kind "
    "ORDER BY 3 DESC", error);
  if (o->assets_by_kind == NULL)
    return NULL;

  stmt = mamori_store_prepare (store, "SELECT title, version, catalogue_version FROM standards "
                                      "WHERE active = 1", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      o->standard_title = g_strdup (mamori_column_text (stmt, 0));
      o->standard_version = g_strdup (mamori_column_text (stmt, 1));
      o->catalogue_version = g_strdup (mamori_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&o);
}
