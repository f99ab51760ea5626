/* bench-open.c — what the application does at start, timed once, in a fresh process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-open DB
 *
 * Opens an existing, up-to-date Mamori database the way the GUI does (read-write, so WAL and
 * synchronous=FULL are set and the schema version is looked at, but nothing is migrated) and
 * runs the reads behind its first screen: the first page of the asset list ordered by code,
 * the number of assets (the list model's cached count) and the count per class (the summary
 * beside it).  Each step is timed with the monotonic clock and printed as
 *
 *   open 1.234
 *   first_page 0.056
 *   ...
 *
 * in milliseconds, one step a line (init, open, first_page, count, by_class, total), for
 * tests/bench/run.sh to collect.  One measurement per process on purpose: the SQLite page
 * cache starts empty as it does when the GUI starts (the operating system's file cache is
 * warm; so it is for the sqlite3 CLI it is compared with).  The runner repeats the process
 * and takes the median.
 */

#include "config.h"

#include "mamori-core.h"

#include <stdio.h>
#include <stdlib.h>

/* The statements are the ones the GUI's list and summary are meant to run (see recipes.md):
 * a LIMIT page through the unique index on code, a count, a GROUP BY on an indexed column. */
#define FIRST_PAGE_SQL                                                                          \
  "SELECT id, code, name, class_code, owner_section_id FROM assets ORDER BY code LIMIT 50"
#define COUNT_SQL    "SELECT count(*) FROM assets"
#define BY_CLASS_SQL "SELECT class_code, count(*) FROM assets GROUP BY class_code"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Steps through every row and reads every column, as a list would to fill its cells, so that
 * the lazy parts of SQLite (text conversion) are paid for.  Returns the number of rows, or -1
 * on an error. */
static gint64
read_all (MamoriStore *store,
          const char  *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = mamori_store_prepare (store, sql, &error);
  gint64 rows = 0;
  size_t bytes = 0;
  int rc;

  if (stmt == NULL)
    {
      g_printerr ("bench-open: %s\n", error->message);
      return -1;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          sqlite3_column_text (stmt, i);
          bytes += sqlite3_column_bytes (stmt, i);
        }
      rows++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mamori_store_set_error (store, rc, &error);
      g_printerr ("bench-open: %s\n", error->message);
      return -1;
    }
  /* Keep the reads from being optimised away, and say what was read. */
  g_debug ("%s: %" G_GINT64_FORMAT " rows, %zu bytes", sql, rows, bytes);
  return rows;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const struct
  {
    const char *name;
    const char *sql;
  } reads[] = {
    { "first_page", FIRST_PAGE_SQL },
    { "count", COUNT_SQL },
    { "by_class", BY_CLASS_SQL },
  };
  double total;
  gint64 start;

  /* No setlocale (): the C locale keeps the decimal point a dot for the runner. */
  if (argc != 2)
    {
      g_printerr ("usage: %s DB\n", argv[0]);
      return 2;
    }
  if (!g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      /* mamori_store_open would create it: a benchmark of an empty file says nothing. */
      g_printerr ("bench-open: %s does not exist\n", argv[1]);
      return 1;
    }

  /* Registering the resources and preparing libxml2 is part of every start; timed apart,
   * and not in the total, which is the database's part. */
  start = g_get_monotonic_time ();
  mamori_core_init ();
  printf ("init %.3f\n", ms_since (start));

  start = g_get_monotonic_time ();
  store = mamori_store_open (argv[1], MAMORI_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_printerr ("bench-open: %s\n", error->message);
      return 1;
    }
  if (mamori_store_get_backup_path (store) != NULL)
    {
      g_printerr ("bench-open: %s needed a migration; build it with this mamori-cli\n", argv[1]);
      return 1;
    }
  total = ms_since (start);
  printf ("open %.3f\n", total);

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      double ms;

      start = g_get_monotonic_time ();
      if (read_all (store, reads[i].sql) < 0)
        return 1;
      ms = ms_since (start);
      total += ms;
      printf ("%s %.3f\n", reads[i].name, ms);
    }
  printf ("total %.3f\n", total);
  return 0;
}
