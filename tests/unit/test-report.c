/* test-report.c — the year's report: XML, its schema and digest, and the PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sample ward of 8 sections with three fiscal years of inspections (2024–2026, the last one
 * open), a few areas and contracts.  The report of 2025 is exported, read back, tampered
 * with, and printed.
 */

#include "config.h"

#include "mamori-test-utils.h"
#include "mamori-report.h"
#include "mamori-report-pdf.h"

#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>

typedef struct
{
  char        *dir;
  MamoriStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MamoriDemoOptions options;

  f->dir = mt_tmpdir_new ();
  f->store = mt_store_new (f->dir, "ward.db");
  mamori_demo_options_init (&options);
  options.sections = 8;
  options.assets = 200;
  options.areas = 2;
  options.entries = 400;
  options.contracts = 10;
  options.seed = 7;
  options.inspection_years = 3;
  g_assert_true (mamori_demo_build (f->store, &options, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  mt_tmpdir_free (f->dir);
}

#define ADD(path, func) MT_ADD (path, Fixture, fixture_set_up, func, fixture_tear_down)

/* The fiscal year of the demo's last closed inspection. */
static int
report_year (void)
{
  return mamori_fiscal_year_current () - 1;
}

static char *
export (Fixture    *f,
        const char *name,
        char      **digest)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  MamoriReportStats stats = { 0 };

  g_assert_true (mamori_report_export_file (f->store, report_year (), out, TRUE, &stats, NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sections, ==, 8);
  g_assert_cmpint (stats.bytes, >, 1000);
  g_assert_nonnull (stats.digest);
  g_assert_cmpuint (strlen (stats.digest), ==, 64);
  if (digest != NULL)
    *digest = g_strdup (stats.digest);
  mamori_report_stats_clear (&stats);
  return g_steal_pointer (&path);
}

/* Names in @dir, sorted and joined by " ". */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **)names->pdata);
}

static char *
file_text (const char *path)
{
  g_autoptr(GBytes) bytes = mt_file_bytes (path);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static void
test_valid (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriReportInfo) info = NULL;
  g_autoptr(MamoriReportData) d = NULL;
  g_autofree char *path = export (f, "report.xml", NULL);
  g_autofree char *text = file_text (path);
  g_autofree char *label = mamori_fiscal_year_label (report_year ());
  g_autofree char *fy = g_strdup_printf ("fiscal-year=\"%d\"", report_year ());
  guint partial_or_not = 0;

  g_assert_true (mamori_report_validate_file (path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info->fiscal_year, ==, report_year ());
  g_assert_cmpstr (info->fiscal_year_display, ==, label);
  g_assert_true (g_str_has_prefix (info->fiscal_year_display, "令和"));
  g_assert_cmpstr (info->standard_code, ==, "shinjuku");
  g_assert_nonnull (info->catalogue_version);
  g_assert_cmpuint (info->sections, ==, 8);
  g_assert_cmpfloat (info->rate, >, 0.0);
  g_assert_cmpfloat (info->rate, <=, 1.0);

  /* The root names the year and the standard; dates carry their 和暦; the registers Mamori
   * does not keep say so. */
  g_assert_nonnull (strstr (text, "xmlns=\"" MAMORI_REPORT_NAMESPACE "\""));
  g_assert_nonnull (strstr (text, fy));
  g_assert_nonnull (strstr (text, "<report-date iso=\""));
  g_assert_nonnull (strstr (text, "era=\"令和\""));
  g_assert_nonnull (strstr (text, "<register kind=\"incidents\" present=\"false\"/>"));
  g_assert_nonnull (strstr (text, "<register kind=\"exceptions\" present=\"false\"/>"));
  g_assert_nonnull (strstr (text, "<addressee code=\"本部\" function=\"headquarters\" "
                                  "name=\"情報化戦略本部\"/>"));

  /* The findings are every answer 一部実施 or 未実施 of the roll-up. */
  d = mamori_report_data_collect (f->store, report_year (), NULL, &error);
  g_assert_no_error (error);
  partial_or_not = d->rollup->total.partial + d->rollup->total.not_complied;
  g_assert_cmpuint (info->findings, ==, partial_or_not);
  g_assert_cmpuint (d->findings->len, ==, partial_or_not);
  g_assert_cmpuint (d->years->len, ==, 2);   /* the two years up to the report's */
  g_assert_cmpint (d->previous_year, ==, report_year () - 1);
  g_assert_cmpint (d->assets_active + d->assets_disposed, ==, 200);
  g_assert_cmpuint (d->areas->len, ==, 2);
}

static void
test_digest (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *second = NULL, *third = NULL;
  g_autofree char *a = export (f, "a.xml", &first);
  g_autofree char *b = export (f, "b.xml", &second);
  g_autofree char *c = NULL;

  /* The same data, the same digest (the <generated> time is outside it). */
  g_assert_cmpstr (first, ==, second);

  /* Any value changed, another digest. */
  g_assert_true (mamori_store_set_setting (f->store, "organisation-name", "かえで区 改", &error));
  g_assert_no_error (error);
  c = export (f, "c.xml", &third);
  g_assert_cmpstr (first, !=, third);
}

static void
test_tampered (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = export (f, "report.xml", NULL);
  g_autofree char *text = file_text (path);
  g_autofree char *tampered = g_build_filename (f->dir, "tampered.xml", NULL);
  g_autofree char *rate = NULL;
  g_autofree char *later = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *indented = NULL;
  const char *p = strstr (text, " rate=\"0.");

  /* One digit of the ward's rate. */
  g_assert_nonnull (p);
  rate = g_strdup (text);
  rate[p - text + 10] = rate[p - text + 10] == '9' ? '8' : '9';
  write_text (tampered, rate);
  g_assert_false (mamori_report_validate_file (tampered, NULL, &error));
  g_assert_error (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_DIGEST);
  g_assert_nonnull (strstr (error->message, "digest"));
  g_assert_nonnull (strstr (error->message, "tampered.xml"));
  g_clear_error (&error);

  /* When it was written is outside the digest; the indentation too. */
  {
    g_autoptr(GRegex) at = g_regex_new ("<generated at=\"[^\"]*\"", 0, 0, NULL);

    later = g_regex_replace_literal (at, text, -1, 0,
                                     "<generated at=\"2001-01-01T00:00:00+09:00\"", 0, NULL);
    g_assert_cmpstr (later, !=, text);
    write_text (tampered, later);
  }
  g_assert_true (mamori_report_validate_file (tampered, NULL, &error));
  g_assert_no_error (error);
  indented = mt_replace_once (text, "\n  <standard", "\n\n        <standard");
  write_text (tampered, indented);
  g_assert_true (mamori_report_validate_file (tampered, NULL, &error));
  g_assert_no_error (error);

  /* Valid XML that breaks the schema: named with its line. */
  broken = mt_replace_once (text, "<register kind=\"incidents\" present=\"false\"/>",
                            "<register kind=\"incidents\"/>");
  write_text (tampered, broken);
  g_assert_false (mamori_report_validate_file (tampered, NULL, &error));
  g_assert_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "present"));
  g_clear_error (&error);

  /* Truncated. */
  text[strlen (text) / 2] = '\0';
  write_text (tampered, text);
  g_assert_false (mamori_report_validate_file (tampered, NULL, &error));
  g_assert_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED);
  g_clear_error (&error);

  /* A DOCTYPE (billion laughs) and another namespace are refused. */
  write_text (tampered, "<?xml version=\"1.0\"?>\n<!DOCTYPE report [<!ENTITY a \"aaaa\">"
                        "<!ENTITY b \"&a;&a;&a;&a;\">]>\n<report xmlns=\""
                        MAMORI_REPORT_NAMESPACE "\">&b;</report>\n");
  g_assert_false (mamori_report_validate_file (tampered, NULL, &error));
  g_assert_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE);
  g_clear_error (&error);
  write_text (tampered, "<?xml version=\"1.0\"?>\n<report xmlns=\"urn:other\"/>\n");
  g_assert_false (mamori_report_validate_file (tampered, NULL, &error));
  g_assert_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNKNOWN);
  g_clear_error (&error);
}

static void
test_nothing_left (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out_dir = g_build_filename (f->dir, "out", NULL);
  g_autofree char *target = g_build_filename (out_dir, "report.xml", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "report.xml", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (target);
  g_autoptr(GFile) nowhere = g_file_new_for_path (missing);
  g_autoptr(GFile) pdf = NULL;
  g_autofree char *pdf_path = g_build_filename (out_dir, "report.pdf", NULL);
  g_autofree char *names = NULL;

  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);

  /* Text XML cannot hold: refused while writing, nothing left beside the target. */
  g_assert_true (mamori_store_set_setting (f->store, "organisation-name", "かえで区\x01", &error));
  g_assert_false (mamori_report_export_file (f->store, report_year (), out, FALSE, NULL, NULL,
                                             &error));
  g_assert_error (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "U+0001"));
  g_clear_error (&error);
  names = listing (out_dir);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  /* A folder that does not exist. */
  g_assert_true (mamori_store_set_setting (f->store, "organisation-name", "かえで区", &error));
  g_assert_false (mamori_report_export_file (f->store, report_year (), nowhere, FALSE, NULL,
                                             NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An existing file is kept unless replacing is asked for. */
  write_text (target, "keep me");
  g_assert_false (mamori_report_export_file (f->store, report_year (), out, FALSE, NULL, NULL,
                                             &error));
  g_assert_error (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_EXISTS);
  g_clear_error (&error);
  {
    g_autofree char *kept = file_text (target);

    g_assert_cmpstr (kept, ==, "keep me");
  }
  pdf = g_file_new_for_path (pdf_path);
  g_assert_false (mamori_report_pdf_export_file (f->store, 2001, pdf, FALSE, NULL, NULL, &error));
  g_assert_error (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_NO_CYCLE);
  g_clear_error (&error);
  names = listing (out_dir);
  g_assert_cmpstr (names, ==, "report.xml");
}

static void
test_no_cycle (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriReportData) d = mamori_report_data_collect (f->store, 2019, NULL, &error);
  g_autoptr(GArray) years = NULL;

  g_assert_null (d);
  g_assert_error (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_NO_CYCLE);
  g_assert_nonnull (strstr (error->message, "2019"));
  g_assert_nonnull (strstr (error->message, "令和元年度"));
  g_clear_error (&error);

  years = mamori_report_years (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (years->len, ==, 3);
  g_assert_cmpint (g_array_index (years, int, 0), ==, mamori_fiscal_year_current ());
}

static char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  char *out = NULL;
  int status = 0;

  /* poppler-utils (build-aux/setup.sh installs it): without it the test fails. */
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  return out;
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "report.pdf", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(MamoriReportDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *label = mamori_fiscal_year_label (report_year ());
  MamoriReportPdfStats stats = { 0 };
  const char *titles[] = { "Information Security Inspection Report", "1. Introduction",
                           "2. Overview", "3. Summary of results", "4. Findings",
                           "5. Follow-up of last year’s findings", "6. Related circumstances",
                           "7. Audit findings", "8. Evaluation by chapter",
                           "9. Proposals for the review of the standard",
                           "情報化戦略本部", "ネットワーク管理者", "第2" };

  g_assert_true (mamori_report_pdf_export_file (f->store, report_year (), out, FALSE, &stats,
                                                NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.pages, >=, 5);
  g_assert_cmpint (stats.bytes, >, 10000);

  text = pdf_text (path);
  g_assert_nonnull (strstr (text, label));
  g_assert_nonnull (strstr (text, "令和"));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (strstr (text, titles[i]) == NULL)
      g_error ("“%s” is not in the PDF:\n%s", titles[i], text);
  /* Page numbers under the pages after the cover (pdftotext drops their spaces). */
  {
    g_autoptr(GRegex) spaces = g_regex_new (" +", 0, 0, NULL);
    g_autofree char *tight = g_regex_replace_literal (spaces, text, -1, 0, "", 0, NULL);
    g_autofree char *last = g_strdup_printf ("−%d−", stats.pages - 1);

    g_assert_nonnull (strstr (tight, "−1−"));
    g_assert_nonnull (strstr (tight, last));
  }
  /* One page per form feed. */
  {
    guint pages = 0;

    for (const char *p = text; *p; p++)
      pages += *p == '\f';
    g_assert_cmpuint (pages, ==, (guint)stats.pages);
  }

  /* The same document paginates the same way on any pango-cairo context (a printer's). */
  doc = mamori_report_document_new (f->store, report_year (), &error);
  g_assert_no_error (error);
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 10, 10);
    cairo_t *cr = cairo_create (surface);
    PangoContext *context = pango_cairo_create_context (cr);
    int n = mamori_report_document_paginate (doc, context, MAMORI_REPORT_A4_WIDTH,
                                             MAMORI_REPORT_A4_HEIGHT);

    g_assert_cmpint (n, ==, stats.pages);
    g_assert_cmpint (mamori_report_document_get_n_pages (doc), ==, n);
    for (int i = 0; i < n; i++)
      mamori_report_document_draw_page (doc, cr, i);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    g_object_unref (context);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  ADD ("/report/valid", test_valid);
  ADD ("/report/digest", test_digest);
  ADD ("/report/tampered", test_tampered);
  ADD ("/report/nothing-left", test_nothing_left);
  ADD ("/report/no-cycle", test_no_cycle);
  ADD ("/report/pdf", test_pdf);
  return g_test_run ();
}
