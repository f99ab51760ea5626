/* mamori-application.c — the application: settings, the database, app-wide actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application owns the database: a MamoriWorker (its own thread and connection) for
 * opening, migrating and every write, and a read-only MamoriStore on the main thread for the
 * short indexed reads that fill the screen.  Opening never blocks the main loop: the window
 * shows a spinner until the worker has the file ready.
 */

#include "config.h"

#include "mamori-application.h"
#include "mamori-gui-resources.h"
#include "mamori-preferences-window.h"
#include "mamori-standard-window.h"
#include "mamori-window.h"

#include <glib/gi18n.h>

struct _MamoriApplication
{
  AdwApplication       parent_instance;

  GSettings           *settings;
  MamoriStore         *store;
  MamoriWorker        *worker;
  GCancellable        *cancellable;
  char                *db_override;
  char                *db_path;
  char                *error;
  MamoriDatabaseState  state;
};

G_DEFINE_FINAL_TYPE (MamoriApplication, mamori_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  DATA_CHANGED,
  ASSETS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

MamoriApplication *
mamori_application_new (void)
{
  return g_object_new (MAMORI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

MamoriApplication *
mamori_application_get_default (void)
{
  return MAMORI_APPLICATION (g_application_get_default ());
}

GSettings *
mamori_application_get_settings (MamoriApplication *self)
{
  return self->settings;
}

/**
 * mamori_application_get_store:
 *
 * Returns: (transfer none) (nullable): the read-only connection of the main thread, once the
 *   database is open
 */
MamoriStore *
mamori_application_get_store (MamoriApplication *self)
{
  return self->store;
}

/**
 * mamori_application_get_worker:
 *
 * Returns: (transfer none) (nullable): the worker that writes and does heavy reads
 */
MamoriWorker *
mamori_application_get_worker (MamoriApplication *self)
{
  return self->worker;
}

MamoriDatabaseState
mamori_application_get_state (MamoriApplication *self)
{
  return self->state;
}

const char *
mamori_application_get_error (MamoriApplication *self)
{
  return self->error;
}

const char *
mamori_application_get_db_path (MamoriApplication *self)
{
  return self->db_path;
}

static void
set_state (MamoriApplication   *self,
           MamoriDatabaseState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * mamori_application_data_changed:
 *
 * Tells every view that the database changed as a whole (a sample ward was built, a backup
 * restored), so that they read it again.
 */
void
mamori_application_data_changed (MamoriApplication *self)
{
  g_signal_emit (self, signals[DATA_CHANGED], 0);
}

/**
 * mamori_application_assets_changed:
 * @asset_id: the asset written, or 0 for many
 *
 * Tells the views that assets were written (an edit, a register, an import).
 */
void
mamori_application_assets_changed (MamoriApplication *self,
                                   gint64             asset_id)
{
  g_signal_emit (self, signals[ASSETS_CHANGED], 0, asset_id);
}

/* The actor ------------------------------------------------------------------------------------ */

/**
 * mamori_application_dup_actor:
 *
 * Who the audit log names for what this user does: the profile set in Preferences, e.g.
 * “佐藤 花子 (情報政策課・情報セキュリティ責任者)”, or the login name until it is set.
 *
 * Returns: (transfer full): the actor
 */
char *
mamori_application_dup_actor (MamoriApplication *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "profile-name");
  g_autofree char *section_code = g_settings_get_string (self->settings, "profile-section");
  g_autofree char *role_code = g_settings_get_string (self->settings, "profile-role");
  char *actor = mamori_org_describe_actor (self->store, name, section_code, role_code);

  return actor ? actor : g_strdup_printf ("%s (Mamori)", g_get_user_name ());
}

static void
update_actor (MamoriApplication *self)
{
  g_autofree char *actor = mamori_application_dup_actor (self);

  if (self->worker)
    mamori_worker_set_actor (self->worker, actor);
}

/* On the worker: data is a GStrv of name, section code, role code. */
static gpointer
record_profile (MamoriStore   *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  char **profile = data;

  mamori_org_record_profile (store, profile[0], profile[1], profile[2], error);
  return NULL;
}

static void
profile_recorded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (error != NULL)
    g_warning ("Could not record the profile in the audit log: %s", error->message);
}

/**
 * mamori_application_set_profile:
 * @section_code: (nullable): a section's code
 * @role_code: (nullable): a role code of the loaded standard
 *
 * Sets who the user is.  The change itself is recorded in the audit log, under the new name.
 */
void
mamori_application_set_profile (MamoriApplication *self,
                                const char        *name,
                                const char        *section_code,
                                const char        *role_code)
{
  char **profile;

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "profile-name", name ? name : "");
  g_settings_set_string (self->settings, "profile-section", section_code ? section_code : "");
  g_settings_set_string (self->settings, "profile-role", role_code ? role_code : "");
  g_settings_apply (self->settings);
  update_actor (self);

  if (self->worker == NULL)
    return;
  profile = g_new0 (char *, 4);
  profile[0] = g_strdup (name ? name : "");
  profile[1] = g_strdup (section_code ? section_code : "");
  profile[2] = g_strdup (role_code ? role_code : "");
  mamori_worker_run_async (self->worker, record_profile, profile, (GDestroyNotify)g_strfreev,
                           NULL, NULL, profile_recorded, NULL);
}

/* Opening the database -------------------------------------------------------------------------- */

typedef struct
{
  gboolean is_new;
} Prepared;

/* On the worker: migrate (the worker's first open does it), load the built-in standard if
 * none is loaded, open the current fiscal year, and tell whether the first-start question
 * must be asked. */
static gpointer
prepare_database (MamoriStore   *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *choice = NULL;
  Prepared *prepared;

  if (!mamori_standard_ensure_loaded (store, error) ||
      !mamori_org_ensure_fiscal_year (store, mamori_fiscal_year_current (), error))
    return NULL;

  choice = mamori_store_get_setting (store, "first-start");
  prepared = g_new0 (Prepared, 1);
  prepared->is_new = choice == NULL && mamori_org_count (store, "sections") == 0;
  return prepared;
}

/* On the worker, once the window shows the database: the checks that depend on the date
 * (a backup inside its cycle) are computed again on the first start of each day. */
static gpointer
refresh_checks (MamoriStore   *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree gboolean *refreshed = g_new0 (gboolean, 1);

  if (!mamori_rules_refresh_if_stale (store, refreshed, cancellable, error))
    return NULL;
  return g_steal_pointer (&refreshed);
}

static void
checks_refreshed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MamoriApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gboolean *refreshed = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);

  if (refreshed == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not compute the checks of the standard again: %s", error->message);
      return;
    }
  if (*refreshed)
    mamori_application_assets_changed (self, 0);
}

static void
database_prepared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MamoriApplication) self = user_data;
  g_autofree Prepared *prepared = NULL;
  g_autoptr(GError) error = NULL;

  prepared = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error == NULL)
    self->store = mamori_store_open (self->db_path, MAMORI_STORE_OPEN_READ_ONLY, &error);

  if (error != NULL)
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      set_state (self, MAMORI_DATABASE_FAILED);
      return;
    }

  update_actor (self);
  set_state (self, prepared->is_new ? MAMORI_DATABASE_NEW : MAMORI_DATABASE_READY);
  mamori_application_data_changed (self);
  mamori_worker_run_async (self->worker, refresh_checks, NULL, NULL, g_free, self->cancellable,
                           checks_refreshed, g_object_ref (self));
}

static char *
configured_path (MamoriApplication *self)
{
  g_autofree char *setting = NULL;

  if (self->db_override != NULL)
    return g_strdup (self->db_override);
  setting = g_settings_get_string (self->settings, "database-path");
  if (!mamori_text_is_blank (setting))
    return g_steal_pointer (&setting);
  return mamori_store_default_path ();
}

/**
 * mamori_application_open_database:
 * @path: (nullable): the file to open, or %NULL for the configured one
 *
 * Closes the current database, if any, and opens @path on the worker.
 */
void
mamori_application_open_database (MamoriApplication *self,
                                  const char        *path)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->worker);
  g_clear_pointer (&self->error, g_free);

  g_free (self->db_path);
  self->db_path = path ? g_strdup (path) : configured_path (self);
  self->cancellable = g_cancellable_new ();
  self->worker = mamori_worker_new (self->db_path);
  update_actor (self);
  set_state (self, MAMORI_DATABASE_OPENING);

  mamori_worker_run_async (self->worker, prepare_database, NULL, NULL, g_free,
                           self->cancellable, database_prepared, g_object_ref (self));
}

static gpointer
record_first_start (MamoriStore   *store,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  mamori_store_set_setting (store, "first-start", data, error);
  return NULL;
}

static void
first_start_recorded (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MamoriApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (error != NULL)
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      set_state (self, MAMORI_DATABASE_FAILED);
      return;
    }
  set_state (self, MAMORI_DATABASE_READY);
  mamori_application_data_changed (self);
}

/**
 * mamori_application_finish_first_start:
 * @choice: "empty" or "sample"
 *
 * Records the answer to the first-start question, after which the views are shown.
 */
void
mamori_application_finish_first_start (MamoriApplication *self,
                                       const char        *choice)
{
  g_return_if_fail (self->worker != NULL);

  mamori_worker_run_async (self->worker, record_first_start, g_strdup (choice), g_free, NULL,
                           self->cancellable, first_start_recorded, g_object_ref (self));
}

/* Actions ------------------------------------------------------------------------------------- */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MamoriApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close the windows properly so that each saves its size. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
}

/* The standard browser and the preferences are found again while they are open, and destroyed
 * when closed.  No window of Mamori stays hidden in GTK's list of toplevels: GTK 4.8's AT-SPI
 * bridge answers a request for a window index past the end (a screen reader whose count went
 * stale as a dialog closed) with the last toplevel, and a hidden one has no object path, which
 * crashes the application. */
static GtkWindow *
find_window (MamoriApplication *self,
             GType              type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MamoriApplication *self = user_data;
  GtkWindow *parent = find_window (self, MAMORI_TYPE_WINDOW);
  GtkWindow *window = find_window (self, MAMORI_TYPE_PREFERENCES_WINDOW);

  if (window == NULL)
    {
      window = GTK_WINDOW (mamori_preferences_window_new (self));
      gtk_window_set_application (window, GTK_APPLICATION (self));
    }
  else
    mamori_preferences_window_refresh (MAMORI_PREFERENCES_WINDOW (window));
  gtk_window_set_transient_for (window, parent);
  gtk_window_present (window);
}

static void
standard_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MamoriApplication *self = user_data;
  GtkWindow *window = find_window (self, MAMORI_TYPE_STANDARD_WINDOW);

  if (self->store == NULL)
    return;
  if (window == NULL)
    window = GTK_WINDOW (mamori_standard_window_new (self));
  gtk_window_present (window);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  MamoriApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "Mamori developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Mamori"),
                        "application-icon", APP_ID,
                        "developer-name", _("Mamori developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("The information security register of a ward office: "
                                      "assets and their classes, managed areas, contract "
                                      "clauses, and the yearly inspection, audit and "
                                      "evaluation, to the letter of its standard."),
                        "website", "https://github.com/mamori/mamori",
                        "issue-url", "https://github.com/mamori/mamori/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your name(s), one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "standard", standard_activated },
  { "about", about_activated },
};

/* GApplication --------------------------------------------------------------------------------- */

static int
mamori_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  MamoriApplication *self = MAMORI_APPLICATION (app);
  g_autofree char *db = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("mamori %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (g_variant_dict_lookup (options, "db", "^ay", &db))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (db);

      self->db_override = g_file_get_path (file);
      /* A database named on the command line is this process's own: never hand it to an
       * instance already running on another file. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  return -1;
}

static void
mamori_application_startup (GApplication *app)
{
  MamoriApplication *self = MAMORI_APPLICATION (app);
  const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.standard", { "<Control><Shift>s", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.view('overview')", { "<Alt>1", NULL } },
    { "win.view('assets')", { "<Alt>2", NULL } },
    { "win.view('areas')", { "<Alt>3", NULL } },
    { "win.view('contracts')", { "<Alt>4", NULL } },
    { "win.view('inspections')", { "<Alt>5", NULL } },
  };

  mamori_core_init ();
  mamori_gui_register_resource ();

  G_APPLICATION_CLASS (mamori_application_parent_class)->startup (app);

  g_set_application_name (_("Mamori"));
  gtk_window_set_default_icon_name (APP_ID);
  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

static void
mamori_application_activate (GApplication *app)
{
  MamoriApplication *self = MAMORI_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (mamori_window_new (self));
  gtk_window_present (window);

  if (self->state == MAMORI_DATABASE_CLOSED)
    mamori_application_open_database (self, NULL);
}

static void
mamori_application_shutdown (GApplication *app)
{
  MamoriApplication *self = MAMORI_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  /* Disposing the worker waits for the writes already handed to it. */
  g_clear_object (&self->worker);
  g_clear_object (&self->store);
  /* The copies of documents handed to the desktop's viewer. */
  mamori_scratch_clear ();

  G_APPLICATION_CLASS (mamori_application_parent_class)->shutdown (app);
}

static void
mamori_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MamoriApplication *self = MAMORI_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mamori_application_finalize (GObject *object)
{
  MamoriApplication *self = MAMORI_APPLICATION (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->worker);
  g_clear_pointer (&self->db_override, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (mamori_application_parent_class)->finalize (object);
}

static void
mamori_application_class_init (MamoriApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = mamori_application_get_property;
  object_class->finalize = mamori_application_finalize;
  app_class->handle_local_options = mamori_application_handle_local_options;
  app_class->startup = mamori_application_startup;
  app_class->activate = mamori_application_activate;
  app_class->shutdown = mamori_application_shutdown;

  /**
   * MamoriApplication:state:
   *
   * Where the database is: opening, failed, new (first start), ready.
   */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, MAMORI_DATABASE_CLOSED, MAMORI_DATABASE_READY,
                      MAMORI_DATABASE_CLOSED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MamoriApplication::data-changed:
   *
   * The database changed as a whole; views read it again.
   */
  signals[DATA_CHANGED] = g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * MamoriApplication::assets-changed:
   * @asset_id: the asset written, or 0 for many
   */
  signals[ASSETS_CHANGED] = g_signal_new ("assets-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_INT64);
}

static void
mamori_application_init (MamoriApplication *self)
{
  const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open this database file instead of the configured one"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
