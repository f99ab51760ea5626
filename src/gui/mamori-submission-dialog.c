/* mamori-submission-dialog.c — importing a section's submission with a preview, exporting one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The coordinator chooses a section's file; the worker reads it against the database and
 * writes nothing; the dialog lists how many records would be added, updated or left as they
 * are, and every mismatch grouped by kind, the blocking ones first with an error icon.  Import
 * stays off while one blocks; otherwise it reads the file again and writes it whole in one
 * transaction, and a toast says so.  Export asks for the section and the fiscal year, then
 * where to save.
 */

#include "config.h"

#include "mamori-submission-dialog.h"
#include "mamori-application.h"
#include "mamori-submission.h"
#include "mamori-window.h"

#include <glib/gi18n.h>

/* Rows of one kind shown one by one; the rest are counted. */
#define MAX_ROWS_PER_KIND 100

struct _MamoriSubmissionDialog
{
  AdwWindow      parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkWidget     *import_button;
  GtkWidget     *stack;
  GtkWidget     *reading_page;
  GtkWidget     *error_page;
  GtkWidget     *verdict_label;
  GtkWidget     *summary_group;
  GtkWidget     *counts_group;
  GtkWidget     *blocking_group;
  GtkWidget     *notes_group;

  GFile         *file;
  GCancellable  *cancellable;
  GPtrArray     *rows;       /* what was added to the groups, to remove it again */
  GtkWindow     *parent;
};

G_DEFINE_FINAL_TYPE (MamoriSubmissionDialog, mamori_submission_dialog, ADW_TYPE_WINDOW)

static MamoriWorker *
worker (void)
{
  return mamori_application_get_worker (mamori_application_get_default ());
}

static void
clear_rows (MamoriSubmissionDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = g_object_get_data (G_OBJECT (row), "group");

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
add_row (MamoriSubmissionDialog *self,
         GtkWidget              *group,
         const char             *title,
         const char             *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      subtitle, -1);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_object_set_data (G_OBJECT (row), "group", group);
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
add_mismatches (MamoriSubmissionDialog  *self,
                MamoriSubmissionPreview *preview,
                gboolean                 blocking)
{
  GtkWidget *group = blocking ? self->blocking_group : self->notes_group;
  guint shown = 0;

  /* Grouped by kind, in the order of the kinds. */
  for (int kind = MAMORI_MISMATCH_UNKNOWN_SECTION; kind <= MAMORI_MISMATCH_SKIPPED; kind++)
    {
      GtkWidget *expander = NULL;
      guint n = 0;

      for (guint i = 0; i < preview->mismatches->len; i++)
        {
          MamoriMismatch *m = g_ptr_array_index (preview->mismatches, i);

          if ((int)m->kind == kind && m->blocking == blocking)
            n++;
        }
      if (n == 0)
        continue;
      expander = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                     mamori_mismatch_kind_label (kind));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      {
        g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mismatch",
                                                               "%u mismatches", n), n);
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), count);
      }
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander),
                                   gtk_image_new_from_icon_name (blocking
                                                                 ? "dialog-error-symbolic"
                                                                 : "dialog-warning-symbolic"));
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
      g_object_set_data (G_OBJECT (expander), "group", group);
      g_ptr_array_add (self->rows, expander);

      n = 0;
      for (guint i = 0; i < preview->mismatches->len; i++)
        {
          MamoriMismatch *m = g_ptr_array_index (preview->mismatches, i);
          g_autofree char *where = NULL;
          GtkWidget *row;

          if ((int)m->kind != kind || m->blocking != blocking)
            continue;
          if (++n > MAX_ROWS_PER_KIND)
            continue;
          where = m->line > 0 ? g_strdup_printf (_("Line %d · %s %s"), m->line, m->element,
                                                 m->record ? m->record : "")
                              : g_strdup_printf ("%s %s", m->element, m->record ? m->record : "");
          row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), m->message);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }
      if (n > MAX_ROWS_PER_KIND)
        {
          g_autofree char *more = g_strdup_printf (_("… and %u more"), n - MAX_ROWS_PER_KIND);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }
      shown++;
    }
  gtk_widget_set_visible (group, shown > 0);
}

static void
show_preview (MamoriSubmissionDialog  *self,
              MamoriSubmissionPreview *preview)
{
  g_autofree char *year = mamori_fiscal_year_label (preview->fiscal_year);
  g_autofree char *section = g_strdup_printf ("%s %s", preview->section_code,
                                              preview->section_name);
  g_autofree char *standard = g_strdup_printf (_("%s, version %s, catalogue %s"),
                                               preview->standard_code,
                                               preview->standard_version,
                                               preview->catalogue_version);
  g_autofree char *exported = mamori_era_format_timestamp (preview->exported_at);
  g_autofree char *by = g_strdup_printf (_("%s by %s"), exported ? exported
                                                                 : preview->exported_at,
                                         preview->exported_by);
  g_autofree char *verdict = NULL;
  guint64 omitted = preview->n_mismatches - preview->mismatches->len;

  clear_rows (self);
  add_row (self, self->summary_group, _("Section"), section);
  add_row (self, self->summary_group, _("Fiscal year"), year);
  add_row (self, self->summary_group, _("Standard"), standard);
  add_row (self, self->summary_group, _("Exported"), by);
  if (preview->sheet_status != NULL)
    add_row (self, self->summary_group, _("Inspection sheet"),
             mamori_sheet_status_label (preview->sheet_status));

  for (guint i = 0; i < preview->tallies->len; i++)
    {
      MamoriSubmissionTally *t = g_ptr_array_index (preview->tallies, i);
      g_autofree char *counts = NULL;

      if (t->added + t->updated + t->unchanged == 0)
        continue;
      counts = g_strdup_printf (_("%llu added, %llu updated, %llu unchanged"),
                                (unsigned long long)t->added, (unsigned long long)t->updated,
                                (unsigned long long)t->unchanged);
      add_row (self, self->counts_group, t->label, counts);
    }
  add_mismatches (self, preview, TRUE);
  add_mismatches (self, preview, FALSE);

  if (preview->n_blocking > 0)
    verdict = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%llu mismatch blocks the import",
                                            "%llu mismatches block the import",
                                            (gulong)preview->n_blocking),
                               (unsigned long long)preview->n_blocking);
  else if (preview->n_mismatches > 0)
    verdict = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Ready to import, with %llu mismatch accepted",
                                            "Ready to import, with %llu mismatches accepted",
                                            (gulong)preview->n_mismatches),
                               (unsigned long long)preview->n_mismatches);
  else
    verdict = g_strdup (_("Ready to import: the file agrees with this database"));
  if (omitted > 0)
    {
      g_autofree char *more = g_strdup_printf (_("%s (%llu more mismatches are not listed)"),
                                               verdict, (unsigned long long)omitted);
      g_free (verdict);
      verdict = g_steal_pointer (&more);
    }
  gtk_label_set_text (GTK_LABEL (self->verdict_label), verdict);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "submission.import",
                                 preview->n_blocking == 0);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "preview");
}

static void
show_error (MamoriSubmissionDialog *self,
            const char             *message)
{
  adw_status_page_set_description (ADW_STATUS_PAGE (self->error_page), message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_page),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "submission.import", FALSE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
}

static void
previewed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MamoriSubmissionDialog) self = user_data;
  g_autoptr(MamoriSubmissionPreview) preview = NULL;
  g_autoptr(GError) error = NULL;

  preview = mamori_submission_run_finish (MAMORI_WORKER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (preview == NULL)
    show_error (self, error->message);
  else
    show_preview (self, preview);
}

static void
imported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MamoriSubmissionDialog) self = user_data;
  g_autoptr(MamoriSubmissionPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  preview = mamori_submission_run_finish (MAMORI_WORKER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->import_button, TRUE);
  if (preview == NULL)
    {
      /* Something changed since the preview: read the file again to show why. */
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "reading");
      mamori_submission_run_async (worker (), self->file, FALSE, self->cancellable, previewed,
                                   g_object_ref (self));
      return;
    }
  mamori_application_data_changed (mamori_application_get_default ());
  message = g_strdup_printf (_("Submission of %s imported: %llu records added, %llu updated"),
                             preview->section_name, (unsigned long long)preview->added,
                             (unsigned long long)preview->updated);
  if (MAMORI_IS_WINDOW (self->parent))
    mamori_window_add_toast (MAMORI_WINDOW (self->parent), message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  MamoriSubmissionDialog *self = MAMORI_SUBMISSION_DIALOG (widget);

  gtk_widget_action_set_enabled (widget, "submission.import", FALSE);
  adw_status_page_set_title (ADW_STATUS_PAGE (self->reading_page),
                             _("Importing the Submission…"));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "reading");
  mamori_submission_run_async (worker (), self->file, TRUE, self->cancellable, imported,
                               g_object_ref (self));
}

static void
mamori_submission_dialog_dispose (GObject *object)
{
  MamoriSubmissionDialog *self = MAMORI_SUBMISSION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MAMORI_TYPE_SUBMISSION_DIALOG);
  G_OBJECT_CLASS (mamori_submission_dialog_parent_class)->dispose (object);
}

static void
mamori_submission_dialog_finalize (GObject *object)
{
  MamoriSubmissionDialog *self = MAMORI_SUBMISSION_DIALOG (object);

  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (mamori_submission_dialog_parent_class)->finalize (object);
}

static void
mamori_submission_dialog_class_init (MamoriSubmissionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_submission_dialog_dispose;
  object_class->finalize = mamori_submission_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mamori/Mamori/"
                                                             "mamori-submission-dialog.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, MamoriSubmissionDialog, name)
  BIND (toast_overlay);
  BIND (import_button);
  BIND (stack);
  BIND (reading_page);
  BIND (error_page);
  BIND (verdict_label);
  BIND (summary_group);
  BIND (counts_group);
  BIND (blocking_group);
  BIND (notes_group);
#undef BIND
  gtk_widget_class_install_action (widget_class, "submission.import", NULL, import_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mamori_submission_dialog_init (MamoriSubmissionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "submission.import", FALSE);
  gtk_widget_set_visible (self->blocking_group, FALSE);
  gtk_widget_set_visible (self->notes_group, FALSE);
}

/**
 * mamori_submission_dialog_new:
 * @file: (nullable): the submission to preview at once
 */
GtkWidget *
mamori_submission_dialog_new (GtkWindow *parent,
                              GFile     *file)
{
  MamoriSubmissionDialog *self = g_object_new (MAMORI_TYPE_SUBMISSION_DIALOG,
                                               "transient-for", parent, NULL);

  self->parent = parent;
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      self->file = g_object_ref (file);
      adw_status_page_set_description (ADW_STATUS_PAGE (self->error_page), name);
      mamori_submission_run_async (worker (), file, FALSE, self->cancellable, previewed,
                                   g_object_ref (self));
    }
  return GTK_WIDGET (self);
}

/* The window's actions ------------------------------------------------------------------------ */

static void
submission_chosen (GtkNativeDialog *chooser,
                   int              response,
                   GtkWindow       *window)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      gtk_window_present (GTK_WINDOW (mamori_submission_dialog_new (window, file)));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (window);
}

static GtkFileFilter *
xml_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Section submissions (XML)"));
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_filter_add_pattern (filter, "*.XML");
  return filter;
}

static void
import_submission_activated (GtkWidget  *widget,
                             const char *action,
                             GVariant   *parameter)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = xml_filter ();

  chooser = gtk_file_chooser_native_new (_("Choose a Section Submission"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (submission_chosen), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct
{
  GtkWindow  *window;
  GtkWidget  *section_row;
  GtkWidget  *year_spin;
  GPtrArray  *codes;
  char       *code;
  int         year;
} Export;

static void
export_free (Export *e)
{
  g_clear_object (&e->window);
  g_clear_pointer (&e->codes, g_ptr_array_unref);
  g_free (e->code);
  g_free (e);
}

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  if (!mamori_submission_export_finish (MAMORI_WORKER (source), result, &error))
    mamori_window_add_toast (MAMORI_WINDOW (window), error->message);
  else
    mamori_window_add_toast (MAMORI_WINDOW (window), _("Section submission saved"));
}

static void
export_file_chosen (GtkNativeDialog *chooser,
                    int              response,
                    Export          *e)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      mamori_submission_export_async (worker (), e->code, e->year, path, NULL, exported,
                                      g_object_ref (e->window));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  export_free (e);
}

static void
export_response (AdwMessageDialog *dialog,
                 const char       *response,
                 Export           *e)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *name = NULL;
  guint selected;

  if (g_strcmp0 (response, "export") != 0 || e->codes->len == 0)
    {
      export_free (e);
      return;
    }
  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (e->section_row));
  e->code = g_strdup (g_ptr_array_index (e->codes, MIN (selected, e->codes->len - 1)));
  e->year = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (e->year_spin));
  name = g_strdup_printf ("submission-%s-%d.xml", e->code, e->year);

  chooser = gtk_file_chooser_native_new (_("Save the Section Submission"), e->window,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  filter = xml_filter ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (export_file_chosen), e);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_submission_activated (GtkWidget  *widget,
                             const char *action,
                             GVariant   *parameter)
{
  MamoriStore *store = mamori_application_get_store (mamori_application_get_default ());
  g_autoptr(GPtrArray) sections = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *dialog, *list, *year_row;
  Export *e;

  if (store == NULL)
    return;
  e = g_new0 (Export, 1);
  e->window = g_object_ref (GTK_WINDOW (widget));
  e->codes = g_ptr_array_new_with_free_func (g_free);
  sections = mamori_org_list_sections (store, FALSE, NULL);
  for (guint i = 0; sections && i < sections->len; i++)
    {
      MamoriSection *s = g_ptr_array_index (sections, i);
      g_autofree char *label = g_strdup_printf ("%s %s", s->code, s->name);

      gtk_string_list_append (names, label);
      g_ptr_array_add (e->codes, g_strdup (s->code));
    }

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  e->section_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (e->section_row), _("Section"));
  adw_combo_row_set_model (ADW_COMBO_ROW (e->section_row), G_LIST_MODEL (names));
  gtk_list_box_append (GTK_LIST_BOX (list), e->section_row);
  year_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (year_row), _("Fiscal year"));
  e->year_spin = gtk_spin_button_new_with_range (1989, 2200, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (e->year_spin), mamori_fiscal_year_current ());
  gtk_widget_set_valign (e->year_spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (e->year_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Fiscal year"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (year_row), e->year_spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (year_row), e->year_spin);
  gtk_list_box_append (GTK_LIST_BOX (list), year_row);

  dialog = adw_message_dialog_new (GTK_WINDOW (widget), _("Export a Section Submission"),
                                   _("One section’s fiscal year — inventory, managed areas and "
                                     "their logs, contracts, inspection sheet — as one XML file "
                                     "for the coordinator."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("Cancel"),
                                    "export", _("Export…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), e);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * mamori_submission_actions_install:
 *
 * Installs win.import-submission and win.export-submission on the main window's class.
 */
void
mamori_submission_actions_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-submission", NULL,
                                   import_submission_activated);
  gtk_widget_class_install_action (widget_class, "win.export-submission", NULL,
                                   export_submission_activated);
}
