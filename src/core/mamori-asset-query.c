/* mamori-asset-query.c — the inventory as a list: filter, search, sort, page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list of a million assets is shown as an array of their ids in display order, read once
 * per filter or sort (on a worker: about 0.2 s at a million), and pages of rows read by id as
 * they scroll into view (on the main thread: a millisecond).  The first screen comes from the
 * same query with a LIMIT, so that the view answers before the whole array is in.
 *
 * Every sort follows an index, so that the first screen never waits for a sort of the whole
 * table: sections are sorted by their code, through the sections table and the assets'
 * (owner_section_id, code) index.  A search narrows the rows through the bigram index and
 * confirms each word as a substring of the folded text.
 */

#include "config.h"

#include "mamori-asset-query.h"
#include "mamori-search.h"

#include <string.h>

MamoriAssetQuery *
mamori_asset_query_new (void)
{
  return g_new0 (MamoriAssetQuery, 1);
}

MamoriAssetQuery *
mamori_asset_query_copy (const MamoriAssetQuery *q)
{
  MamoriAssetQuery *c = g_memdup2 (q, sizeof *q);

  c->text = g_strdup (q->text);
  c->class_code = g_strdup (q->class_code);
  c->kind = g_strdup (q->kind);
  c->status = g_strdup (q->status);
  return c;
}

void
mamori_asset_query_free (MamoriAssetQuery *q)
{
  if (q == NULL)
    return;
  g_free (q->text);
  g_free (q->class_code);
  g_free (q->kind);
  g_free (q->status);
  g_free (q);
}

gboolean
mamori_asset_query_equal (const MamoriAssetQuery *a,
                          const MamoriAssetQuery *b)
{
  return g_strcmp0 (a->text, b->text) == 0 && a->section_id == b->section_id &&
         g_strcmp0 (a->class_code, b->class_code) == 0 && g_strcmp0 (a->kind, b->kind) == 0 &&
         g_strcmp0 (a->status, b->status) == 0 && a->rule_mask == b->rule_mask &&
         a->area_id == b->area_id && a->sort == b->sort && a->descending == b->descending;
}

void
mamori_asset_row_free (MamoriAssetRow *r)
{
  if (r == NULL)
    return;
  g_free (r->code);
  g_free (r->name);
  g_free (r->kind);
  g_free (r->section);
  g_free (r->class_code);
  g_free (r->class_name);
  g_free (r->status);
  g_free (r->registered_on);
  g_free (r);
}

static const char *
order_by (MamoriAssetSort sort)
{
  switch (sort)
    {
    case MAMORI_ASSET_SORT_NAME: return "a.name %1$s, a.code %1$s";
    case MAMORI_ASSET_SORT_KIND: return "a.kind %1$s, a.code %1$s";
    case MAMORI_ASSET_SORT_SECTION: return "s.code %1$s, a.code %1$s";
    case MAMORI_ASSET_SORT_CLASS: return "a.class_code %1$s, a.code %1$s";
    case MAMORI_ASSET_SORT_STATUS: return "a.status %1$s, a.code %1$s";
    case MAMORI_ASSET_SORT_REGISTERED: return "a.registered_on %1$s, a.code %1$s";
    case MAMORI_ASSET_SORT_CODE:
    default: return "a.code %1$s";
    }
}

/* How many rows a search may read in display order before it turns to the index. */
#define SCAN_ROWS 30000

/* An area keeping more assets than this gives its first screen by reading the list in its
 * order and testing each asset against the area: reading the area's assets and sorting them
 * would take longer than the screen may wait (0.19 s for 100,000 of a million).  The whole
 * list is still read from the area's assets and sorted, which is quicker in all. */
#define AREA_SORT_ROWS 20000

/* Builds the query; binds are numbered: ?1 section, ?2 class, ?3 kind, ?4 status, ?5 mask,
 * ?6 area, ?7 match, ?8… the words.  With @scan, no text condition: the rows come in display
 * order with their folded text, for the caller to test.  With @area_in_order, an area's assets
 * are tested row by row in the list's order rather than read first and sorted. */
static char *
build_sql (const MamoriAssetQuery *q,
           char * const           *words,
           const char             *match,
           guint                   limit,
           gboolean                scan,
           gboolean                area_in_order)
{
  g_autoptr(GString) sql = g_string_new (scan ? "SELECT a.id, a.search_text FROM "
                                              : "SELECT a.id FROM ");
  g_autofree char *order = NULL;

  if (q->sort == MAMORI_ASSET_SORT_SECTION)
    g_string_append (sql, "sections AS s JOIN assets AS a ON a.owner_section_id = s.id ");
  else if (q->rule_mask && q->section_id == 0 && q->area_id == 0)
    /* Few assets fail a check: start from them rather than walk the sort order. */
    g_string_append (sql, "assets AS a INDEXED BY assets_attention ");
  else
    g_string_append (sql, "assets AS a ");
  if (match != NULL && !scan)
    g_string_append (sql, "JOIN asset_search AS f ON f.rowid = a.id ");
  g_string_append (sql, "WHERE 1 ");
  if (q->section_id)
    g_string_append (sql, "AND (a.owner_section_id = ?1 OR a.holding_section_id = ?1) ");
  if (q->class_code)
    g_string_append (sql, "AND a.class_code = ?2 ");
  if (q->kind)
    g_string_append (sql, "AND a.kind = ?3 ");
  if (q->status)
    g_string_append (sql, "AND a.status = ?4 ");
  if (q->rule_mask)
    /* rule_flags <> 0 first, so that the partial index of flagged assets serves. */
    g_string_append (sql, "AND a.rule_flags <> 0 AND (a.rule_flags & ?5) <> 0 ");
  if (q->area_id && area_in_order)
    /* "+ 0": not through the rowid, so that the rows come in the list's order. */
    g_string_append (sql, "AND (a.id + 0) IN (SELECT asset_id FROM area_assets WHERE "
                          "area_id = ?6) ");
  else if (q->area_id)
    /* Start from the area's assets, then sort them. */
    g_string_append (sql, "AND a.id IN (SELECT asset_id FROM area_assets WHERE area_id = ?6) ");
  if (match != NULL && !scan)
    {
      g_string_append (sql, "AND asset_search MATCH ?7 ");
      for (guint i = 0; words[i]; i++)
        g_string_append_printf (sql, "AND instr (a.search_text, ?%u) > 0 ", 8 + i);
    }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  order = g_strdup_printf (order_by (q->sort), q->descending ? "DESC" : "ASC");
#pragma GCC diagnostic pop
  g_string_append_printf (sql, "ORDER BY %s", order);
  if (limit && !scan)
    g_string_append_printf (sql, " LIMIT %u", limit);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}


static void
bind_filters (sqlite3_stmt           *stmt,
              const MamoriAssetQuery *q)
{
  if (q->section_id)
    sqlite3_bind_int64 (stmt, 1, q->section_id);
  mamori_bind_text (stmt, 2, q->class_code);
  mamori_bind_text (stmt, 3, q->kind);
  mamori_bind_text (stmt, 4, q->status);
  sqlite3_bind_int (stmt, 5, (int)q->rule_mask);
  if (q->area_id)
    sqlite3_bind_int64 (stmt, 6, q->area_id);
}

static gboolean
contains_all (const char   *text,
              char * const *words)
{
  for (guint i = 0; words[i]; i++)
    if (text == NULL || strstr (text, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* A search first reads the rows in display order and tests their text, up to SCAN_ROWS rows:
 * a common word fills the first screen within a few hundred rows, and a filter that leaves
 * fewer rows than that is read whole.  Either way the answer is exact and needs no sort.
 * Returns NULL (and no error) when it would have to read on: the index answers then. */
static GArray *
scan_in_order (MamoriStore             *store,
               const MamoriAssetQuery  *q,
               char * const            *words,
               guint                    limit,
               gboolean                 area_in_order,
               GError                 **error)
{
  g_autofree char *sql = build_sql (q, words, NULL, 0, TRUE, area_in_order);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  guint read = 0;
  int rc;

  rc = sqlite3_prepare_v2 (mamori_store_get_db (store), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  bind_filters (stmt, q);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (++read > SCAN_ROWS)
        break;
      if (contains_all ((const char *)sqlite3_column_text (stmt, 1), words))
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
          if (limit && ids->len == limit)
            break;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, error);
      return NULL;
    }
  if (read > SCAN_ROWS)
    return NULL;
  return g_steal_pointer (&ids);
}

/* Lets a long query stop when the list asks for another one meanwhile. */
static int
interrupt_if_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

/**
 * mamori_asset_query_ids:
 * @limit: at most this many (the first screen), or 0 for all
 *
 * Returns: (transfer full) (element-type gint64): the ids of the assets @query selects, in
 *   its order
 */
GArray *
mamori_asset_query_ids (MamoriStore             *store,
                        const MamoriAssetQuery  *q,
                        guint                    limit,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  g_auto(GStrv) words = mamori_search_words (q->text);
  g_autofree char *match = mamori_search_match (words);
  g_autofree char *sql = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3 *db = mamori_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  gboolean area_in_order = FALSE;
  int rc;

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 10000, interrupt_if_cancelled, cancellable);
  if (q->area_id && limit)
    area_in_order = mamori_store_row_exists (store, "SELECT 1 FROM area_assets WHERE area_id = ? "
                                             "LIMIT 1 OFFSET " G_STRINGIFY (AREA_SORT_ROWS),
                                             q->area_id);

  if (match != NULL)
    {
      GError *scan_error = NULL;

      ids = scan_in_order (store, q, words, limit, area_in_order, &scan_error);
      if (scan_error != NULL)
        {
          g_propagate_error (error, scan_error);
          goto out;
        }
      if (ids != NULL)
        goto out;
    }

  sql = build_sql (q, words, match, limit, FALSE, area_in_order);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mamori_store_set_error (store, rc, error);
      goto out;
    }
  bind_filters (stmt, q);
  if (match != NULL)
    {
      mamori_bind_text (stmt, 7, match);
      for (guint i = 0; words[i]; i++)
        mamori_bind_text (stmt, 8 + i, words[i]);
    }

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), limit ? limit : 1024);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&ids, g_array_unref);
      mamori_store_set_error (store, rc, error);
    }

out:
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  if (ids != NULL && g_cancellable_is_cancelled (cancellable))
    g_clear_pointer (&ids, g_array_unref);
  if (ids == NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  return g_steal_pointer (&ids);
}

/**
 * mamori_asset_query_rows:
 *
 * Reads the rows of a page of the list.
 *
 * Returns: (transfer full) (element-type MamoriAssetRow): one row per id, in the order of
 *   @ids (an id that no longer exists gives a row with only its id)
 */
GPtrArray *
mamori_asset_query_rows (MamoriStore   *store,
                         const gint64  *ids,
                         guint          n_ids,
                         GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)mamori_asset_row_free);
  sqlite3_stmt *stmt;

  stmt = mamori_store_prepare (store,
    "SELECT a.code, a.name, a.kind, s.name, a.class_code, c.name, a.status, a.registered_on, "
    "a.rule_flags, a.original_id IS NOT NULL FROM assets AS a "
    "JOIN sections AS s ON s.id = a.owner_section_id "
    "LEFT JOIN (SELECT c.code, c.name FROM classification_classes AS c JOIN standards AS t "
    "           ON t.id = c.standard_id WHERE t.active = 1) AS c ON c.code = a.class_code "
    "WHERE a.id = ?", error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < n_ids; i++)
    {
      MamoriAssetRow *r = g_new0 (MamoriAssetRow, 1);

      r->id = ids[i];
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          r->code = g_strdup (mamori_column_text (stmt, 0));
          r->name = g_strdup (mamori_column_text (stmt, 1));
          r->kind = g_strdup (mamori_column_text (stmt, 2));
          r->section = g_strdup (mamori_column_text (stmt, 3));
          r->class_code = g_strdup (mamori_column_text (stmt, 4));
          r->class_name = g_strdup (mamori_column_text (stmt, 5));
          r->status = g_strdup (mamori_column_text (stmt, 6));
          r->registered_on = g_strdup (mamori_column_text (stmt, 7));
          r->rule_flags = sqlite3_column_int (stmt, 8);
          r->copy = sqlite3_column_int (stmt, 9);
        }
      g_ptr_array_add (rows, r);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&rows);
}
