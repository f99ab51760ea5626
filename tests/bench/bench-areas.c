/* bench-areas.c — the entry log's filters, timed on a database of any size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-areas DB [RUNS]
 *
 * Runs what the Areas view runs on each interaction, through the same core calls: the list
 * of areas with their defect counts, and for each filter of the entry log (by area, period,
 * person and defect, alone and together) what the log's model reads for its first screen —
 * the count of all that match and the first page of 64 rows — then a page deep in the list
 * (what scrolling fetches).  Prints the median of RUNS runs in milliseconds, one line each:
 *
 *   BENCH areas.<interaction> <ms> ms    (first page and count)
 *
 * With MAMORI_BENCH_SQL_DIR set, each interaction is run once more with SQLite's statement
 * trace on, and the statements it ran, with their parameters filled in, are written to
 * DIR/<interaction>.sql: run-areas.sh times the sqlite3 CLI on the very same SQL.
 *
 * The target of issue 4: every filter under 100 ms at 200 areas and 2,000,000 entries.
 */

#include "config.h"

#include "mamori-core.h"

#include <stdio.h>
#include <stdlib.h>

#define PAGE 64
#define MARK_EVERY 2048

static GPtrArray *marks;

static int runs = 5;
static const char *sql_dir;

static int
trace_statement (unsigned  type,
                 void     *data,
                 void     *stmt,
                 void     *unused)
{
  char *sql = sqlite3_expanded_sql (stmt);

  if (sql != NULL)
    g_string_append_printf (data, "%s;\n", sql);
  sqlite3_free (sql);
  return 0;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void
report (const char *name,
        double     *ms,
        gint64      found)
{
  qsort (ms, runs, sizeof *ms, compare_double);
  g_print ("BENCH areas.%s %.1f ms\t(%" G_GINT64_FORMAT " rows)\n", name, ms[runs / 2], found);
}

/* With @total (not 0), the page at @offset is read as the list reads a page it jumps to:
 * mamori_area_entries_at(), from the nearer end. */
static void
measure_page (MamoriStore             *store,
              const char              *name,
              const MamoriEntryFilter *filter,
              guint                    offset,
              guint                    total)
{
  double ms[64];
  gint64 found = 0;

  g_autoptr(GString) trace = g_string_new (NULL);

  /* The last run, untimed, with the trace on when the statements are wanted. */
  for (int r = 0; r <= runs; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = NULL;
      gint64 start = g_get_monotonic_time ();

      if (r == runs && sql_dir == NULL)
        break;
      if (r == runs)
        sqlite3_trace_v2 (mamori_store_get_db (store), SQLITE_TRACE_STMT, trace_statement, trace);
      if (offset == 0)
        found = mamori_area_entries_count (store, filter, &error);
      g_assert_no_error (error);
      if (total != 0 && marks != NULL && offset / MARK_EVERY > 0 &&
          offset / MARK_EVERY - 1 < marks->len)
        page = mamori_area_entries_at (store, filter, offset, PAGE, total,
                                       g_ptr_array_index (marks, offset / MARK_EVERY - 1),
                                       offset / MARK_EVERY * MARK_EVERY - 1, &error);
      else if (total != 0)
        page = mamori_area_entries_at (store, filter, offset, PAGE, total, NULL, 0, &error);
      else
        page = mamori_area_entries (store, filter, offset, PAGE, &error);
      g_assert_no_error (error);
      if (offset != 0)
        found = page->len;
      if (r < runs)
        ms[r] = (g_get_monotonic_time () - start) / 1000.0;
    }
  if (sql_dir != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s.sql", sql_dir, name);
      g_autoptr(GError) error = NULL;

      sqlite3_trace_v2 (mamori_store_get_db (store), 0, NULL, NULL);
      g_file_set_contents (path, trace->str, -1, &error);
      g_assert_no_error (error);
    }
  report (name, ms, found);
}

static void
measure (MamoriStore             *store,
         const char              *name,
         const MamoriEntryFilter *filter,
         guint                    offset)
{
  measure_page (store, name, filter, offset, 0);
}

/* The worker's pass that marks every MARK_EVERY-th row (as the list's marks, 2048 apart). */
static void
measure_marks (MamoriStore             *store,
               const char              *name,
               const MamoriEntryFilter *filter)
{
  double ms[64];

  for (int r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_clear_pointer (&marks, g_ptr_array_unref);
      marks = mamori_area_entries_marks (store, filter, MARK_EVERY, NULL, &error);
      g_assert_no_error (error);
      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
    }
  report (name, ms, marks->len);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autofree char *name = NULL;
  g_autofree char *last = NULL;
  g_autofree char *month = NULL;
  g_autofree char *week = NULL;
  MamoriEntryFilter f = { 0 };
  double ms[64];
  gint64 area_id, n_areas = 0;

  if (argc < 2)
    {
      g_printerr ("usage: bench-areas DB [RUNS]\n");
      return 2;
    }
  if (argc > 2)
    runs = CLAMP (atoi (argv[2]), 1, 64);
  sql_dir = g_getenv ("MAMORI_BENCH_SQL_DIR");
  mamori_core_init ();
  store = mamori_store_open (argv[1], MAMORI_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  for (int r = 0; r < runs; r++)
    {
      g_autoptr(GPtrArray) areas = NULL;
      gint64 start = g_get_monotonic_time ();

      areas = mamori_area_list (store, &error);
      g_assert_no_error (error);
      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      n_areas = areas->len;
    }
  report ("list-areas", ms, n_areas);

  /* A busy area, the last day of the log, the person who came most. */
  area_id = mamori_store_query_int (store, "SELECT id FROM areas ORDER BY code LIMIT 1", 0);
  last = mamori_store_query_text (store, "SELECT substr (max (entered_at), 1, 10) FROM area_entries");
  name = mamori_store_query_text (store, "SELECT name FROM area_entries WHERE area_id = "
                                         "(SELECT id FROM areas ORDER BY code LIMIT 1) "
                                         "ORDER BY entered_at DESC LIMIT 1");
  month = mamori_store_query_text (store, "SELECT date (substr (max (entered_at), 1, 10), "
                                          "'-1 month') FROM area_entries");
  week = mamori_store_query_text (store, "SELECT date (substr (max (entered_at), 1, 10), "
                                         "'-7 days') FROM area_entries");
  g_printerr ("%" G_GINT64_FORMAT " entries; last day %s; person %s\n",
              mamori_store_query_int (store, "SELECT count(*) FROM area_entries", 0),
              last ? last : "-", name ? name : "-");

  measure (store, "all", &f, 0);
  measure (store, "all.scrolled-10000", &f, 10000);
  {
    guint total = (guint)mamori_store_query_int (store, "SELECT count(*) FROM area_entries", 0);

    /* A jump to the middle of the log and to its end, as a dragged scroll bar asks for: from
     * the nearer end, then (as the list does once the worker has marked the log) from the
     * nearest mark above. */
    measure_page (store, "all.jump-middle", &f, total / 2, total);
    measure_page (store, "all.jump-end", &f, total > PAGE ? total - PAGE : 0, total);
    measure_marks (store, "all.marks", &f);
    measure_page (store, "all.jump-middle-marked", &f, total / 2, total);
  }
  f.area_id = area_id;
  measure (store, "area", &f, 0);
  measure (store, "area.scrolled-5000", &f, 5000);
  f.from = month;
  f.to = last;
  measure (store, "area.month", &f, 0);
  f.area_id = 0;
  f.from = week;
  measure (store, "week", &f, 0);
  f.from = month;
  measure (store, "month", &f, 0);
  f.from = f.to = NULL;
  f.person = name;
  measure (store, "person", &f, 0);
  f.area_id = area_id;
  measure (store, "person.area", &f, 0);
  f.person = NULL;
  f.area_id = 0;
  f.defects = MAMORI_AREA_DEFECT_ALL;
  measure (store, "defects", &f, 0);
  f.defects = MAMORI_AREA_DEFECT_NO_ESCORT;
  measure (store, "defect.no-escort", &f, 0);
  f.area_id = area_id;
  f.defects = MAMORI_AREA_DEFECT_ALL;
  measure (store, "defects.area", &f, 0);
  f.from = month;
  f.to = last;
  measure (store, "defects.area.month", &f, 0);
  return 0;
}
