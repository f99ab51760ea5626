/* bench-rollup.c — the inspection roll-up (とりまとめ), timed on a database of any size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-rollup DB [RUNS]
 *
 * On a ward with years of inspections (mamori-cli demo --sections 300 --assets 0
 * --inspection-years 10: 300 sections × the whole catalogue × 10 fiscal years), times what
 * the Inspections view and the evaluation read, the median of RUNS runs, one line each:
 *
 *   BENCH rollup.cycle <ms> ms     by section and by chapter, with last year beside each and
 *                                  the follow-up of last year's plans (mamori_rollup_compute)
 *   BENCH rollup.years <ms> ms     every year's 実施率 over all the years (mamori_rollup_years)
 *   BENCH rollup.drill <ms> ms     every answer of one chapter, all sections
 *   BENCH rollup.sheet <ms> ms     one section's sheet with last year's answers and what the
 *                                  registers know (mamori_sheet_lines)
 *   BENCH rollup.evaluation <ms> ms  the chapters with their rates and audit findings
 *
 * The target of issue 6: the roll-up under 200 ms.  Each line also gives the process's CPU
 * time (cpu=…), which a busy machine does not inflate the way it inflates the wall time.
 */

#include "config.h"

#include "mamori-core.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

typedef gpointer (*Work) (MamoriStore *store, gint64 cycle, gint64 section, GError **error);

static gpointer
work_cycle (MamoriStore *store, gint64 cycle, gint64 section, GError **error)
{
  return mamori_rollup_compute (store, cycle, error);
}

static gpointer
work_years (MamoriStore *store, gint64 cycle, gint64 section, GError **error)
{
  return mamori_rollup_years (store, error);
}

static gpointer
work_drill (MamoriStore *store, gint64 cycle, gint64 section, GError **error)
{
  return mamori_rollup_answers (store, cycle, 0, "第2", error);
}

static gpointer
work_sheet (MamoriStore *store, gint64 cycle, gint64 section, GError **error)
{
  return mamori_sheet_lines (store, mamori_sheet_find (store, cycle, section), TRUE, error);
}

static gpointer
work_evaluation (MamoriStore *store, gint64 cycle, gint64 section, GError **error)
{
  return mamori_evaluation_chapters (store, cycle, error);
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
measure (MamoriStore    *store,
         const char     *name,
         Work            work,
         GDestroyNotify  free_func,
         gint64          cycle,
         gint64          section,
         int             runs)
{
  double *ms = g_new (double, runs);
  double *cpu = g_new (double, runs);

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      gpointer result = work (store, cycle, section, &error);

      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      cpu[i] = cpu_ms () - cpu_start;
      if (result == NULL)
        {
          g_printerr ("bench-rollup: %s: %s\n", name, error ? error->message : "no result");
          exit (EXIT_FAILURE);
        }
      free_func (result);
    }
  qsort (ms, runs, sizeof *ms, compare_double);
  qsort (cpu, runs, sizeof *cpu, compare_double);
  printf ("BENCH rollup.%s %.1f ms (cpu=%.1f ms)\n", name, ms[runs / 2], cpu[runs / 2]);
  g_free (ms);
  g_free (cpu);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GPtrArray) cycles = NULL;
  g_autoptr(GPtrArray) sheets = NULL;
  int runs = argc > 2 ? atoi (argv[2]) : 5;
  gint64 cycle, section;

  if (argc < 2 || runs < 1)
    {
      g_printerr ("usage: bench-rollup DB [RUNS]\n");
      return EXIT_FAILURE;
    }
  mamori_core_init ();
  store = mamori_store_open (argv[1], MAMORI_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL || (cycles = mamori_cycle_list (store, &error)) == NULL)
    {
      g_printerr ("bench-rollup: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (cycles->len < 2)
    {
      g_printerr ("bench-rollup: %s holds fewer than two inspection cycles\n", argv[1]);
      return EXIT_FAILURE;
    }
  /* Last year's cycle: whole, accepted, with the year before it to compare with. */
  cycle = ((MamoriCycle *)g_ptr_array_index (cycles, 1))->id;
  sheets = mamori_sheet_list (store, cycle, &error);
  section = ((MamoriSheet *)g_ptr_array_index (sheets, sheets->len / 2))->section_id;
  printf ("# %u cycles, %u sheets in the measured one, %" G_GINT64_FORMAT " answers in all\n",
          cycles->len, sheets->len,
          mamori_store_query_int (store, "SELECT count (*) FROM inspection_answers", 0));

  measure (store, "cycle", work_cycle, (GDestroyNotify)mamori_rollup_free, cycle, section, runs);
  measure (store, "years", work_years, (GDestroyNotify)g_ptr_array_unref, cycle, section, runs);
  measure (store, "drill", work_drill, (GDestroyNotify)g_ptr_array_unref, cycle, section, runs);
  measure (store, "sheet", work_sheet, (GDestroyNotify)g_ptr_array_unref, cycle, section, runs);
  measure (store, "evaluation", work_evaluation, (GDestroyNotify)g_ptr_array_unref, cycle,
           section, runs);
  return EXIT_SUCCESS;
}
