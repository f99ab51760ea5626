/* mamori-report-pdf.h — the year's report laid out on A4 pages, for a PDF or a printer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One layout object draws page N onto any cairo_t: the CLI writes a PDF through a cairo PDF
 * surface, the GUI prints through GtkPrintOperation, with the very same drawing code.
 */

#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "mamori-report.h"

G_BEGIN_DECLS

#define MAMORI_REPORT_A4_WIDTH  595.0   /* points */
#define MAMORI_REPORT_A4_HEIGHT 842.0

typedef struct _MamoriReportDocument MamoriReportDocument;

typedef struct
{
  int    pages;
  gint64 bytes;
} MamoriReportPdfStats;

MamoriReportDocument *mamori_report_document_new       (MamoriStore          *store,
                                                        int                   fiscal_year,
                                                        GError              **error);
MamoriReportDocument *mamori_report_document_new_for_data (MamoriReportData  *data);
int                   mamori_report_document_paginate  (MamoriReportDocument *doc,
                                                        PangoContext         *context,
                                                        double                page_width,
                                                        double                page_height);
int                   mamori_report_document_get_n_pages (MamoriReportDocument *doc);
void                  mamori_report_document_draw_page (MamoriReportDocument *doc,
                                                        cairo_t              *cr,
                                                        int                   page);
const char           *mamori_report_document_get_title (MamoriReportDocument *doc);
void                  mamori_report_document_free      (MamoriReportDocument *doc);

gboolean              mamori_report_write_pdf          (MamoriStore          *store,
                                                        int                   fiscal_year,
                                                        const char           *path,
                                                        GError              **error);
gboolean              mamori_report_pdf_export_file    (MamoriStore          *store,
                                                        int                   fiscal_year,
                                                        GFile                *out,
                                                        gboolean              overwrite,
                                                        MamoriReportPdfStats *stats,
                                                        GCancellable         *cancellable,
                                                        GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriReportDocument, mamori_report_document_free)

G_END_DECLS
