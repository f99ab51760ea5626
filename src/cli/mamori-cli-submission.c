/* mamori-cli-submission.c — mamori-cli's section submissions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   mamori-cli export submission --section CODE --fiscal-year YYYY --out FILE.xml [--force]
 *   mamori-cli import FILE.xml [--dry-run]      (a submission: preview, then import)
 *   mamori-cli validate FILE.xml                (schema and safety, no database)
 */

#include "config.h"

#include "mamori-cli-submission.h"
#include "mamori-core.h"
#include "mamori-submission.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#define EXIT_USAGE 2

static int
fail_error (GError *error)
{
  g_printerr ("mamori-cli: %s\n", error->message);
  g_error_free (error);
  return EXIT_FAILURE;
}

static MamoriStore *
open_store (const char            *db_path,
            const char            *actor,
            MamoriStoreOpenFlags   flags,
            GError               **error)
{
  g_autofree char *path = db_path ? g_strdup (db_path) : mamori_store_default_path ();
  MamoriStore *store = mamori_store_open (path, flags, error);

  if (store != NULL && actor != NULL)
    mamori_store_set_actor (store, actor);
  return store;
}

int
mamori_cli_submission_export (const char  *db_path,
                              const char  *actor,
                              int          argc,
                              char       **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new ("submission --section CODE --fiscal-year YYYY --out FILE.xml");
  g_autoptr(MamoriStore) store = NULL;
  g_autofree char *section = NULL;
  g_autofree char *out = NULL;
  MamoriSubmissionExportStats stats = { 0 };
  gboolean force = FALSE;
  GError *error = NULL;
  int year = 0;
  const GOptionEntry entries[] = {
    { "section", 0, 0, G_OPTION_ARG_STRING, &section, N_("The section, by its code"),
      N_("CODE") },
    { "fiscal-year", 0, 0, G_OPTION_ARG_INT, &year, N_("The fiscal year (2026: 令和8年度)"),
      N_("YYYY") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The file to write"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Writes one section's fiscal year — its inventory, "
                                           "managed areas and entry log, contracts and "
                                           "inspection sheet — as XML valid against "
                                           "mamori-submission-1.xsd, for the coordinator to "
                                           "import."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mamori-cli: %s\n", error->message);
      g_error_free (error);
      return EXIT_USAGE;
    }
  if (section == NULL || year == 0 || out == NULL)
    {
      g_printerr ("mamori-cli: %s\n", _("--section, --fiscal-year and --out are required."));
      return EXIT_USAGE;
    }
  store = open_store (db_path, actor, MAMORI_STORE_OPEN_NO_MIGRATE, &error);
  if (store == NULL)
    return fail_error (error);
  if (!mamori_submission_export_file (store, section, year, out, force, &stats, NULL, &error))
    return fail_error (error);
  g_print (_("Wrote %s: %llu records.\n"), out, (unsigned long long)stats.records);
  return EXIT_SUCCESS;
}

static void
print_preview (const MamoriSubmissionPreview *p)
{
  g_autofree char *year = mamori_fiscal_year_label (p->fiscal_year);

  g_print (_("Section %s %s, %s; standard %s %s, catalogue %s; exported %s by %s.\n"),
           p->section_code, p->section_name, year, p->standard_code, p->standard_version,
           p->catalogue_version, p->exported_at, p->exported_by);
  for (guint i = 0; i < p->tallies->len; i++)
    {
      MamoriSubmissionTally *t = g_ptr_array_index (p->tallies, i);

      if (t->added + t->updated + t->unchanged == 0)
        continue;
      g_print (_("  %s: %llu added, %llu updated, %llu unchanged\n"), t->label,
               (unsigned long long)t->added, (unsigned long long)t->updated,
               (unsigned long long)t->unchanged);
    }
  for (guint i = 0; i < p->mismatches->len; i++)
    {
      MamoriMismatch *m = g_ptr_array_index (p->mismatches, i);

      if (!m->blocking)
        g_print (_("  note (line %d): %s: %s\n"), m->line, mamori_mismatch_kind_label (m->kind),
                 m->message);
    }
  if (p->n_mismatches > p->mismatches->len)
    g_print (_("  … and %llu more mismatches.\n"),
             (unsigned long long)(p->n_mismatches - p->mismatches->len));
}

static void
print_blocking (const MamoriSubmissionPreview *p)
{
  for (guint i = 0; i < p->mismatches->len; i++)
    {
      MamoriMismatch *m = g_ptr_array_index (p->mismatches, i);

      if (m->blocking)
        g_printerr (_("mamori-cli: line %d: %s: %s\n"), m->line,
                    mamori_mismatch_kind_label (m->kind), m->message);
    }
}

int
mamori_cli_submission_import (const char *db_path,
                              const char *actor,
                              const char *path,
                              gboolean    dry_run)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriSubmissionPreview) preview = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GError *error = NULL;

  store = open_store (db_path, actor, MAMORI_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail_error (error);
  if (dry_run)
    {
      preview = mamori_submission_preview_file (store, file, NULL, &error);
      if (preview == NULL)
        return fail_error (error);
      print_preview (preview);
      print_blocking (preview);
      if (preview->n_blocking > 0)
        return EXIT_FAILURE;
      g_print (_("Dry run: nothing was written.\n"));
      return EXIT_SUCCESS;
    }
  if (!mamori_submission_import_file (store, file, NULL, &preview, NULL, &error))
    {
      if (preview != NULL)
        {
          print_preview (preview);
          print_blocking (preview);
        }
      return fail_error (error);
    }
  print_preview (preview);
  g_print (_("Imported %s: %llu records added, %llu updated.\n"), path,
           (unsigned long long)preview->added, (unsigned long long)preview->updated);
  return EXIT_SUCCESS;
}

int
mamori_cli_submission_validate (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GError *error = NULL;
  guint64 n = 0;

  if (!mamori_submission_validate_file (file, &n, NULL, &error))
    return fail_error (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: a valid section submission of %llu record.\n",
                        "%s: a valid section submission of %llu records.\n", (gulong)n),
           path, (unsigned long long)n);
  return EXIT_SUCCESS;
}
