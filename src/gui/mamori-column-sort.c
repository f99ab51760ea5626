/* mamori-column-sort.c — which column a GtkColumnView is sorted by, on GTK 4.8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A database-backed list sorts in SQL, so it needs to know the column the person clicked and
 * the direction; GTK 4.10 says so (GtkColumnViewSorter), GTK 4.8 does not.  Each column gets
 * a sorter that, asked to compare two private sentinel objects, notes its column and answers
 * “smaller”.  Asking the view's sorter to compare the sentinels then reaches the primary
 * column first: the column noted is the primary one, and the answer, inverted by the view for
 * a descending column, gives the direction.  It works the same on newer GTK.
 */

#include "config.h"

#include "mamori-column-sort.h"

static GObject *sentinel_first;
static GObject *sentinel_second;
static int      noted = -1;

static int
note_column (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  if (a == sentinel_first && b == sentinel_second)
    {
      noted = GPOINTER_TO_INT (user_data);
      return GTK_ORDERING_SMALLER;
    }
  /* Never used to sort items: the model is sorted by the database. */
  return GTK_ORDERING_EQUAL;
}

/**
 * mamori_column_sort_attach:
 * @id: what mamori_column_sort_read() reports for this column
 *
 * Makes @column sortable, reporting @id when it is the primary sort column.
 */
void
mamori_column_sort_attach (GtkColumnViewColumn *column,
                           int                  id)
{
  g_autoptr(GtkSorter) sorter = NULL;

  if (sentinel_first == NULL)
    {
      sentinel_first = g_object_new (G_TYPE_OBJECT, NULL);
      sentinel_second = g_object_new (G_TYPE_OBJECT, NULL);
    }
  sorter = GTK_SORTER (gtk_custom_sorter_new (note_column, GINT_TO_POINTER (id), NULL));
  gtk_column_view_column_set_sorter (column, sorter);
}

/**
 * mamori_column_sort_read:
 * @id: (out): the primary sort column's id
 * @descending: (out): whether it sorts in descending order
 *
 * Returns: %FALSE if the view is not sorted
 */
gboolean
mamori_column_sort_read (GtkColumnView *view,
                         int           *id,
                         gboolean      *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);
  GtkOrdering order;

  if (sorter == NULL || sentinel_first == NULL)
    return FALSE;
  noted = -1;
  order = gtk_sorter_compare (sorter, sentinel_first, sentinel_second);
  if (noted < 0 || order == GTK_ORDERING_EQUAL)
    return FALSE;
  *id = noted;
  *descending = order == GTK_ORDERING_LARGER;
  return TRUE;
}
