/* mamori-preferences-window.c — the user's profile and the register's file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The profile (name, section, role) is what the audit log records as the actor of every
 * change; setting it is itself recorded.  Sections come from the register, roles from the
 * loaded standard.
 */

#include "config.h"

#include "mamori-preferences-window.h"

#include <glib/gi18n.h>

struct _MamoriPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *name_row;
  AdwComboRow          *section_row;
  AdwComboRow          *role_row;
  AdwActionRow         *database_row;
  AdwActionRow         *standard_row;

  MamoriApplication    *application;
  GPtrArray            *section_codes;  /* index in the combo → code; 0 is “none” */
  GPtrArray            *role_codes;
  guint                 name_timeout;
  gboolean              populating;
};

G_DEFINE_FINAL_TYPE (MamoriPreferencesWindow, mamori_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static guint
index_of (GPtrArray  *codes,
          const char *code)
{
  for (guint i = 1; i < codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (codes, i), code) == 0)
      return i;
  return 0;
}

static const char *
selected_code (AdwComboRow *row,
               GPtrArray   *codes)
{
  guint i = adw_combo_row_get_selected (row);

  return i > 0 && i < codes->len ? g_ptr_array_index (codes, i) : "";
}

static void
apply_profile (MamoriPreferencesWindow *self)
{
  if (self->populating)
    return;
  mamori_application_set_profile (self->application,
                                  gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                  selected_code (self->section_row, self->section_codes),
                                  selected_code (self->role_row, self->role_codes));
}

/* A name is saved when the person stops typing for a moment, or presses Enter: each save is
 * an entry in the audit log, so not one per keystroke. */
static gboolean
name_settled (gpointer user_data)
{
  MamoriPreferencesWindow *self = user_data;

  self->name_timeout = 0;
  apply_profile (self);
  return G_SOURCE_REMOVE;
}

static void
name_changed (MamoriPreferencesWindow *self)
{
  if (self->populating)
    return;
  g_clear_handle_id (&self->name_timeout, g_source_remove);
  self->name_timeout = g_timeout_add (800, name_settled, self);
}

static void
name_activated (MamoriPreferencesWindow *self)
{
  if (self->name_timeout == 0)
    return;
  g_clear_handle_id (&self->name_timeout, g_source_remove);
  apply_profile (self);
}

static void
fill_sections (MamoriPreferencesWindow *self,
               MamoriStore             *store,
               const char              *current)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) sections = store ? mamori_org_list_sections (store, FALSE, NULL) : NULL;

  g_ptr_array_set_size (self->section_codes, 0);
  g_ptr_array_add (self->section_codes, g_strdup (""));
  gtk_string_list_append (names, _("Not set"));
  for (guint i = 0; sections && i < sections->len; i++)
    {
      MamoriSection *s = g_ptr_array_index (sections, i);
      g_autofree char *label = s->parent_name ? g_strdup_printf ("%s (%s)", s->name, s->parent_name)
                                              : g_strdup (s->name);

      gtk_string_list_append (names, label);
      g_ptr_array_add (self->section_codes, g_strdup (s->code));
    }
  adw_combo_row_set_model (self->section_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->section_row, index_of (self->section_codes, current));
  gtk_widget_set_sensitive (GTK_WIDGET (self->section_row), self->section_codes->len > 1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->section_row),
                               self->section_codes->len > 1 ? NULL
                               : _("The register has no sections yet"));
}

static void
fill_roles (MamoriPreferencesWindow *self,
            MamoriStore             *store,
            const char              *current)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) roles = store ? mamori_standard_list_roles (store, NULL) : NULL;

  g_ptr_array_set_size (self->role_codes, 0);
  g_ptr_array_add (self->role_codes, g_strdup (""));
  gtk_string_list_append (names, _("Not set"));
  for (guint i = 0; roles && i < roles->len; i++)
    {
      MamoriRole *r = g_ptr_array_index (roles, i);

      gtk_string_list_append (names, r->name);
      g_ptr_array_add (self->role_codes, g_strdup (r->code));
    }
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->role_row, index_of (self->role_codes, current));
}

/**
 * mamori_preferences_window_refresh:
 *
 * Reads the profile, the sections and the roles again (the register may have changed since
 * the window was last shown).
 */
void
mamori_preferences_window_refresh (MamoriPreferencesWindow *self)
{
  GSettings *settings = mamori_application_get_settings (self->application);
  MamoriStore *store = mamori_application_get_store (self->application);
  g_autofree char *name = g_settings_get_string (settings, "profile-name");
  g_autofree char *section = g_settings_get_string (settings, "profile-section");
  g_autofree char *role = g_settings_get_string (settings, "profile-role");
  g_autoptr(MamoriStandardInfo) info = store ? mamori_standard_get_info (store, 0, NULL) : NULL;
  g_autofree char *standard = NULL;

  self->populating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  fill_sections (self, store, section);
  fill_roles (self, store, role);
  adw_action_row_set_subtitle (self->database_row,
                               mamori_application_get_db_path (self->application));
  if (info != NULL)
    standard = g_strdup_printf (_("%s, version %s (inspection catalogue %s)"), info->title,
                                info->version, info->catalogue_version);
  adw_action_row_set_subtitle (self->standard_row, standard ? standard : _("None loaded"));
  self->populating = FALSE;
}

/* Choosing the database --------------------------------------------------------------------- */

static void
database_chosen (GtkNativeDialog *dialog,
                 int              response,
                 gpointer         user_data)
{
  MamoriPreferencesWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        {
          g_settings_set_string (mamori_application_get_settings (self->application),
                                 "database-path", path);
          mamori_application_open_database (self->application, path);
          adw_action_row_set_subtitle (self->database_row, path);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_database (MamoriPreferencesWindow *self,
                 GtkFileChooserAction     action)
{
  gboolean create = action == GTK_FILE_CHOOSER_ACTION_SAVE;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (create ? _("New Register") : _("Open Register"),
                                        GTK_WINDOW (self), action,
                                        create ? _("_Create") : _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Mamori registers"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (create)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "mamori.db");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (database_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_database_activated (GtkWidget  *widget,
                         const char *action,
                         GVariant   *parameter)
{
  choose_database (MAMORI_PREFERENCES_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
new_database_activated (GtkWidget  *widget,
                        const char *action,
                        GVariant   *parameter)
{
  choose_database (MAMORI_PREFERENCES_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

/* Life ---------------------------------------------------------------------------------------- */

static void
mamori_preferences_window_dispose (GObject *object)
{
  MamoriPreferencesWindow *self = MAMORI_PREFERENCES_WINDOW (object);

  /* A name still being typed is saved, not lost. */
  if (self->name_timeout != 0)
    name_activated (self);
  g_clear_pointer (&self->section_codes, g_ptr_array_unref);
  g_clear_pointer (&self->role_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (mamori_preferences_window_parent_class)->dispose (object);
}

static void
mamori_preferences_window_class_init (MamoriPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, section_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, standard_row);

  gtk_widget_class_install_action (widget_class, "prefs.open-database", NULL,
                                   open_database_activated);
  gtk_widget_class_install_action (widget_class, "prefs.new-database", NULL,
                                   new_database_activated);
}

static void
mamori_preferences_window_init (MamoriPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->section_codes = g_ptr_array_new_with_free_func (g_free);
  self->role_codes = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (name_changed), self);
  g_signal_connect_swapped (self->name_row, "entry-activated", G_CALLBACK (name_activated), self);
  g_signal_connect_swapped (self->section_row, "notify::selected", G_CALLBACK (apply_profile), self);
  g_signal_connect_swapped (self->role_row, "notify::selected", G_CALLBACK (apply_profile), self);
}

MamoriPreferencesWindow *
mamori_preferences_window_new (MamoriApplication *application)
{
  MamoriPreferencesWindow *self = g_object_new (MAMORI_TYPE_PREFERENCES_WINDOW, NULL);

  self->application = application;
  mamori_preferences_window_refresh (self);
  return self;
}
