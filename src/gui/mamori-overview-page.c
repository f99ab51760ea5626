/* mamori-overview-page.c — ダッシュボード: what needs attention now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures are counted on the worker (a million assets take a moment) and shown when they
 * arrive; the page keeps what it showed until then.
 */

#include "config.h"

#include "mamori-overview-page.h"
#include "mamori-application.h"
#include "mamori-page-util.h"

#include <glib/gi18n.h>

struct _MamoriOverviewPage
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  GtkLabel            *organisation_label;
  GtkLabel            *date_label;
  GtkLabel            *sample_label;
  GtkFlowBox          *figures_box;
  AdwPreferencesGroup *classes_group;
  GtkListBox          *classes_list;
  AdwActionRow        *standard_row;

  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (MamoriOverviewPage, mamori_overview_page, ADW_TYPE_BIN)

static GtkWidget *
class_row_new (MamoriCount *count,
               gint64       total)
{
  g_autofree char *number = mamori_format_count (count->count);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (count->name);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, MAX (total, 1));
  GtkWidget *figure = gtk_label_new (number);
  g_autofree char *spoken = g_strdup_printf ("%s: %s", count->name, number);

  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), count->count);
  gtk_widget_set_hexpand (bar, TRUE);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_label_set_width_chars (GTK_LABEL (name), 10);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_width_chars (GTK_LABEL (figure), 9);
  gtk_label_set_xalign (GTK_LABEL (figure), 1);
  gtk_widget_add_css_class (figure, "numeric");

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), figure);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  return row;
}

static void
show_overview (MamoriOverviewPage *self,
               MamoriOverview     *o)
{
  g_autofree char *year = mamori_fiscal_year_label (o->fiscal_year);
  g_autofree char *iso = mamori_date_today_iso ();
  g_autofree char *today = mamori_date_display (iso);
  g_autofree char *date = NULL;
  g_autofree char *version = NULL;
  GtkWidget *child;

  if (o->sections == 0 && o->assets == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_label_set_label (self->organisation_label,
                       o->organisation_name ? o->organisation_name : _("Your Register"));
  /* Translators: the fiscal year, then today's date, both in the Japanese calendar */
  date = g_strdup_printf (_("%s · today %s"), year, today);
  gtk_label_set_label (self->date_label, date);
  gtk_widget_set_visible (GTK_WIDGET (self->sample_label), o->sample);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box))))
    gtk_flow_box_remove (self->figures_box, child);
  gtk_flow_box_append (self->figures_box, mamori_figure_card_new (_("Departments"), o->departments));
  gtk_flow_box_append (self->figures_box, mamori_figure_card_new (_("Sections"), o->sections));
  gtk_flow_box_append (self->figures_box, mamori_figure_card_new (_("Staff"), o->people));
  gtk_flow_box_append (self->figures_box, mamori_figure_card_new (_("Assets"), o->assets));

  mamori_list_box_remove_all (self->classes_list);
  for (guint i = 0; i < o->assets_by_class->len; i++)
    gtk_list_box_append (self->classes_list,
                         class_row_new (g_ptr_array_index (o->assets_by_class, i), o->assets));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->standard_row),
                                 o->standard_title ? o->standard_title : "");
  /* Translators: the version of the standard's text, then of its inspection catalogue */
  version = g_strdup_printf (_("Version %s · inspection catalogue %s"),
                             o->standard_version ? o->standard_version : "",
                             o->catalogue_version ? o->catalogue_version : "");
  adw_action_row_set_subtitle (self->standard_row, version);

  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
overview_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MamoriOverviewPage) self = user_data;
  g_autoptr(MamoriOverview) overview = NULL;
  g_autoptr(GError) error = NULL;

  overview = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (overview == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the overview: %s", error->message);
      return;
    }
  show_overview (self, overview);
}

static void
reload (GtkWidget *widget)
{
  MamoriOverviewPage *self = MAMORI_OVERVIEW_PAGE (widget);

  mamori_page_load_overview (widget, &self->cancellable, overview_loaded);
}

static void
mamori_overview_page_dispose (GObject *object)
{
  MamoriOverviewPage *self = MAMORI_OVERVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mamori_overview_page_parent_class)->dispose (object);
}

static void
mamori_overview_page_class_init (MamoriOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_overview_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriOverviewPage, organisation_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriOverviewPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriOverviewPage, sample_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriOverviewPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, MamoriOverviewPage, classes_group);
  gtk_widget_class_bind_template_child (widget_class, MamoriOverviewPage, classes_list);
  gtk_widget_class_bind_template_child (widget_class, MamoriOverviewPage, standard_row);
}

static void
mamori_overview_page_init (MamoriOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mamori_page_follow_database (GTK_WIDGET (self), reload);
}
