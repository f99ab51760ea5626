/* mamori-ledger.c — the Excel ledgers: importing one through its columns, exporting the
 * inventory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import goes in three steps a person can follow: the file and how its columns are read
 * (with the first rows to see it), a check of every row that writes nothing, and only when
 * every row can be taken, the import itself in one transaction.  Everything that reads the
 * file or the database runs on the worker.
 */

#include "config.h"

#include "mamori-inventory-actions.h"
#include "mamori-mapping-step.h"
#include "mamori-application.h"
#include "mamori-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#define MAMORI_TYPE_IMPORT_DIALOG (mamori_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MamoriImportDialog, mamori_import_dialog, MAMORI, IMPORT_DIALOG, AdwWindow)

struct _MamoriImportDialog
{
  AdwWindow               parent_instance;

  GtkStack               *stack;
  GtkWidget              *check_button;
  GtkWidget              *import_button;
  AdwActionRow           *file_row;
  AdwComboRow            *encoding_row;
  AdwComboRow            *saved_row;
  AdwPreferencesGroup    *columns_group;
  AdwPreferencesGroup    *preview_group;
  AdwEntryRow            *save_name_row;
  AdwStatusPage          *working_page;
  GtkProgressBar         *progress_bar;
  GtkLabel               *report_title;
  GtkLabel               *report_summary;
  AdwPreferencesGroup    *problems_group;
  GtkWidget              *back_button;
  GtkButton              *cancel_button;

  MamoriApplication      *application;
  GtkWidget              *page;          /* the Assets view, to read again afterwards */
  GFile                  *file;
  MamoriInventoryPreview *preview;
  MamoriMappingStep       mapping_step;
  GPtrArray              *file_rows;     /* the columns and first rows of the file read */
  GPtrArray              *problem_rows;  /* the rows of the last report */
  GCancellable           *cancellable;
};

static const MamoriMappingKind inventory_mapping = {
  .n_fields = MAMORI_INVENTORY_N_FIELDS,
  .field_label = (MamoriMappingFieldLabel)mamori_inventory_field_label,
  .mapping_new = (MamoriMappingNew)mamori_inventory_mapping_new,
  .mapping_free = (GDestroyNotify)mamori_inventory_mapping_free,
  .set_ignored = (MamoriMappingSetIgnored)mamori_inventory_mapping_set_ignored,
  .set_header = (MamoriMappingSetHeader)mamori_inventory_mapping_set_header,
  .resolve = (MamoriMappingResolve)mamori_inventory_mapping_resolve,
  .load = (MamoriMappingLoad)mamori_inventory_mapping_load,
  .save = (MamoriMappingSave)mamori_inventory_mapping_save,
  .list = (MamoriMappingList)mamori_inventory_mapping_list,
};

G_DEFINE_FINAL_TYPE (MamoriImportDialog, mamori_import_dialog, ADW_TYPE_WINDOW)

static const MamoriCsvEncoding encodings[] = {
  MAMORI_CSV_ENCODING_AUTO, MAMORI_CSV_ENCODING_UTF8, MAMORI_CSV_ENCODING_CP932,
};

static MamoriWorker *
worker_of (MamoriImportDialog *self)
{
  return mamori_application_get_worker (self->application);
}

static MamoriCsvEncoding
chosen_encoding (MamoriImportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->encoding_row);

  return i < G_N_ELEMENTS (encodings) ? encodings[i] : MAMORI_CSV_ENCODING_AUTO;
}

static void
toast (MamoriImportDialog *self,
       const char         *message)
{
  GtkRoot *root = self->page ? gtk_widget_get_root (self->page) : NULL;

  if (MAMORI_IS_WINDOW (root))
    mamori_window_add_toast (MAMORI_WINDOW (root), message);
}

static void
toast_of (GtkWidget  *dialog,
          const char *message)
{
  toast (MAMORI_IMPORT_DIALOG (dialog), message);
}

static void
show_step (MamoriImportDialog *self,
           const char         *step)
{
  gboolean mapping = g_str_equal (step, "mapping");

  gtk_stack_set_visible_child_name (self->stack, step);
  gtk_widget_set_visible (self->check_button, mapping);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.check", mapping);
}

/* Takes out of their groups the rows put there with add_row() into rows. */
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

static GtkWidget *
add_row (GPtrArray           *rows,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

/* Progress, from the worker --------------------------------------------------------------------- */

/* Each report holds the dialog itself (taken from the job's weak reference in the worker),
 * and gives it back on the main thread: the job may be gone by the time the report is shown. */
typedef struct
{
  MamoriImportDialog *dialog;
  double              fraction;
  char               *what;
} Progress;

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;

  if (p->dialog != NULL)
    {
      gtk_progress_bar_set_fraction (p->dialog->progress_bar, p->fraction);
      gtk_progress_bar_set_text (p->dialog->progress_bar, p->what);
      g_object_unref (p->dialog);
    }
  g_free (p->what);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
report_progress (double      fraction,
                 const char *what,
                 gpointer    user_data)
{
  Progress *p = g_new0 (Progress, 1);

  p->dialog = g_weak_ref_get (user_data);
  if (p->dialog == NULL)
    {
      g_free (p);
      return;
    }
  p->fraction = fraction;
  p->what = g_strdup (what);
  g_idle_add (show_progress, p);
}

/* Step 1: the file and its columns -------------------------------------------------------------- */

static void
build_preview (MamoriImportDialog *self)
{
  for (guint r = 0; r < self->preview->rows->len; r++)
    {
      char **fields = g_ptr_array_index (self->preview->rows, r);
      g_autofree char *joined = g_strjoinv (" | ", fields);
      g_autofree char *title = g_strdup_printf (_("Row %u"), r + 1);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), joined);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      add_row (self->file_rows, self->preview_group, row);
    }
}

/* What the worker needs to read the file, taken on the main thread: it never sees a widget. */
typedef struct
{
  GFile             *file;
  MamoriCsvEncoding  encoding;
} PreviewJob;

static void
preview_job_free (PreviewJob *job)
{
  g_object_unref (job->file);
  g_free (job);
}

static gpointer
read_preview (MamoriStore   *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  PreviewJob *job = data;

  return mamori_inventory_preview (job->file, job->encoding, 5, cancellable, error);
}

static void
preview_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MamoriImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  MamoriInventoryPreview *preview = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  g_autofree char *name = NULL;

  if (preview == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_status_page_set_title (self->working_page, _("The File Cannot Be Read"));
          adw_status_page_set_description (self->working_page, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
          show_step (self, "working");
        }
      return;
    }

  g_clear_pointer (&self->preview, mamori_inventory_preview_free);
  self->preview = preview;
  clear_rows (self->problem_rows);
  clear_rows (self->file_rows);
  name = g_file_get_basename (self->file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  adw_action_row_set_subtitle (self->file_row, preview->encoding == MAMORI_CSV_ENCODING_CP932
                                               ? _("Read as Shift_JIS (CP932)")
                                               : _("Read as UTF-8"));
  mamori_mapping_step_build (&self->mapping_step, (const char *const *)preview->headers,
                             preview->columns, self->file_rows, self->columns_group);
  build_preview (self);
  mamori_mapping_step_fill_saved (&self->mapping_step);
  show_step (self, "mapping");
}

static void
read_file_again (MamoriImportDialog *self)
{
  PreviewJob *job;

  if (self->file == NULL || self->mapping_step.filling)
    return;
  job = g_new0 (PreviewJob, 1);
  job->file = g_object_ref (self->file);
  job->encoding = chosen_encoding (self);
  mamori_worker_run_async (worker_of (self), read_preview, job, (GDestroyNotify)preview_job_free,
                           (GDestroyNotify)mamori_inventory_preview_free, self->cancellable,
                           preview_read, g_object_ref (self));
}

static void
file_chosen (GtkNativeDialog    *chooser,
             int                 response,
             MamoriImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_clear_object (&self->file);
      self->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      read_file_again (self);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Ledger"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_mapping_activated (GtkWidget  *widget,
                        const char *action,
                        GVariant   *parameter)
{
  mamori_mapping_step_save (&MAMORI_IMPORT_DIALOG (widget)->mapping_step);
}

/* Steps 2 and 3: the check, then the import ----------------------------------------------------- */

typedef struct
{
  GFile                  *file;
  MamoriInventoryMapping *mapping;
  MamoriCsvEncoding       encoding;
  gboolean                dry_run;
  GWeakRef                dialog;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->file);
  mamori_inventory_mapping_free (job->mapping);
  g_weak_ref_clear (&job->dialog);
  g_free (job);
}

static gpointer
run_import (MamoriStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  ImportJob *job = data;
  MamoriInventoryImportOptions options;

  mamori_inventory_import_options_init (&options);
  options.encoding = job->encoding;
  options.mapping = job->mapping;
  options.dry_run = job->dry_run;
  options.progress = report_progress;
  options.progress_data = &job->dialog;
  return mamori_inventory_import_csv (store, job->file, &options, cancellable, error);
}

static void
show_report (MamoriImportDialog          *self,
             MamoriInventoryImportReport *report,
             gboolean                     dry_run)
{
  g_autofree char *added = g_strdup_printf ("%'" G_GINT64_FORMAT, report->added);
  g_autofree char *updated = g_strdup_printf ("%'" G_GINT64_FORMAT, report->updated);
  g_autofree char *unchanged = g_strdup_printf ("%'" G_GINT64_FORMAT, report->unchanged);
  g_autofree char *rejected = g_strdup_printf ("%'" G_GINT64_FORMAT, report->rejected);
  g_autofree char *summary = NULL;

  clear_rows (self->problem_rows);
  /* Translators: counts of rows: to add, to update, unchanged, refused */
  summary = g_strdup_printf (_("%s to add · %s to update · %s unchanged · %s refused"),
                             added, updated, unchanged, rejected);

  if (report->written)
    {
      gtk_label_set_label (self->report_title, _("The Ledger Is Imported"));
      /* Nothing is left to cancel. */
      gtk_button_set_label (self->cancel_button, _("Close"));
    }
  else if (report->rejected > 0)
    gtk_label_set_label (self->report_title,
                         _("Nothing Was Written: Some Rows Cannot Be Taken"));
  else
    gtk_label_set_label (self->report_title, _("Every Row Can Be Taken"));
  gtk_label_set_label (self->report_summary, summary);

  for (guint i = 0; report->problems && i < report->problems->len; i++)
    {
      MamoriInventoryProblem *p = g_ptr_array_index (report->problems, i);
      /* Translators: a line of the file, then its column */
      g_autofree char *title = g_strdup_printf (_("Line %llu · column %s"),
                                                (unsigned long long)p->line, p->column);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), p->message);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      add_row (self->problem_rows, self->problems_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), report->rejected > 0);
  gtk_widget_set_visible (self->back_button, !report->written);
  gtk_widget_set_visible (self->import_button, dry_run && report->rejected == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run",
                                 dry_run && report->rejected == 0);
  show_step (self, "report");
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MamoriImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriInventoryImportReport) report = NULL;
  gboolean dry_run = g_object_steal_data (G_OBJECT (self), "dry-run") != NULL;

  report = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_label (self->report_title, _("The Ledger Cannot Be Read"));
      gtk_label_set_label (self->report_summary, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_group), FALSE);
      gtk_widget_set_visible (self->import_button, FALSE);
      gtk_widget_set_visible (self->back_button, TRUE);
      show_step (self, "report");
      return;
    }
  show_report (self, report, dry_run);
  if (report->written)
    {
      mamori_application_assets_changed (self->application, 0);
      toast (self, _("The ledger is imported."));
    }
}

static void
start_import (MamoriImportDialog *self,
              gboolean            dry_run)
{
  ImportJob *job = g_new0 (ImportJob, 1);

  job->file = g_object_ref (self->file);
  job->mapping = mamori_mapping_step_current (&self->mapping_step);
  job->encoding = self->preview->encoding;
  job->dry_run = dry_run;
  g_weak_ref_init (&job->dialog, self);
  if (dry_run)
    g_object_set_data (G_OBJECT (self), "dry-run", GINT_TO_POINTER (TRUE));

  adw_status_page_set_title (self->working_page, dry_run ? _("Checking Every Row…")
                                                         : _("Importing…"));
  adw_status_page_set_description (self->working_page, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (self->import_button, FALSE);
  show_step (self, "working");
  mamori_worker_run_async (worker_of (self), run_import, job, (GDestroyNotify)import_job_free,
                           (GDestroyNotify)mamori_inventory_import_report_free, self->cancellable,
                           import_done, g_object_ref (self));
}

static void
check_activated (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  start_import (MAMORI_IMPORT_DIALOG (widget), TRUE);
}

static void
run_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  start_import (MAMORI_IMPORT_DIALOG (widget), FALSE);
}

static void
back_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  MamoriImportDialog *self = MAMORI_IMPORT_DIALOG (widget);

  /* The columns stay as the person chose them. */
  clear_rows (self->problem_rows);
  gtk_widget_set_visible (self->import_button, FALSE);
  show_step (self, self->preview ? "mapping" : "choose");
}

/* Life ------------------------------------------------------------------------------------------ */

static void
mamori_import_dialog_dispose (GObject *object)
{
  MamoriImportDialog *self = MAMORI_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->page);
  g_clear_pointer (&self->preview, mamori_inventory_preview_free);
  g_clear_pointer (&self->file_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  mamori_mapping_step_clear (&self->mapping_step);

  G_OBJECT_CLASS (mamori_import_dialog_parent_class)->dispose (object);
}

static void
mamori_import_dialog_class_init (MamoriImportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mamori_import_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-import-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MamoriImportDialog, name)
  BIND (stack); BIND (check_button); BIND (import_button); BIND (file_row); BIND (encoding_row);
  BIND (saved_row); BIND (columns_group); BIND (preview_group); BIND (save_name_row);
  BIND (working_page); BIND (progress_bar); BIND (report_title); BIND (report_summary);
  BIND (problems_group); BIND (back_button); BIND (cancel_button);
#undef BIND

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_activated);
  gtk_widget_class_install_action (widget_class, "import.check", NULL, check_activated);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_activated);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "import.save-mapping", NULL,
                                   save_mapping_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mamori_import_dialog_init (MamoriImportDialog *self)
{
  const char *labels[] = { _("Detect"), _("UTF-8"), _("Shift_JIS (CP932, as Excel writes)"), NULL };
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->file_rows = g_ptr_array_new ();
  self->problem_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (list));
  g_signal_connect_swapped (self->encoding_row, "notify::selected", G_CALLBACK (read_file_again), self);
  mamori_mapping_step_init (&self->mapping_step, &inventory_mapping, GTK_WIDGET (self),
                            mamori_application_get_default (), toast_of);
  self->mapping_step.saved_row = self->saved_row;
  self->mapping_step.save_name_row = self->save_name_row;
  g_signal_connect_swapped (self->saved_row, "notify::selected",
                            G_CALLBACK (mamori_mapping_step_saved_chosen), &self->mapping_step);
  show_step (self, "choose");
}

/**
 * mamori_inventory_import_file:
 * @file: (nullable): a ledger to start with, or %NULL to ask for one
 *
 * Opens the import of a ledger over @page's window.
 */
void
mamori_inventory_import_file (GtkWidget *page,
                              GFile     *file)
{
  MamoriImportDialog *self = g_object_new (MAMORI_TYPE_IMPORT_DIALOG, NULL);

  self->application = mamori_application_get_default ();
  self->page = g_object_ref (page);
  gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (gtk_widget_get_root (page)));
  gtk_window_set_application (GTK_WINDOW (self), GTK_APPLICATION (self->application));
  gtk_window_present (GTK_WINDOW (self));
  if (file != NULL)
    {
      self->file = g_object_ref (file);
      read_file_again (self);
    }
}

void
mamori_inventory_import (GtkWidget *page)
{
  mamori_inventory_import_file (page, NULL);
}

/* Export ------------------------------------------------------------------------------------------ */

typedef struct
{
  GFile                 *file;
  MamoriInventoryFormat  format;
  MamoriCsvEncoding      encoding;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->file);
  g_free (job);
}

static gpointer
run_export (MamoriStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  ExportJob *job = data;
  g_autoptr(GFileOutputStream) stream = NULL;
  MamoriInventoryExportOptions options;
  MamoriInventoryExportStats stats = { 0 };
  gboolean ok;
  gint64 *count;

  mamori_inventory_export_options_init (&options);
  options.encoding = job->encoding;
  /* Written through a replacement, so that a failure leaves the old file as it was. */
  stream = g_file_replace (job->file, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return NULL;
  ok = job->format == MAMORI_INVENTORY_FORMAT_XML
       ? mamori_inventory_export_xml (store, G_OUTPUT_STREAM (stream), &options, &stats, cancellable, error)
       : mamori_inventory_export_csv (store, G_OUTPUT_STREAM (stream), &options, &stats, cancellable, error);
  if (!ok)
    {
      /* Closing after a cancel abandons the replacement instead of writing it. */
      g_autoptr(GCancellable) abandon = g_cancellable_new ();
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      mamori_inventory_export_stats_clear (&stats);
      return NULL;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
    {
      mamori_inventory_export_stats_clear (&stats);
      return NULL;
    }
  count = g_new (gint64, 1);
  *count = stats.assets;
  mamori_inventory_export_stats_clear (&stats);
  return count;
}

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GtkWidget) page = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *count = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  GtkRoot *root = gtk_widget_get_root (page);
  g_autofree char *message = NULL;

  if (count == NULL)
    message = g_strdup (error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld asset exported",
                                            "%lld assets exported", (gulong)*count),
                               (long long)*count);
  if (MAMORI_IS_WINDOW (root))
    mamori_window_add_toast (MAMORI_WINDOW (root), message);
}

static void
export_chosen (GtkNativeDialog *chooser,
               int              response,
               GtkWidget       *page)
{
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      ExportJob *job = g_new0 (ExportJob, 1);

      job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      job->format = g_str_equal (format, "xml") ? MAMORI_INVENTORY_FORMAT_XML
                                                : MAMORI_INVENTORY_FORMAT_CSV;
      job->encoding = g_str_equal (format, "csv-cp932") ? MAMORI_CSV_ENCODING_CP932
                                                        : MAMORI_CSV_ENCODING_UTF8;
      mamori_worker_run_async (mamori_application_get_worker (mamori_application_get_default ()),
                               run_export, job, (GDestroyNotify)export_job_free, g_free, NULL,
                               exported, g_object_ref (page));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (page);
}

/**
 * mamori_inventory_export:
 * @format: "csv-utf-8", "csv-cp932" or "xml"
 *
 * Asks where to write the whole inventory, and writes it there on the worker.
 */
void
mamori_inventory_export (GtkWidget  *page,
                         const char *format)
{
  g_autofree char *today = mamori_date_today_iso ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  /* Translators: the file name an export suggests; %s is today's date */
  name = g_strdup_printf (_("inventory-%s.%s"), today, g_str_equal (format, "xml") ? "xml" : "csv");
  chooser = gtk_file_chooser_native_new (_("Export the Inventory"),
                                         GTK_WINDOW (gtk_widget_get_root (page)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "format", g_strdup (format), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen), g_object_ref (page));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
