/* test-templates.c — every template builds on GTK 4.8 / libadwaita 1.2 and goes away whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * .ui files are not checked by the compile-time version macros: a widget or property newer
 * than the floor only fails when the template is instantiated.  This builds each one.
 */

#include "config.h"

#include <adwaita.h>

#include "mamori-application.h"
#include "mamori-areas-page.h"
#include "mamori-asset-editor.h"
#include "mamori-assets-page.h"
#include "mamori-contracts-page.h"
#include "mamori-gui-resources.h"
#include "mamori-inspections-page.h"
#include "mamori-inventory-actions.h"
#include "mamori-overview-page.h"
#include "mamori-page-util.h"
#include "mamori-preferences-window.h"
#include "mamori-standard-window.h"
#include "mamori-submission-dialog.h"
#include "mamori-window.h"

static void
test_widget (gconstpointer data)
{
  GType type = ((GType (*) (void))data) ();
  GtkWidget *widget = g_object_new (type, NULL);

  g_assert_true (GTK_IS_WIDGET (widget));
  g_object_ref_sink (widget);
  /* Every control the user reaches has a name a screen reader can say: the templates set
   * them; here we only make sure the object is whole and is freed whole. */
  if (GTK_IS_WINDOW (widget))
    gtk_window_destroy (GTK_WINDOW (widget));
  g_assert_finalize_object (widget);
}

/* How many shortcuts under widget name action and show exactly accel. */
static guint
check_accel (GtkWidget  *widget,
             const char *action,
             const char *accel)
{
  guint found = 0;

  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *name = NULL, *shown = NULL;

      g_object_get (widget, "action-name", &name, "accelerator", &shown, NULL);
      if (g_strcmp0 (name, action) != 0)
        return 0;
      g_assert_cmpstr (shown, ==, accel);
      return 1;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    found += check_accel (child, action, accel);
  return found;
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GObject *overlay;

  gtk_builder_add_from_resource (builder, RESOURCE_BASE_PATH "/mamori-shortcuts-window.ui", &error);
  g_assert_no_error (error);
  overlay = gtk_builder_get_object (builder, "shortcuts_window");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));

  /* The shortcuts named by action show the application's keys for them. */
  {
    g_autoptr(GtkApplication) application = gtk_application_new ("io.github.mamori.Test",
                                                                  G_APPLICATION_NON_UNIQUE);
    const char *preferences[] = { "<Control>comma", NULL };
    const char *quit[] = { "<Control>q", NULL };

    gtk_application_set_accels_for_action (application, "app.preferences", preferences);
    gtk_application_set_accels_for_action (application, "app.quit", quit);
    mamori_shortcuts_show_accels (GTK_WIDGET (overlay), application);
    /* Each is there at least once (the window keeps a copy of each for its search). */
    g_assert_cmpuint (check_accel (GTK_WIDGET (overlay), "app.preferences", "<Control>comma"),
                      >=, 1);
    g_assert_cmpuint (check_accel (GTK_WIDGET (overlay), "app.quit", "<Control>q"), >=, 1);
  }
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static void
test_style (void)
{
  g_autoptr(GBytes) css = g_resources_lookup_data (RESOURCE_BASE_PATH "/style.css",
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  guint errors = 0;

  g_assert_nonnull (css);
  g_signal_connect_swapped (provider, "parsing-error", G_CALLBACK (g_atomic_int_inc), &errors);
  gtk_css_provider_load_from_data (provider, g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  g_assert_cmpuint (errors, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  static const struct { const char *name; GType (*get_type) (void); } widgets[] = {
    { "/Mamori/Templates/Window", mamori_window_get_type },
    { "/Mamori/Templates/OverviewPage", mamori_overview_page_get_type },
    { "/Mamori/Templates/AssetsPage", mamori_assets_page_get_type },
    { "/Mamori/Templates/AreasPage", mamori_areas_page_get_type },
    { "/Mamori/Templates/ContractsPage", mamori_contracts_page_get_type },
    { "/Mamori/Templates/InspectionsPage", mamori_inspections_page_get_type },
    { "/Mamori/Templates/StandardWindow", mamori_standard_window_get_type },
    { "/Mamori/Templates/PreferencesWindow", mamori_preferences_window_get_type },
    { "/Mamori/Templates/AssetEditor", mamori_asset_editor_get_type },
    { "/Mamori/Templates/ImportDialog", mamori_import_dialog_get_type },
    { "/Mamori/Templates/SubmissionDialog", mamori_submission_dialog_get_type },
  };

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  mamori_core_init ();
  mamori_gui_register_resource ();

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    g_test_add_data_func (widgets[i].name, widgets[i].get_type, test_widget);
  g_test_add_func ("/Mamori/Templates/HelpOverlay", test_help_overlay);
  g_test_add_func ("/Mamori/Templates/Style", test_style);

  return g_test_run ();
}
