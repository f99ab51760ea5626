/* bench-list.c — the inventory list's interactions, timed on a database of any size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-list DB [RUNS]
 *
 * Runs what the Assets view runs on each interaction — the first screen (120 rows) and then
 * the whole id list, through mamori_asset_query_ids(), the query the view's thread runs, and
 * the first page of rows through mamori_asset_query_rows() — for: opening the view, a sort by
 * each column both ways, a search keystroke by keystroke (Japanese, two- and one-character
 * words, a half-width variant), and the filters.  Prints the median of RUNS runs, in
 * milliseconds, one line each:
 *
 *   BENCH list.<interaction>.first <ms> ms     (what the person sees: the first screen)
 *   BENCH list.<interaction>.all <ms> ms       (the whole list, read behind it)
 *
 * The targets of issue 3: every interaction's first screen under 100 ms.
 */

#include "config.h"

#include "mamori-core.h"

#include <stdio.h>
#include <stdlib.h>

#define FIRST_SCREEN 120

static int runs = 5;

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof *values, compare_double);
  return values[n / 2];
}

/* Times one interaction: the first screen with its rows, then the whole list. */
static void
measure (MamoriStore            *store,
         const char             *name,
         const MamoriAssetQuery *q)
{
  double first[64], all[64];
  guint found = 0;

  for (int r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) head = NULL;
      g_autoptr(GArray) ids = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      gint64 start = g_get_monotonic_time ();

      head = mamori_asset_query_ids (store, q, FIRST_SCREEN, NULL, &error);
      if (head == NULL)
        g_error ("%s: %s", name, error->message);
      rows = mamori_asset_query_rows (store, (gint64 *)head->data, MIN (head->len, 40u), &error);
      first[r] = (g_get_monotonic_time () - start) / 1000.0;

      start = g_get_monotonic_time ();
      ids = mamori_asset_query_ids (store, q, 0, NULL, &error);
      if (ids == NULL)
        g_error ("%s: %s", name, error->message);
      all[r] = (g_get_monotonic_time () - start) / 1000.0;
      found = ids->len;
    }
  printf ("BENCH list.%s.first %.2f ms\n", name, median (first, runs));
  printf ("BENCH list.%s.all %.2f ms\n", name, median (all, runs));
  printf ("# %s: %u rows\n", name, found);
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  static const char *sorts[] = { "code", "name", "kind", "section", "class", "status", "registered" };
  static const char *keystrokes[] = { "台", "台帳", "システム", "ｼｽﾃﾑ", "総務", "課", "設定 情報",
                                      "パスワード管理表" };
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetQuery) q = mamori_asset_query_new ();
  g_autofree char *top = NULL;

  if (argc < 2)
    {
      g_printerr ("usage: bench-list DB [RUNS]\n");
      return 2;
    }
  if (argc > 2)
    runs = CLAMP (atoi (argv[2]), 1, 64);

  mamori_core_init ();
  store = mamori_store_open (argv[1], MAMORI_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  measure (store, "open", q);
  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    for (int d = 0; d < 2; d++)
      {
        g_autofree char *name = g_strdup_printf ("sort-%s-%s", sorts[i], d ? "desc" : "asc");

        q->sort = i;
        q->descending = d;
        measure (store, name, q);
      }
  q->sort = MAMORI_ASSET_SORT_CODE;
  q->descending = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
    {
      g_autofree char *name = g_strdup_printf ("search-%u", i);

      printf ("# %s is “%s”\n", name, keystrokes[i]);
      g_free (q->text);
      q->text = g_strdup (keystrokes[i]);
      measure (store, name, q);
    }
  g_clear_pointer (&q->text, g_free);

  q->section_id = mamori_store_query_int (store, "SELECT id FROM sections WHERE level = 'section' "
                                                 "ORDER BY code LIMIT 1 OFFSET 5", 0);
  measure (store, "filter-section", q);
  q->section_id = 0;
  top = mamori_rules_top_class (store);
  q->class_code = g_strdup (top);
  measure (store, "filter-class", q);
  g_clear_pointer (&q->class_code, g_free);
  q->kind = g_strdup ("medium");
  measure (store, "filter-kind", q);
  g_clear_pointer (&q->kind, g_free);
  q->rule_mask = mamori_rules_enabled_mask (store);
  measure (store, "filter-attention", q);
  q->rule_mask = 0;
  /* The managed area keeping the most assets, by name. */
  q->area_id = mamori_store_query_int (store, "SELECT area_id FROM area_assets GROUP BY area_id "
                                              "ORDER BY count (*) DESC LIMIT 1", 0);
  printf ("# filter-area keeps %" G_GINT64_FORMAT " assets\n",
          mamori_store_query_int (store, "SELECT count (*) FROM area_assets WHERE area_id = (SELECT "
                                         "area_id FROM area_assets GROUP BY area_id ORDER BY "
                                         "count (*) DESC LIMIT 1)", 0));
  q->sort = MAMORI_ASSET_SORT_NAME;
  measure (store, "filter-area", q);
  q->sort = MAMORI_ASSET_SORT_CODE;
  q->area_id = 0;
  q->rule_mask = mamori_rules_enabled_mask (store);
  q->section_id = mamori_store_query_int (store, "SELECT id FROM sections WHERE level = 'section' "
                                                 "ORDER BY code LIMIT 1 OFFSET 5", 0);
  q->text = g_strdup ("データ");
  q->sort = MAMORI_ASSET_SORT_NAME;
  measure (store, "filter-combined", q);
  return 0;
}
