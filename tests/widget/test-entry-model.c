/* test-entry-model.c — the entry log's list model reads the right rows wherever it is asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model reads a page after the one above it, from the nearest mark the worker made, or
 * from the nearer end of the log.  Whichever way, the row at a position is the row
 * mamori_area_entries() reads at that offset: checked on a log of 20,000 entries, many at
 * the same minute, by jumps in an unpredictable order and by a scroll across a mark.  No
 * display is needed: the model is a GListModel.
 */

#include "config.h"

#include "mamori-entry-model.h"
#include "mamori-test-utils.h"

#include <locale.h>
#include <time.h>

typedef struct
{
  char        *dir;
  MamoriStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MamoriDemoOptions options;

  f->dir = mt_tmpdir_new ();
  f->store = mt_store_new (f->dir, "log.db");
  mamori_demo_options_init (&options);
  options.sections = 10;
  options.assets = 50;
  options.areas = 3;
  options.entries = 20000;
  g_assert_true (mamori_demo_build (f->store, &options, NULL, &error));
  g_assert_no_error (error);
  /* Whole hours only: dozens of entries share each time, ordered between them by id. */
  g_assert_true (mamori_store_exec (f->store, "UPDATE area_entries SET entered_at = "
                                              "substr (entered_at, 1, 13) || ':00'", &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  mt_tmpdir_free (g_steal_pointer (&f->dir));
}

static gint64
id_at (MamoriStore             *store,
       const MamoriEntryFilter *filter,
       guint                    position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) row = mamori_area_entries (store, filter, position, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (row->len, ==, 1);
  return ((MamoriAreaEntry *)g_ptr_array_index (row, 0))->id;
}

static gint64
model_id_at (MamoriEntryModel *model,
             guint             position)
{
  g_autoptr(MamoriEntryItem) item = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (item);
  return mamori_entry_item_get_entry (item)->id;
}

static MamoriEntryModel *
model_for (MamoriStore             *store,
           const MamoriEntryFilter *filter,
           gboolean                 marked)
{
  g_autoptr(GError) error = NULL;
  MamoriEntryModel *model = mamori_entry_model_new (store);
  MamoriEntryQuery *query = mamori_entry_query_new (filter);

  guint serial = mamori_entry_model_get_serial (model);

  g_assert_true (mamori_entry_query_run (store, query, NULL, &error) == query);
  g_assert_no_error (error);
  mamori_entry_model_show (model, query);
  mamori_entry_query_free (query);
  /* Rows shown anew, or read again after an edit, take a new serial: the areas page sets marks
   * only on the rows of the serial they were read for. */
  g_assert_cmpuint (mamori_entry_model_get_serial (model), !=, serial);
  serial = mamori_entry_model_get_serial (model);
  mamori_entry_model_refresh (model);
  g_assert_cmpuint (mamori_entry_model_get_serial (model), !=, serial);
  if (marked)
    {
      query = mamori_entry_query_new (filter);
      g_assert_true (mamori_entry_query_run_marks (store, query, NULL, &error) == query);
      g_assert_no_error (error);
      g_assert_cmpuint (query->marks->len, ==,
                        g_list_model_get_n_items (G_LIST_MODEL (model)) /
                        MAMORI_ENTRY_MARK_EVERY);
      mamori_entry_model_set_marks (model, query);
      g_assert_null (query->marks);
      mamori_entry_query_free (query);
    }
  return model;
}

static void
check_model (MamoriStore             *store,
             const MamoriEntryFilter *filter,
             gboolean                 marked)
{
  g_autoptr(MamoriEntryModel) model = model_for (store, filter, marked);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint edges[] = { n - 1, n / 2, n / 2 + 1, MAMORI_ENTRY_MARK_EVERY - 1,
                    MAMORI_ENTRY_MARK_EVERY, MAMORI_ENTRY_MARK_EVERY * 2 + 63,
                    MAMORI_ENTRY_MARK_EVERY * 3 - 64, 0, 1, n - 64 };

  g_assert_cmpuint (n, >, 4 * MAMORI_ENTRY_MARK_EVERY);
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    g_assert_cmpint (model_id_at (model, edges[i]), ==, id_at (store, filter, edges[i]));
  /* Jumps anywhere, in no order. */
  for (guint i = 0; i < 60; i++)
    {
      guint position = g_rand_int_range (rand, 0, n);

      g_assert_cmpint (model_id_at (model, position), ==, id_at (store, filter, position));
    }
  /* A scroll down across a mark, row by row. */
  for (guint position = MAMORI_ENTRY_MARK_EVERY * 2 - 200;
       position < MAMORI_ENTRY_MARK_EVERY * 2 + 200; position++)
    g_assert_cmpint (model_id_at (model, position), ==, id_at (store, filter, position));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));
}

static void
test_whole_log (Fixture       *f,
                gconstpointer  data)
{
  MamoriEntryFilter filter = { 0 };

  check_model (f->store, &filter, TRUE);
  check_model (f->store, &filter, FALSE);
}

static void
test_period (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *from = mamori_store_query_text (f->store, "SELECT substr (entered_at, 1, 10) "
                                                            "FROM area_entries ORDER BY "
                                                            "entered_at LIMIT 1 OFFSET 2000");
  MamoriEntryFilter filter = { 0 };

  filter.from = from;
  check_model (f->store, &filter, TRUE);
}

int
main (int    argc,
      char **argv)
{
  /* As mt_init(), without G_TEST_OPTION_ISOLATE_DIRS: nothing here touches the user's
   * folders, and GLib 2.74 leaks the folders it sets for each test (LeakSanitizer, with the
   * full unwinder the widget suite uses, reports them). */
  g_setenv ("TZ", "Asia/Tokyo", TRUE);
  tzset ();
  setlocale (LC_ALL, "C.UTF-8");
  mamori_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/entry-model/whole-log", Fixture, NULL, fixture_set_up, test_whole_log,
              fixture_tear_down);
  g_test_add ("/entry-model/period", Fixture, NULL, fixture_set_up, test_period,
              fixture_tear_down);
  return g_test_run ();
}
