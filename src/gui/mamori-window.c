/* mamori-window.c — the main window and its five views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window follows the application's database state: a spinner while it opens, the
 * first-start question for a new register, progress while the sample ward is built, the
 * reason when it cannot be opened, and otherwise the five views.
 */

#include "config.h"

#include "mamori-window.h"
#include "mamori-areas-page.h"
#include "mamori-assets-page.h"
#include "mamori-contracts-page.h"
#include "mamori-inspections-page.h"
#include "mamori-overview-page.h"
#include "mamori-submission-dialog.h"
#include "mamori-report-actions.h"
#include "mamori-page-util.h"

#include <glib/gi18n.h>

struct _MamoriWindow
{
  AdwApplicationWindow  parent_instance;

  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewStack         *view_stack;
  MamoriAssetsPage     *assets_page;
  GtkStack             *main_stack;
  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *failed_page;
  GtkProgressBar       *progress_bar;
  GtkWidget            *standard_button;

  GCancellable         *cancellable;
  gboolean              building;
};

G_DEFINE_FINAL_TYPE (MamoriWindow, mamori_window, ADW_TYPE_APPLICATION_WINDOW)

static MamoriApplication *
get_app (MamoriWindow *self)
{
  return MAMORI_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

void
mamori_window_add_toast (MamoriWindow *self,
                         const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/**
 * mamori_window_add_toast_widget:
 * @toast: (transfer full): a toast, with its button set up
 */
void
mamori_window_add_toast_widget (MamoriWindow *self,
                                AdwToast     *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_state (MamoriWindow *self)
{
  MamoriApplication *app = get_app (self);
  MamoriDatabaseState state = app ? mamori_application_get_state (app) : MAMORI_DATABASE_CLOSED;
  gboolean ready = state == MAMORI_DATABASE_READY;
  const char *page = "opening";

  if (self->building)
    page = "building";
  else if (state == MAMORI_DATABASE_FAILED)
    {
      page = "failed";
      adw_status_page_set_description (self->failed_page, mamori_application_get_error (app));
    }
  else if (state == MAMORI_DATABASE_NEW)
    page = "welcome";
  else if (ready)
    page = "views";

  gtk_stack_set_visible_child_name (self->main_stack, page);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, ready);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), ready);
  gtk_widget_set_sensitive (self->standard_button, state >= MAMORI_DATABASE_NEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.view", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.assets-in-area", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sample", state == MAMORI_DATABASE_NEW &&
                                 !self->building);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.empty", state == MAMORI_DATABASE_NEW &&
                                 !self->building);
}

/* The sample ward ------------------------------------------------------------------------------ */

typedef struct
{
  MamoriDemoOptions options;
  GWeakRef          window;
} SampleJob;

static void
sample_job_free (gpointer data)
{
  SampleJob *job = data;

  g_weak_ref_clear (&job->window);
  g_free (job);
}

typedef struct
{
  MamoriWindow *window;
  double        fraction;
  char         *what;
} Progress;

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;

  gtk_progress_bar_set_fraction (p->window->progress_bar, p->fraction);
  gtk_progress_bar_set_text (p->window->progress_bar, p->what);
  g_object_unref (p->window);
  g_free (p->what);
  g_free (p);
  return G_SOURCE_REMOVE;
}

/* Called on the worker thread: hand the figure to the main loop, if the window still is. */
static void
report_progress (double      fraction,
                 const char *what,
                 gpointer    user_data)
{
  MamoriWindow *window = g_weak_ref_get (user_data);
  Progress *p;

  if (window == NULL)
    return;
  p = g_new0 (Progress, 1);
  p->window = window;
  p->fraction = fraction;
  p->what = g_strdup (what);
  g_idle_add (show_progress, p);
}

static gpointer
build_sample (MamoriStore   *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  SampleJob *job = data;

  mamori_demo_build (store, &job->options, cancellable, error);
  return NULL;
}

static void
sample_built (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MamoriWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  self->building = FALSE;
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mamori_window_add_toast (self, error->message);
      update_state (self);
      return;
    }
  mamori_application_finish_first_start (get_app (self), "sample");
}

static void
sample_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  MamoriWindow *self = MAMORI_WINDOW (widget);
  MamoriWorker *worker = mamori_application_get_worker (get_app (self));
  SampleJob *job = g_new0 (SampleJob, 1);

  mamori_demo_options_init (&job->options);
  g_weak_ref_init (&job->window, self);
  job->options.progress = report_progress;
  job->options.progress_data = &job->window;
  self->building = TRUE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  update_state (self);
  mamori_worker_run_async (worker, build_sample, job, sample_job_free, NULL, self->cancellable,
                           sample_built, g_object_ref (self));
}

static void
empty_activated (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  mamori_application_finish_first_start (get_app (MAMORI_WINDOW (widget)), "empty");
}

static void
view_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  MamoriWindow *self = MAMORI_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
}

/* From an area's page: the inventory, showing the assets kept in the area. */
static void
assets_in_area_activated (GtkWidget  *widget,
                          const char *action,
                          GVariant   *parameter)
{
  MamoriWindow *self = MAMORI_WINDOW (widget);

  mamori_assets_page_show_area (self->assets_page, g_variant_get_int64 (parameter));
  adw_view_stack_set_visible_child_name (self->view_stack, "assets");
}

/* Life ---------------------------------------------------------------------------------------- */

static void
save_window_state (MamoriWindow *self)
{
  MamoriApplication *app = get_app (self);
  GSettings *settings = app ? mamori_application_get_settings (app) : NULL;
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);
  int width, height;

  if (settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (settings);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  if (view != NULL)
    g_settings_set_string (settings, "last-view", view);
  g_settings_apply (settings);
}

static gboolean
mamori_window_close_request (GtkWindow *window)
{
  MamoriWindow *self = MAMORI_WINDOW (window);

  save_window_state (self);
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (mamori_window_parent_class)->close_request (window);
}

/* GtkWindow:application is not a construct property: it is set after constructed(). */
static void
attach_application (MamoriWindow *self)
{
  MamoriApplication *app = get_app (self);
  GSettings *settings;
  g_autofree char *view = NULL;

  settings = mamori_application_get_settings (app);
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  view = g_settings_get_string (settings, "last-view");
  if (adw_view_stack_get_child_by_name (self->view_stack, view) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, view);

  g_signal_connect_object (app, "notify::state", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
}

static void
mamori_window_dispose (GObject *object)
{
  MamoriWindow *self = MAMORI_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The switchers follow the stack: let go of it before the stack goes (libadwaita 1.2
   * warns otherwise when the stack is disposed first). */
  if (self->switcher_bar)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  if (self->switcher_title)
    adw_view_switcher_title_set_stack (self->switcher_title, NULL);

  G_OBJECT_CLASS (mamori_window_parent_class)->dispose (object);
}

/* The keyboard shortcuts window is made when asked for and destroyed when closed, rather than
 * kept hidden as GtkApplication keeps a gtk/help-overlay.ui (see find_window() in
 * mamori-application.c for why Mamori keeps no hidden window). */
static void
shortcuts_activated (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH
                                                                 "/mamori-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  mamori_shortcuts_show_accels (GTK_WIDGET (window), gtk_window_get_application (GTK_WINDOW (widget)));
  gtk_window_set_transient_for (window, GTK_WINDOW (widget));
  gtk_window_present (window);
}

static void
mamori_window_class_init (MamoriWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mamori_window_dispose;
  window_class->close_request = mamori_window_close_request;

  g_type_ensure (MAMORI_TYPE_OVERVIEW_PAGE);
  g_type_ensure (MAMORI_TYPE_ASSETS_PAGE);
  g_type_ensure (MAMORI_TYPE_AREAS_PAGE);
  g_type_ensure (MAMORI_TYPE_CONTRACTS_PAGE);
  g_type_ensure (MAMORI_TYPE_INSPECTIONS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, assets_page);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, standard_button);

  gtk_widget_class_install_action (widget_class, "win.sample", NULL, sample_activated);
  gtk_widget_class_install_action (widget_class, "win.empty", NULL, empty_activated);
  gtk_widget_class_install_action (widget_class, "win.view", "s", view_activated);
  gtk_widget_class_install_action (widget_class, "win.assets-in-area", "x", assets_in_area_activated);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   shortcuts_activated);
  mamori_submission_actions_install (widget_class);
}

static void
mamori_window_init (MamoriWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  mamori_report_actions_add (GTK_APPLICATION_WINDOW (self));

  g_object_bind_property (self->switcher_title, "title-visible", self->switcher_bar, "reveal",
                          G_BINDING_SYNC_CREATE);
}

MamoriWindow *
mamori_window_new (MamoriApplication *application)
{
  MamoriWindow *self = g_object_new (MAMORI_TYPE_WINDOW, "application", application, NULL);

  attach_application (self);
  return self;
}
