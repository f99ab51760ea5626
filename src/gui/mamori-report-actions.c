/* mamori-report-actions.c — the window's report actions: Export Report…, Print Report…,
 * Save Report as PDF…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each asks for the fiscal year (those with an inspection cycle, newest first), then:
 * Export writes the XML on the worker (mamori_report_export_async); Print and Save as PDF
 * collect the report's data on the worker and lay it out with the core's report document,
 * drawn by GtkPrintOperation page by page — Print through the print dialog (which offers
 * Print to File too), Save as PDF straight into the chosen file (GTK_PRINT_OPERATION_ACTION_
 * EXPORT).  `mamori-cli report --pdf` draws the very same pages.
 */

#include "config.h"

#include "mamori-report-actions.h"
#include "mamori-application.h"
#include "mamori-report.h"
#include "mamori-report-pdf.h"
#include "mamori-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef enum
{
  REPORT_EXPORT,
  REPORT_PRINT,
  REPORT_PDF,
} ReportKind;

typedef struct
{
  GtkWindow  *window;
  ReportKind  kind;
  int         fiscal_year;
  GArray     *years;
  GtkWidget  *chooser;
  GFile      *file;       /* Save as PDF: where */
} Request;

static void
request_free (Request *r)
{
  g_clear_object (&r->window);
  g_clear_object (&r->file);
  g_clear_pointer (&r->years, g_array_unref);
  g_free (r);
}

static MamoriWorker *
worker (void)
{
  return mamori_application_get_worker (mamori_application_get_default ());
}

static void
toast (GtkWindow  *window,
       const char *message)
{
  if (MAMORI_IS_WINDOW (window))
    mamori_window_add_toast (MAMORI_WINDOW (window), message);
}

/* Export -------------------------------------------------------------------------------------- */

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(GError) error = NULL;
  MamoriReportStats *stats = mamori_report_export_finish (MAMORI_WORKER (source), result,
                                                          &error);

  if (stats == NULL)
    toast (r->window, error->message);
  else
    {
      g_autofree char *label = mamori_fiscal_year_label (r->fiscal_year);
      g_autofree char *message = g_strdup_printf (_("Report of %s exported and checked "
                                                    "(SHA-256 %.8s…)"), label, stats->digest);

      toast (r->window, message);
      mamori_report_stats_clear (stats);
      g_free (stats);
    }
  request_free (r);
}

/* Print and PDF ------------------------------------------------------------------------------- */

static void
begin_print (GtkPrintOperation    *operation,
             GtkPrintContext      *context,
             MamoriReportDocument *doc)
{
  PangoContext *pango = gtk_print_context_create_pango_context (context);
  int pages = mamori_report_document_paginate (doc, pango, gtk_print_context_get_width (context),
                                               gtk_print_context_get_height (context));

  g_object_unref (pango);
  gtk_print_operation_set_n_pages (operation, pages);
}

static void
draw_page (GtkPrintOperation    *operation,
           GtkPrintContext      *context,
           int                   page,
           MamoriReportDocument *doc)
{
  mamori_report_document_draw_page (doc, gtk_print_context_get_cairo_context (context), page);
}

static void
print_done (GtkPrintOperation       *operation,
            GtkPrintOperationResult  result,
            Request                 *r)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      toast (r->window, error ? error->message : _("The report could not be printed."));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY && r->kind == REPORT_PDF)
    {
      g_autofree char *label = mamori_fiscal_year_label (r->fiscal_year);
      g_autofree char *message = g_strdup_printf (_("Report of %s saved as PDF"), label);

      toast (r->window, message);
    }
  request_free (r);
}

static GtkPageSetup *
a4_setup (void)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  return setup;
}

static void
collected (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autofree char *label = NULL;
  g_autofree char *job = NULL;
  MamoriReportData *data = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  MamoriReportDocument *doc;

  if (data == NULL)
    {
      toast (r->window, error->message);
      request_free (r);
      return;
    }
  doc = mamori_report_document_new_for_data (data);
  label = mamori_fiscal_year_label (r->fiscal_year);
  job = g_strdup_printf ("%s %s", label, mamori_report_document_get_title (doc));
  operation = gtk_print_operation_new ();
  setup = a4_setup ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_job_name (operation, job);
  gtk_print_operation_set_embed_page_setup (operation, FALSE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print), doc);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), doc);
  g_signal_connect (operation, "done", G_CALLBACK (print_done), r);
  g_object_set_data_full (G_OBJECT (operation), "document", doc,
                          (GDestroyNotify)mamori_report_document_free);
  if (r->kind == REPORT_PDF)
    {
      g_autofree char *path = g_file_get_path (r->file);

      gtk_print_operation_set_export_filename (operation, path);
    }
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_run (operation, r->kind == REPORT_PDF ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                            : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           r->window, &error);
  if (error != NULL)
    toast (r->window, error->message);
}

static gpointer
collect_on_worker (MamoriStore   *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return mamori_report_data_collect (store, GPOINTER_TO_INT (data), cancellable, error);
}

static void
collect (Request *r)
{
  mamori_worker_run_async (worker (), collect_on_worker, GINT_TO_POINTER (r->fiscal_year), NULL,
                           (GDestroyNotify)mamori_report_data_free, NULL, collected, r);
}

/* Choosing the file --------------------------------------------------------------------------- */

static void
file_chosen (GtkNativeDialog *chooser,
             int              response,
             Request         *r)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL)
    {
      request_free (r);
      return;
    }
  if (r->kind == REPORT_EXPORT)
    mamori_report_export_async (worker (), r->fiscal_year, file, NULL, exported, r);
  else
    {
      r->file = g_steal_pointer (&file);
      collect (r);
    }
}

static void
choose_file (Request *r)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  gboolean pdf = r->kind == REPORT_PDF;

  /* Translators: the file name the report suggests; %d is the fiscal year (2025) */
  name = g_strdup_printf (_("report-%d.%s"), r->fiscal_year, pdf ? "pdf" : "xml");
  chooser = gtk_file_chooser_native_new (pdf ? _("Save the Report as PDF") : _("Export the Report"),
                                         r->window, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         pdf ? _("_Save") : _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), r);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Choosing the year --------------------------------------------------------------------------- */

static void
year_chosen (AdwMessageDialog *dialog,
             const char       *response,
             Request          *r)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (r->chooser));

  if (g_strcmp0 (response, "continue") != 0 || selected >= r->years->len)
    {
      request_free (r);
      return;
    }
  r->fiscal_year = g_array_index (r->years, int, selected);
  if (r->kind == REPORT_PRINT)
    collect (r);
  else
    choose_file (r);
}

static void
ask_year (Request *r)
{
  static const char *headings[] = { N_("Export the Report"), N_("Print the Report"),
                                    N_("Save the Report as PDF") };
  static const char *verbs[] = { N_("_Choose the File…"), N_("_Print…"),
                                 N_("_Choose the File…") };
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; i < r->years->len; i++)
    {
      int year = g_array_index (r->years, int, i);
      g_autofree char *fy = mamori_fiscal_year_label (year);
      g_autofree char *label = g_strdup_printf ("%s (%d)", fy, year);

      gtk_string_list_append (labels, label);
    }
  r->chooser = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->chooser), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Fiscal year"), -1);
  /* The newest year whose inspection is over, when the current one is still open. */
  if (r->years->len > 1 && g_array_index (r->years, int, 0) >= mamori_fiscal_year_current ())
    gtk_drop_down_set_selected (GTK_DROP_DOWN (r->chooser), 1);

  dialog = adw_message_dialog_new (r->window, _(headings[r->kind]),
                                   _("The report for the headquarters covers one fiscal year: "
                                     "its inspection, findings, audit and evaluation, with the "
                                     "registers as they stand."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), r->chooser);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "continue", _(verbs[r->kind]), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (year_chosen), r);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gpointer
years_on_worker (MamoriStore   *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return mamori_report_years (store, error);
}

static void
years_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(GError) error = NULL;

  r->years = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (r->years == NULL)
    toast (r->window, error->message);
  else if (r->years->len == 0)
    toast (r->window, _("No fiscal year has an inspection yet: there is nothing to report."));
  else
    {
      ask_year (r);
      return;
    }
  request_free (r);
}

static void
activated (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  Request *r = g_new0 (Request, 1);
  const char *name = g_action_get_name (G_ACTION (action));

  r->window = g_object_ref (GTK_WINDOW (user_data));
  r->kind = g_str_equal (name, "export-report") ? REPORT_EXPORT
          : g_str_equal (name, "print-report") ? REPORT_PRINT : REPORT_PDF;
  mamori_worker_run_async (worker (), years_on_worker, NULL, NULL,
                           (GDestroyNotify)g_array_unref, NULL, years_read, r);
}

/**
 * mamori_report_actions_add:
 *
 * Adds win.export-report, win.print-report and win.save-report-pdf to @window.
 */
void
mamori_report_actions_add (GtkApplicationWindow *window)
{
  static const GActionEntry entries[] = {
    { "export-report", activated, NULL, NULL, NULL, { 0 } },
    { "print-report", activated, NULL, NULL, NULL, { 0 } },
    { "save-report-pdf", activated, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (window), entries, G_N_ELEMENTS (entries),
                                   window);
}
