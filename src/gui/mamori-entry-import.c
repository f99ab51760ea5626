/* mamori-entry-import.c — importing a card reader's export into the entry log, through its
 * columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As the inventory's ledgers are imported: the file and which of its columns holds each field
 * of the entry log (recognised by the headers, or taken from a mapping saved by name, or
 * chosen by hand and saved for the next export of the same reader), a check that writes
 * nothing and lists what would be added and every refused line with its reason, and only
 * then the import in one transaction.  The file and the database are read on the worker.
 */

#include "config.h"

#include "mamori-area-dialogs.h"
#include "mamori-mapping-step.h"
#include "mamori-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#define MAMORI_TYPE_ENTRY_IMPORT (mamori_entry_import_get_type ())
G_DECLARE_FINAL_TYPE (MamoriEntryImport, mamori_entry_import, MAMORI, ENTRY_IMPORT, AdwWindow)

struct _MamoriEntryImport
{
  AdwWindow               parent_instance;

  GtkStack               *stack;
  GtkWidget              *check_button;
  GtkWidget              *import_button;
  GtkButton              *cancel_button;
  AdwActionRow           *file_row;
  AdwComboRow            *saved_row;
  AdwPreferencesGroup    *columns_group;
  AdwPreferencesGroup    *preview_group;
  AdwEntryRow            *save_name_row;
  GtkLabel               *report_title;
  GtkLabel               *report_summary;
  AdwPreferencesGroup    *additions_group;
  AdwPreferencesGroup    *problems_group;
  GtkWidget              *back_button;
  GPtrArray              *file_rows;     /* rows made for the file read */
  GPtrArray              *report_rows;   /* rows made for the last report */

  MamoriApplication      *application;
  gint64                  area_id;
  MamoriAreaDialogDone    done;
  GObject                *done_data;
  GFile                  *file;
  MamoriInventoryPreview *preview;
  MamoriMappingStep       mapping_step;
  GCancellable           *cancellable;
};

G_DEFINE_FINAL_TYPE (MamoriEntryImport, mamori_entry_import, ADW_TYPE_WINDOW)

static const MamoriMappingKind entry_mapping = {
  .n_fields = MAMORI_ENTRY_N_FIELDS,
  .field_label = (MamoriMappingFieldLabel)mamori_entry_field_label,
  .mapping_new = (MamoriMappingNew)mamori_entry_mapping_new,
  .mapping_free = (GDestroyNotify)mamori_entry_mapping_free,
  .set_ignored = (MamoriMappingSetIgnored)mamori_entry_mapping_set_ignored,
  .set_header = (MamoriMappingSetHeader)mamori_entry_mapping_set_header,
  .resolve = (MamoriMappingResolve)mamori_entry_mapping_resolve,
  .load = (MamoriMappingLoad)mamori_entry_mapping_load,
  .save = (MamoriMappingSave)mamori_entry_mapping_save,
  .list = (MamoriMappingList)mamori_entry_mapping_list,
};

static MamoriWorker *
worker_of (MamoriEntryImport *self)
{
  return mamori_application_get_worker (self->application);
}

static void
toast (MamoriEntryImport *self,
       const char        *message)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (MAMORI_IS_WINDOW (parent))
    mamori_window_add_toast (MAMORI_WINDOW (parent), message);
}

static void
toast_of (GtkWidget  *dialog,
          const char *message)
{
  toast (MAMORI_ENTRY_IMPORT (dialog), message);
}

static void
show_step (MamoriEntryImport *self,
           const char        *step)
{
  gboolean mapping = g_str_equal (step, "mapping");

  gtk_stack_set_visible_child_name (self->stack, step);
  gtk_widget_set_visible (self->check_button, mapping);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entry-import.check", mapping);
}

static GtkWidget *
add_row (GPtrArray           *rows,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

static GtkWidget *
add_text_row (GPtrArray           *rows,
              AdwPreferencesGroup *group,
              const char          *title,
              const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return add_row (rows, group, row);
}

static void
clear_rows (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (rows, 0);
}

/* Step 1: the file and its columns --------------------------------------------------------- */

static void
build_file_rows (MamoriEntryImport *self)
{
  mamori_mapping_step_build (&self->mapping_step, (const char *const *)self->preview->headers,
                             NULL, self->file_rows, self->columns_group);
  for (guint r = 0; r < self->preview->rows->len; r++)
    {
      g_autofree char *joined = g_strjoinv (" | ", g_ptr_array_index (self->preview->rows, r));
      g_autofree char *title = g_strdup_printf (_("Row %u"), r + 1);

      add_text_row (self->file_rows, self->preview_group, title, joined);
    }
}

static gpointer
read_preview (MamoriStore   *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return mamori_inventory_preview (data, MAMORI_CSV_ENCODING_AUTO, 5, cancellable, error);
}

static void
preview_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MamoriEntryImport) self = user_data;
  g_autoptr(GError) error = NULL;
  MamoriInventoryPreview *preview = mamori_worker_run_finish (MAMORI_WORKER (source), result,
                                                              &error);
  g_autofree char *name = NULL;

  if (preview == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->report_title, _("The File Cannot Be Read"));
          gtk_label_set_label (self->report_summary, error->message);
          gtk_widget_set_visible (self->back_button, FALSE);
          show_step (self, "report");
        }
      return;
    }
  self->preview = preview;
  name = g_file_get_basename (self->file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  adw_action_row_set_subtitle (self->file_row, preview->encoding == MAMORI_CSV_ENCODING_CP932
                                               ? _("Read as Shift_JIS (CP932)")
                                               : _("Read as UTF-8"));
  build_file_rows (self);
  mamori_mapping_step_fill_saved (&self->mapping_step);
  show_step (self, "mapping");
}

static void
save_mapping_activated (GtkWidget  *widget,
                        const char *action,
                        GVariant   *parameter)
{
  mamori_mapping_step_save (&MAMORI_ENTRY_IMPORT (widget)->mapping_step);
}

/* Steps 2 and 3: the check, then the import ------------------------------------------------ */

typedef struct
{
  GFile              *file;
  MamoriEntryMapping *mapping;
  MamoriCsvEncoding   encoding;
  gint64              area_id;
  gboolean            dry_run;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_object_unref (job->file);
  mamori_entry_mapping_free (job->mapping);
  g_free (job);
}

static gpointer
run_import (MamoriStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  ImportJob *job = data;
  g_autoptr(GFileInputStream) stream = g_file_read (job->file, cancellable, error);
  MamoriEntryImportOptions options;

  if (stream == NULL)
    return NULL;
  mamori_entry_import_options_init (&options);
  options.encoding = job->encoding;
  options.mapping = job->mapping;
  options.area_id = job->area_id;
  options.dry_run = job->dry_run;
  return mamori_entry_import_csv (store, G_INPUT_STREAM (stream), &options, cancellable, error);
}

static void
show_report (MamoriEntryImport       *self,
             MamoriEntryImportReport *report,
             gboolean                 dry_run)
{
  g_autofree char *summary = NULL;

  clear_rows (self->report_rows);
  /* Translators: counts of rows of a card reader's file: to add, refused */
  summary = g_strdup_printf (_("%lld to add · %lld refused"), (long long)report->added,
                             (long long)report->rejected);
  if (report->written)
    {
      gtk_label_set_label (self->report_title, _("The Entries Are Imported"));
      gtk_button_set_label (self->cancel_button, _("Close"));
    }
  else if (report->rejected > 0)
    gtk_label_set_label (self->report_title, _("Nothing Was Written: Some Rows Cannot Be Taken"));
  else
    gtk_label_set_label (self->report_title, _("Every Row Can Be Taken"));
  gtk_label_set_label (self->report_summary, summary);

  for (guint i = 0; i < report->problems->len; i++)
    {
      MamoriInventoryProblem *p = g_ptr_array_index (report->problems, i);
      g_autofree char *title = g_strdup_printf (_("Line %llu · column %s"),
                                                (unsigned long long)p->line, p->column);

      add_text_row (self->report_rows, self->problems_group, title, p->message);
    }
  /* What would be added, when all of it can be. */
  for (guint i = 0; report->rejected == 0 && dry_run && i < report->additions->len; i++)
    {
      MamoriEntryAddition *a = g_ptr_array_index (report->additions, i);
      g_autofree char *in = mamori_area_time_display (a->entered_at);
      g_autofree char *out = a->left_at ? mamori_area_time_display (a->left_at) : g_strdup ("");
      /* Translators: a line of the file, then the person's name */
      g_autofree char *title = g_strdup_printf (_("Line %llu · %s"), (unsigned long long)a->line,
                                                a->name);
      /* Translators: area code, time in, time out, card number */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s – %s · card %s"),
                                                   a->area_code ? a->area_code : "", in, out,
                                                   *a->card_number ? a->card_number : "—");

      add_text_row (self->report_rows, self->additions_group, title, subtitle);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), report->problems->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->additions_group),
                          dry_run && report->rejected == 0 && report->additions->len > 0);
  gtk_widget_set_visible (self->back_button, !report->written);
  gtk_widget_set_visible (self->import_button, dry_run && report->rejected == 0 &&
                                               report->added > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entry-import.run",
                                 dry_run && report->rejected == 0 && report->added > 0);
  show_step (self, "report");
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MamoriEntryImport) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriEntryImportReport) report = NULL;
  gboolean dry_run = g_object_steal_data (G_OBJECT (self), "dry-run") != NULL;

  report = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      clear_rows (self->report_rows);
      gtk_label_set_label (self->report_title, _("The File Cannot Be Read"));
      gtk_label_set_label (self->report_summary, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->additions_group), FALSE);
      gtk_widget_set_visible (self->import_button, FALSE);
      gtk_widget_set_visible (self->back_button, TRUE);
      show_step (self, "report");
      return;
    }
  show_report (self, report, dry_run);
  if (report->written)
    {
      if (self->done)
        self->done (report->added, self->done_data);
      toast (self, _("The entries are imported."));
    }
}

static void
start_import (MamoriEntryImport *self,
              gboolean           dry_run)
{
  ImportJob *job = g_new0 (ImportJob, 1);

  job->file = g_object_ref (self->file);
  job->mapping = mamori_mapping_step_current (&self->mapping_step);
  job->encoding = self->preview->encoding;
  job->area_id = self->area_id;
  job->dry_run = dry_run;
  if (dry_run)
    g_object_set_data (G_OBJECT (self), "dry-run", GINT_TO_POINTER (TRUE));
  gtk_widget_set_visible (self->import_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entry-import.run", FALSE);
  show_step (self, "working");
  mamori_worker_run_async (worker_of (self), run_import, job, (GDestroyNotify)import_job_free,
                           (GDestroyNotify)mamori_entry_import_report_free, self->cancellable,
                           import_done, g_object_ref (self));
}

static void
check_activated (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  start_import (MAMORI_ENTRY_IMPORT (widget), TRUE);
}

static void
run_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  start_import (MAMORI_ENTRY_IMPORT (widget), FALSE);
}

static void
back_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  MamoriEntryImport *self = MAMORI_ENTRY_IMPORT (widget);

  /* The columns stay as the person chose them. */
  clear_rows (self->report_rows);
  gtk_widget_set_visible (self->import_button, FALSE);
  show_step (self, "mapping");
}

/* Building --------------------------------------------------------------------------------- */

static AdwPreferencesGroup *
new_group (GtkBox     *box,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (box, group);
  return ADW_PREFERENCES_GROUP (group);
}

/* A page of the stack: a clamped, scrolled column of groups. */
static GtkBox *
new_page (MamoriEntryImport *self,
          const char        *name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  g_object_set (box, "margin-top", 18, "margin-bottom", 24, "margin-start", 12, "margin-end", 12,
                NULL);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (self->stack, scrolled, name);
  return GTK_BOX (box);
}

static GtkLabel *
new_label (GtkBox     *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static GtkWidget *
header_button (const char *label,
               const char *action,
               gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  return button;
}

static void
build (MamoriEntryImport *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *save = gtk_button_new_with_label (_("Save"));
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *group;
  GtkBox *page;

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  self->cancel_button = GTK_BUTTON (header_button (_("Cancel"), "window.close", FALSE));
  self->check_button = header_button (_("Check the File"), "entry-import.check", TRUE);
  self->import_button = header_button (_("Import"), "entry-import.run", TRUE);
  gtk_widget_set_visible (self->import_button, FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->cancel_button));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->check_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->import_button);
  gtk_box_append (GTK_BOX (content), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));

  /* Working: the file being read, or every row checked. */
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Checking Every Row…"), -1);
  gtk_stack_add_named (self->stack, spinner, "working");

  page = new_page (self, "mapping");
  group = GTK_WIDGET (new_group (page, _("The File"), NULL));
  self->file_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->file_row), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->file_row));
  self->saved_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->saved_row), _("Saved columns"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->saved_row));
  self->columns_group = new_group (page, _("Columns"),
                                   _("Which column of the card reader's file holds each field "
                                     "of the entry log. Rows without an area column go to this "
                                     "area; a card on the area's permitted list fills in who "
                                     "it is."));
  group = GTK_WIDGET (new_group (page, _("Keep These Columns for Next Time"), NULL));
  self->save_name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->save_name_row),
                                 _("Name of the card reader"));
  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "entry-import.save-mapping");
  adw_entry_row_add_suffix (self->save_name_row, save);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->save_name_row));
  self->preview_group = new_group (page, _("First Rows"), NULL);

  page = new_page (self, "report");
  self->report_title = new_label (page, "title-2");
  self->report_summary = new_label (page, NULL);
  self->problems_group = new_group (page, _("Rows That Cannot Be Taken"), NULL);
  self->additions_group = new_group (page, _("Entries to Add"), NULL);
  self->back_button = gtk_button_new_with_label (_("Back to the Columns"));
  gtk_widget_set_halign (self->back_button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->back_button), "entry-import.back");
  gtk_box_append (page, self->back_button);

  adw_window_set_content (ADW_WINDOW (self), content);
}

static void
mamori_entry_import_dispose (GObject *object)
{
  MamoriEntryImport *self = MAMORI_ENTRY_IMPORT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->done_data);
  g_clear_pointer (&self->preview, mamori_inventory_preview_free);
  g_clear_pointer (&self->file_rows, g_ptr_array_unref);
  g_clear_pointer (&self->report_rows, g_ptr_array_unref);
  mamori_mapping_step_clear (&self->mapping_step);
  G_OBJECT_CLASS (mamori_entry_import_parent_class)->dispose (object);
}

static void
mamori_entry_import_class_init (MamoriEntryImportClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mamori_entry_import_dispose;
  gtk_widget_class_install_action (widget_class, "entry-import.check", NULL, check_activated);
  gtk_widget_class_install_action (widget_class, "entry-import.run", NULL, run_activated);
  gtk_widget_class_install_action (widget_class, "entry-import.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "entry-import.save-mapping", NULL,
                                   save_mapping_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mamori_entry_import_init (MamoriEntryImport *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Import a Card Reader Export"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 760);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  build (self);
  self->file_rows = g_ptr_array_new ();
  self->report_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  mamori_mapping_step_init (&self->mapping_step, &entry_mapping, GTK_WIDGET (self), NULL,
                            toast_of);
  self->mapping_step.saved_row = self->saved_row;
  self->mapping_step.save_name_row = self->save_name_row;
  g_signal_connect_swapped (self->saved_row, "notify::selected",
                            G_CALLBACK (mamori_mapping_step_saved_chosen), &self->mapping_step);
  show_step (self, "working");
}

/* Opens the import of @file into the log of @area_id over @parent. */
static void
open_dialog (GtkWindow            *parent,
             MamoriApplication    *application,
             gint64                area_id,
             GFile                *file,
             MamoriAreaDialogDone  done,
             gpointer              user_data)
{
  MamoriEntryImport *self = g_object_new (MAMORI_TYPE_ENTRY_IMPORT, NULL);

  self->application = application;
  self->mapping_step.application = application;
  self->area_id = area_id;
  self->done = done;
  self->done_data = user_data ? g_object_ref (user_data) : NULL;
  self->file = g_object_ref (file);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_application (GTK_WINDOW (self), GTK_APPLICATION (application));
  gtk_window_present (GTK_WINDOW (self));
  mamori_worker_run_async (worker_of (self), read_preview, g_object_ref (file), g_object_unref,
                           (GDestroyNotify)mamori_inventory_preview_free, self->cancellable,
                           preview_read, g_object_ref (self));
}

typedef struct
{
  GtkWindow            *parent;
  MamoriApplication    *application;
  gint64                area_id;
  MamoriAreaDialogDone  done;
  gpointer              user_data;
} Choice;

static void
file_chosen (GtkNativeDialog *chooser,
             int              response,
             Choice          *choice)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      open_dialog (choice->parent, choice->application, choice->area_id, file, choice->done,
                   choice->user_data);
    }
  g_clear_object (&choice->parent);
  g_clear_object (&choice->user_data);
  g_free (choice);
  g_object_unref (chooser);
}

/**
 * mamori_area_dialog_import:
 *
 * Imports a card reader's CSV export into the area's log: the file is chosen, then its columns
 * are mapped to the entry log's fields (recognised by their headers, or from a saved mapping),
 * every row is checked, and the file is taken whole, or refused with its bad lines named.
 */
void
mamori_area_dialog_import (GtkWindow            *parent,
                           MamoriApplication    *application,
                           gint64                area_id,
                           MamoriAreaDialogDone  done,
                           gpointer              user_data)
{
  Choice *choice = g_new0 (Choice, 1);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  choice->parent = parent ? g_object_ref (parent) : NULL;
  choice->application = application;
  choice->area_id = area_id;
  choice->done = done;
  choice->user_data = user_data ? g_object_ref (user_data) : NULL;
  chooser = gtk_file_chooser_native_new (_("Choose a Card Reader Export"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
