/* mamori-page-util.c — what every view does alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-page-util.h"

#include <glib/gi18n.h>

static void
reload_if_ready (GtkWidget *page)
{
  MamoriApplication *app = mamori_application_get_default ();
  MamoriPageReload reload = g_object_get_data (G_OBJECT (page), "mamori-page-reload");

  if (app != NULL && mamori_application_get_state (app) == MAMORI_DATABASE_READY)
    reload (page);
}

/**
 * mamori_page_follow_database:
 * @reload: reads the page's data again; called once the database is ready and whenever it
 *   changes as a whole
 *
 * Connects a view to the application's database for as long as the view lives.  Without an
 * application (widget tests) the view keeps its initial state.
 */
void
mamori_page_follow_database (GtkWidget        *page,
                             MamoriPageReload  reload)
{
  GApplication *app = g_application_get_default ();

  g_object_set_data (G_OBJECT (page), "mamori-page-reload", reload);
  if (!MAMORI_IS_APPLICATION (app))
    return;
  g_signal_connect_object (app, "data-changed", G_CALLBACK (reload_if_ready), page,
                           G_CONNECT_SWAPPED);
  reload_if_ready (page);
}

static gpointer
load_overview (MamoriStore   *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return mamori_overview_load (store, cancellable, error);
}

/**
 * mamori_page_load_overview:
 * @cancellable: (inout): the page's cancellable; a load still running is cancelled
 * @callback: receives the page (a new reference) as user data, and a #MamoriOverview from
 *   mamori_worker_run_finish()
 *
 * Counts what the database holds, on the worker.
 */
void
mamori_page_load_overview (GtkWidget            *page,
                           GCancellable        **cancellable,
                           GAsyncReadyCallback   callback)
{
  MamoriWorker *worker = mamori_application_get_worker (mamori_application_get_default ());

  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
  mamori_worker_run_async (worker, load_overview, NULL, NULL,
                           (GDestroyNotify)mamori_overview_free, *cancellable, callback,
                           g_object_ref (page));
}

char *
mamori_format_count (gint64 value)
{
  /* %' groups digits as the locale does: 1,000,000. */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

/**
 * mamori_figure_card_new:
 *
 * Returns: (transfer floating): a card showing one key figure with its caption
 */
GtkWidget *
mamori_figure_card_new (const char *caption,
                        gint64      value)
{
  g_autofree char *number = mamori_format_count (value);
  g_autofree char *spoken = g_strdup_printf ("%s: %s", caption, number);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *figure = gtk_label_new (number);
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "figure-card");
  gtk_widget_add_css_class (figure, "title-1");
  gtk_widget_add_css_class (figure, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), figure);
  gtk_box_append (GTK_BOX (box), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  return box;
}

void
mamori_list_box_remove_all (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

/**
 * mamori_shortcuts_show_accels:
 * @widget: a GtkShortcutsWindow, or any widget under it
 *
 * Gives each GtkShortcutsShortcut named by its action the keys @application gives that
 * action.  GTK looks them up only for the help overlay that GtkApplicationWindow makes itself;
 * Mamori makes its shortcuts window when it is asked for (see mamori-window.c).
 */
void
mamori_shortcuts_show_accels (GtkWidget      *widget,
                              GtkApplication *application)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *action = NULL;

      g_object_get (widget, "action-name", &action, NULL);
      if (action != NULL && application != NULL)
        {
          g_auto(GStrv) accels = gtk_application_get_accels_for_action (application, action);
          g_autofree char *joined = g_strjoinv (" ", accels);

          if (*joined != '\0')
            g_object_set (widget, "accelerator", joined, NULL);
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    mamori_shortcuts_show_accels (child, application);
}
