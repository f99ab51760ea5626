/* mamori-assets-page.c — the Assets view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-assets-page.h"
#include "mamori-application.h"
#include "mamori-page-util.h"

#include <glib/gi18n.h>

struct _MamoriAssetsPage
{
  AdwBin         parent_instance;

  GtkStack      *stack;
  AdwStatusPage *summary_page;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (MamoriAssetsPage, mamori_assets_page, ADW_TYPE_BIN)

static void
show_summary (MamoriAssetsPage *self,
              MamoriOverview   *o)
{
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *total = mamori_format_count (o->assets);
  g_autofree char *title = NULL;

  if (o->assets == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Asset Registered",
                                        "%s Assets Registered", o->assets), total);
  for (guint i = 0; i < o->assets_by_class->len; i++)
    {
      MamoriCount *c = g_ptr_array_index (o->assets_by_class, i);
      g_autofree char *n = mamori_format_count (c->count);

      g_string_append_printf (description, "%s%s: %s", i ? " · " : "", c->name, n);
    }
  adw_status_page_set_title (self->summary_page, title);
  adw_status_page_set_description (self->summary_page, description->str);
  gtk_stack_set_visible_child_name (self->stack, "summary");
}

static void
overview_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MamoriAssetsPage) self = user_data;
  g_autoptr(MamoriOverview) overview = NULL;
  g_autoptr(GError) error = NULL;

  overview = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (overview != NULL)
    show_summary (self, overview);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not count the assets: %s", error->message);
}

static void
reload (GtkWidget *widget)
{
  MamoriAssetsPage *self = MAMORI_ASSETS_PAGE (widget);

  mamori_page_load_overview (widget, &self->cancellable, overview_loaded);
}

static void
mamori_assets_page_dispose (GObject *object)
{
  MamoriAssetsPage *self = MAMORI_ASSETS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mamori_assets_page_parent_class)->dispose (object);
}

static void
mamori_assets_page_class_init (MamoriAssetsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mamori_assets_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-assets-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, summary_page);
}

static void
mamori_assets_page_init (MamoriAssetsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mamori_page_follow_database (GTK_WIDGET (self), reload);
}
