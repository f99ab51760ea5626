/* mamori-cli-report.c — the year's report: export report, report --pdf, validate of a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   mamori-cli [--db PATH] export report --fiscal-year YYYY --out FILE.xml [--force]
 *   mamori-cli [--db PATH] report --fiscal-year YYYY --pdf FILE.pdf [--force]
 *   mamori-cli validate FILE.xml        (a report: schema and digest)
 */

#include "config.h"

#include "mamori-cli.h"
#include "mamori-cli-report.h"
#include "mamori-core.h"
#include "mamori-report.h"
#include "mamori-report-pdf.h"

#include <glib/gi18n.h>
#include <stdlib.h>

static MamoriStore *
open_existing (const char  *db_path,
               const char  *actor,
               GError     **error)
{
  g_autofree char *db = db_path ? g_strdup (db_path) : mamori_store_default_path ();
  MamoriStore *store;

  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("The database “%s” does not exist."), db);
      return NULL;
    }
  store = mamori_store_open (db, MAMORI_STORE_OPEN_NO_MIGRATE, error);
  if (store != NULL)
    mamori_store_set_actor (store, actor);
  return store;
}

/* An existing file is named with the option that replaces it. */
static int
failed (GError     *error,
        const char *file)
{
  if (!g_error_matches (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_EXISTS))
    return mamori_cli_fail_error (error);
  g_error_free (error);
  g_printerr (_("mamori-cli: %s already exists; add --force to replace it.\n"), file);
  return EXIT_FAILURE;
}

/* The options both commands share. */
typedef struct
{
  int       fiscal_year;
  char     *file;
  gboolean  force;
} ReportOptions;

static int
run_report (const char    *db_path,
            const char    *actor,
            int            argc,
            char         **argv,
            gboolean       pdf)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (pdf ? "report --fiscal-year YYYY --pdf FILE.pdf"
                              : "export report --fiscal-year YYYY --out FILE.xml");
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  ReportOptions o = { 0 };
  GError *error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "fiscal-year", 0, 0, G_OPTION_ARG_INT, &o.fiscal_year,
      N_("The fiscal year (年度) by its first calendar year: 2026 for 令和8年度"), "YYYY" },
    { pdf ? "pdf" : "out", 0, 0, G_OPTION_ARG_FILENAME, &o.file, N_("The file to write"),
      N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &o.force, N_("Replace FILE if it exists"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, pdf
    ? _("Prints the year’s report for the headquarters as an A4 PDF in Japanese: cover, "
        "roll-up per chapter and per section with charts, findings, follow-up, audit, "
        "evaluation and the registers. No display needed.")
    : _("Writes the year’s report for the headquarters as XML valid against "
        "mamori-report-1.xsd, with its SHA-256 digest. The file appears only once it has "
        "been checked."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = mamori_cli_parse (context, &argc, &argv, pdf ? 0 : 1, pdf ? 0 : 1)) >= 0)
    {
      g_free (o.file);
      return status;
    }
  if (o.fiscal_year < 1900 || o.fiscal_year > 9999)
    status = mamori_cli_usage_error (context, _("--fiscal-year YYYY is required (for example 2026)."));
  else if (o.file == NULL)
    status = mamori_cli_usage_error (context, pdf ? _("--pdf FILE is required.") : _("--out FILE is required."));
  if (status >= 0)
    {
      g_free (o.file);
      return status;
    }

  file = g_file_new_for_commandline_arg (o.file);
  store = open_existing (db_path, actor, &error);
  if (store == NULL)
    status = mamori_cli_fail_error (error);
  else if (pdf)
    {
      MamoriReportPdfStats stats = { 0 };

      if (!mamori_report_pdf_export_file (store, o.fiscal_year, file, o.force, &stats, NULL,
                                          &error))
        status = failed (error, o.file);
      else
        {
          g_print (g_dngettext (GETTEXT_PACKAGE, "%s: the report of fiscal year %d, %d page.\n",
                                "%s: the report of fiscal year %d, %d pages.\n",
                                (gulong)stats.pages),
                   o.file, o.fiscal_year, stats.pages);
          status = EXIT_SUCCESS;
        }
    }
  else
    {
      MamoriReportStats stats = { 0 };

      if (g_strcmp0 (argv[1], "report") != 0)
        status = mamori_cli_usage_error (context, _("Wrong arguments."));
      else if (!mamori_report_export_file (store, o.fiscal_year, file, o.force, &stats, NULL,
                                           &error))
        status = failed (error, o.file);
      else
        {
          g_print (_("%s: the report of fiscal year %d (%u sections, %u findings), "
                     "SHA-256 %s.\n"), o.file, o.fiscal_year, stats.sections, stats.findings,
                   stats.digest);
          status = EXIT_SUCCESS;
        }
      mamori_report_stats_clear (&stats);
    }
  g_free (o.file);
  return status;
}

/**
 * mamori_cli_export_report:
 *
 * `export report`: argv[0] is "export", argv[1] "report".
 */
int
mamori_cli_export_report (const char  *db_path,
                          const char  *actor,
                          int          argc,
                          char       **argv)
{
  return run_report (db_path, actor, argc, argv, FALSE);
}

/**
 * mamori_cli_report:
 *
 * `report --fiscal-year YYYY --pdf FILE.pdf`
 */
int
mamori_cli_report (const char  *db_path,
                   const char  *actor,
                   int          argc,
                   char       **argv)
{
  return run_report (db_path, actor, argc, argv, TRUE);
}

/**
 * mamori_cli_validate_report:
 *
 * `validate FILE.xml` of a report: streamed against the schema, digest recomputed; prints a
 * one-line summary.
 */
int
mamori_cli_validate_report (const char *path)
{
  g_autoptr(MamoriReportInfo) info = NULL;
  g_autofree char *rate = NULL;
  GError *error = NULL;

  if (!mamori_report_validate_file (path, &info, &error))
    return mamori_cli_fail_error (error);
  rate = mamori_rollup_rate_text (info->rate);
  g_print (_("%s: a valid report of %s (%s, %u sections, implementation rate %s, %u findings), standard %s "
             "%s, catalogue %s; digest SHA-256 %s verified.\n"),
           path, info->fiscal_year_display, info->organisation, info->sections, rate,
           info->findings, info->standard_code, info->standard_version,
           info->catalogue_version, info->digest);
  return EXIT_SUCCESS;
}
