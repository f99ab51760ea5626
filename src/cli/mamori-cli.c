/* mamori-cli.c — Mamori without a display, for batch work and for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status: 0 on success, 1 on a failure (one clear line per problem on stderr, in the
 * user's language), 2 on a usage error.
 */

#include "config.h"

#include "mamori-cli.h"
#include "mamori-cli-areas.h"
#include "mamori-cli-submission.h"
#include "mamori-submission.h"
#include "mamori-cli-report.h"
#include "mamori-core.h"
#include "mamori-report.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2

typedef struct
{
  char *db_path;
  char *actor;
} Globals;

typedef int (*CommandFunc) (Globals *globals, int argc, char **argv);

typedef struct
{
  const char  *name;
  const char  *args;
  const char  *summary;
  CommandFunc  run;
} Command;

static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("mamori-cli: %s\n", message);
  return EXIT_FAILURE;
}

static int
fail_error (GError *error)
{
  int status = fail ("%s", error->message);

  g_error_free (error);
  return status;
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_printerr ("mamori-cli: %s\n", message);
  g_printerr (_("Run “%s --help” for usage.\n"), g_get_prgname ());
  return EXIT_USAGE;
}

/* Parses a subcommand's options; returns -1 to go on, else the exit status. */
static int
parse (GOptionContext  *context,
       int             *argc,
       char          ***argv,
       int              min_args,
       int              max_args)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return usage_error (context, error->message);
  if (*argc - 1 < min_args || *argc - 1 > max_args)
    return usage_error (context, *argc - 1 < min_args ? _("Missing argument.")
                                                      : _("Too many arguments."));
  return -1;
}

static MamoriStore *
open_store (Globals              *globals,
            MamoriStoreOpenFlags  flags,
            GError              **error)
{
  MamoriStore *store = mamori_store_open (globals->db_path, flags, error);

  if (store != NULL)
    mamori_store_set_actor (store, globals->actor);
  return store;
}

static void
print_standard (MamoriStandardInfo *info)
{
  g_print (_("Standard: %s (%s), version %s, catalogue %s\n"), info->title, info->code,
           info->version, info->catalogue_version);
  g_print (_("  %lld articles, %lld inspection items, %lld contract clauses\n"),
           (long long)info->n_articles, (long long)info->n_items, (long long)info->n_clauses);
}

/* init ------------------------------------------------------------------------------------ */

static int
cmd_init (Globals  *globals,
          int       argc,
          char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("init");
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriStandardInfo) info = NULL;
  g_autofree char *standard = NULL;
  GError *error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "standard", 0, 0, G_OPTION_ARG_FILENAME, &standard,
      N_("Load this standard file instead of the built-in one"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Creates the database (or upgrades it) and loads "
                                           "the security standard."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse (context, &argc, &argv, 0, 0)) >= 0)
    return status;

  store = open_store (globals, MAMORI_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail_error (error);
  if (standard != NULL ? !mamori_standard_load_file (store, standard, TRUE, NULL, &error)
                       : !mamori_standard_ensure_loaded (store, &error))
    return fail_error (error);
  if (!mamori_org_ensure_fiscal_year (store, mamori_fiscal_year_current (), &error))
    return fail_error (error);

  info = mamori_standard_get_info (store, 0, &error);
  if (info == NULL)
    return fail_error (error);
  g_print (_("Database: %s (schema %d)\n"), mamori_store_get_path (store),
           mamori_store_get_version (store));
  if (mamori_store_get_backup_path (store))
    g_print (_("The database was upgraded; the previous version is kept in %s\n"),
             mamori_store_get_backup_path (store));
  print_standard (info);
  return EXIT_SUCCESS;
}

/* demo ------------------------------------------------------------------------------------ */

static void
print_progress (double      fraction,
                const char *what,
                gpointer    user_data)
{
  if (isatty (STDERR_FILENO))
    g_printerr ("\r%3d%%  %s\033[K", (int)(fraction * 100), what);
}

static int
cmd_demo (Globals  *globals,
          int       argc,
          char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("demo");
  g_autoptr(MamoriStore) store = NULL;
  MamoriDemoOptions options;
  gint sections = MAMORI_DEMO_DEFAULT_SECTIONS;
  gint64 assets = MAMORI_DEMO_DEFAULT_ASSETS;
  gint areas = MAMORI_DEMO_DEFAULT_AREAS;
  gint64 log_entries = MAMORI_DEMO_DEFAULT_ENTRIES;
  gint seed = MAMORI_DEMO_DEFAULT_SEED;
  gint inspection_years = MAMORI_DEMO_DEFAULT_INSPECTION_YEARS;
  gint contracts = MAMORI_DEMO_DEFAULT_CONTRACTS;
  GError *error = NULL;
  gint64 start;
  int status;
  const GOptionEntry entries[] = {
    { "sections", 0, 0, G_OPTION_ARG_INT, &sections, N_("Number of sections (課等)"), "N" },
    { "assets", 0, 0, G_OPTION_ARG_INT64, &assets, N_("Number of assets"), "N" },
    { "areas", 0, 0, G_OPTION_ARG_INT, &areas, N_("Number of managed areas (管理区域)"), "N" },
    { "entries", 0, 0, G_OPTION_ARG_INT64, &log_entries,
      N_("Number of entries of their entry log, over them all"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Seed: the same seed builds the same ward"), "N" },
    { "inspection-years", 0, 0, G_OPTION_ARG_INT, &inspection_years,
      N_("Fiscal years of inspections, up to this one (0 to 20)"), "N" },
    { "contracts", 0, 0, G_OPTION_ARG_INT, &contracts, N_("Number of contracts (委託契約)"), "N" },
    { NULL }
  };

  g_option_context_set_summary (context, _("Builds a realistic fictional ward in an empty "
                                           "database, to explore Mamori or to measure it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse (context, &argc, &argv, 0, 0)) >= 0)
    return status;
  if (sections < 1 || sections > 5000)
    return usage_error (context, _("--sections must be between 1 and 5000."));
  if (assets < 0 || assets > 10000000)
    return usage_error (context, _("--assets must be between 0 and 10000000."));
  if (areas < 0 || areas > 1000)
    return usage_error (context, _("--areas must be between 0 and 1000."));
  if (log_entries < 0 || log_entries > 20000000)
    return usage_error (context, _("--entries must be between 0 and 20000000."));
  if (contracts < 0 || contracts > 1000000)
    return usage_error (context, _("--contracts must be between 0 and 1000000."));

  mamori_demo_options_init (&options);
  options.sections = sections;
  options.assets = assets;
  options.areas = areas;
  options.entries = log_entries;
  options.seed = (guint32)seed;
  if (inspection_years < 0 || inspection_years > 20)
    return usage_error (context, _("--inspection-years must be between 0 and 20."));
  options.inspection_years = inspection_years;
  options.contracts = contracts;
  options.progress = print_progress;

  store = open_store (globals, MAMORI_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail_error (error);

  start = g_get_monotonic_time ();
  if (!mamori_demo_build (store, &options, NULL, &error))
    {
      if (isatty (STDERR_FILENO))
        g_printerr ("\n");
      return fail_error (error);
    }
  if (isatty (STDERR_FILENO))
    g_printerr ("\n");

  g_print (_("Sample ward built in %s: %lld departments, %lld sections, %lld people, %lld "
             "assets (%.1f s)\n"),
           mamori_store_get_path (store), (long long)mamori_org_count (store, "departments"),
           (long long)mamori_org_count (store, "sections"),
           (long long)mamori_org_count (store, "people"),
           (long long)mamori_org_count (store, "assets"),
           (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  g_print (_("Managed areas: %lld, with %lld entries in their logs\n"),
           (long long)mamori_store_query_int (store, "SELECT count(*) FROM areas", 0),
           (long long)mamori_store_query_int (store, "SELECT count(*) FROM area_entries", 0));
  return EXIT_SUCCESS;
}

/* check ----------------------------------------------------------------------------------- */

static int
cmd_check (Globals  *globals,
           int       argc,
           char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("check");
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  GError *error = NULL;
  int status;

  g_option_context_set_summary (context, _("Checks that the database file is intact, that all "
                                           "references hold, and that every record matches the "
                                           "audit log, whose SHA-256 chain is verified from the "
                                           "first entry to the last."));
  if ((status = parse (context, &argc, &argv, 0, 0)) >= 0)
    return status;

  store = open_store (globals, MAMORI_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return fail_error (error);
  report = mamori_check_run (store, NULL, &error);
  if (report == NULL)
    return fail_error (error);

  for (guint i = 0; i < report->problems->len; i++)
    g_printerr ("mamori-cli: %s\n", (const char *)g_ptr_array_index (report->problems, i));
  if (report->problems->len > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "mamori-cli: %u problem found in %s\n",
                               "mamori-cli: %u problems found in %s\n", report->problems->len),
                  report->problems->len, mamori_store_get_path (store));
      return EXIT_FAILURE;
    }

  g_print (_("%s: intact; references hold; %lld audit entries verified.\n"),
           mamori_store_get_path (store), (long long)report->audit.entries);
  /* The hash of the newest entry: written down elsewhere, it anchors the whole chain. */
  g_print (_("SHA-256 of the newest audit entry: %s\n"), report->audit.head_hash);
  return EXIT_SUCCESS;
}

/* validate / import ------------------------------------------------------------------------- */

static GBytes *
read_file (const char  *path,
           GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

static int
unknown_kind (const char *path,
              const char *ns)
{
  if (ns == NULL)
    return fail (_("%s: not an XML file Mamori can read (no root element could be read, or "
                   "it declares a DOCTYPE)."), path);
  if (*ns == '\0')
    return fail (_("%s: its root element has no namespace, so it is not a Mamori file."), path);
  return fail (_("%s: Mamori does not know files of the namespace “%s”."), path, ns);
}

/* The first bytes of a file, enough to tell its kind (the root element of an XML file comes
 * well within them), without reading a large file whole. */
static GBytes *
read_head (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);

  if (in == NULL)
    return NULL;
  return g_input_stream_read_bytes (G_INPUT_STREAM (in), 64 * 1024, NULL, error);
}

/* A CSV ledger: by its extension, or, without one of CSV or XML, by not starting like XML. */
static gboolean
is_csv (const char *path,
        GBytes     *head)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  gsize len;
  const char *p = g_bytes_get_data (head, &len), *end = p + len;

  if (g_str_has_suffix (lower, ".csv"))
    return TRUE;
  if (g_str_has_suffix (lower, ".xml"))
    return FALSE;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p < end && *p != '<';
}

static int
cmd_validate (Globals  *globals,
              int       argc,
              char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("validate FILE.xml");
  g_autoptr(GBytes) head = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(MamoriStandardInfo) info = NULL;
  g_autofree char *ns = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;
  int status;

  g_option_context_set_summary (context, _("Checks an XML file completely — safe to read, "
                                           "valid against its schema, consistent — without "
                                           "touching any database."));
  if ((status = parse (context, &argc, &argv, 1, 1)) >= 0)
    return status;

  head = read_head (argv[1], &error);
  if (head == NULL)
    return fail_error (error);
  ns = mamori_xml_root_namespace (head);
  if (g_strcmp0 (ns, MAMORI_SUBMISSION_NAMESPACE) == 0)
    return mamori_cli_submission_validate (argv[1]);
  if (g_strcmp0 (ns, MAMORI_REPORT_NAMESPACE) == 0)
    return mamori_cli_validate_report (argv[1]);
  if (g_strcmp0 (ns, MAMORI_INVENTORY_NAMESPACE) == 0)
    {
      /* An inventory may be large: validated as a stream. */
      gint64 n_assets = 0;

      if (!mamori_inventory_validate_xml_file (argv[1], &n_assets, NULL, &error))
        return fail_error (error);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s: a valid inventory of %lld asset.\n",
                            "%s: a valid inventory of %lld assets.\n", (gulong)n_assets),
               argv[1], (long long)n_assets);
      return EXIT_SUCCESS;
    }
  g_clear_pointer (&ns, g_free);

  bytes = read_file (argv[1], &error);
  if (bytes == NULL)
    return fail_error (error);
  name = g_path_get_basename (argv[1]);
  ns = mamori_xml_root_namespace (bytes);
  if (g_strcmp0 (ns, MAMORI_STANDARD_NAMESPACE) != 0)
    {
      /* Not a kind we know: let the safe reader say why, if it can. */
      g_autoptr(GError) parse_error = NULL;
      xmlDoc *doc = mamori_xml_parse (bytes, name, MAMORI_STANDARD_MAX_SIZE, &parse_error);

      if (doc == NULL)
        return fail ("%s", parse_error->message);
      xmlFreeDoc (doc);
      return unknown_kind (argv[1], ns);
    }

  info = mamori_standard_validate_bytes (bytes, name, &uncovered, &error);
  if (info == NULL)
    return fail_error (error);

  g_print (_("%s: a valid standard.\n"), argv[1]);
  print_standard (info);
  for (guint i = 0; i < uncovered->len; i++)
    g_printerr (_("mamori-cli: warning: article %s imposes a duty that no inspection item "
                  "cites.\n"), (const char *)g_ptr_array_index (uncovered, i));
  return EXIT_SUCCESS;
}

/* For a command that reads the database and writes nothing: read-write without migrating,
 * because a read-only connection would leave a -wal file behind; read-only if there is no
 * file, so that none is created. */
static MamoriStore *
open_for_reading (Globals  *globals,
                  GError  **error)
{
  g_autofree char *db = globals->db_path ? g_strdup (globals->db_path)
                                         : mamori_store_default_path ();

  return open_store (globals, g_file_test (db, G_FILE_TEST_EXISTS)
                              ? MAMORI_STORE_OPEN_NO_MIGRATE : MAMORI_STORE_OPEN_READ_ONLY,
                     error);
}

static void
print_problems (const char                  *path,
                MamoriInventoryImportReport *report)
{
  for (guint i = 0; i < report->problems->len; i++)
    {
      MamoriInventoryProblem *p = g_ptr_array_index (report->problems, i);

      if (p->column != NULL && *p->column != '\0')
        g_printerr (_("%s:%llu: column %s: %s\n"), path, (unsigned long long)p->line,
                    p->column, p->message);
      else
        g_printerr ("%s:%llu: %s\n", path, (unsigned long long)p->line, p->message);
    }
  if (report->problems_omitted > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "mamori-cli: %s: %lld more problem is not shown.\n",
                             "mamori-cli: %s: %lld more problems are not shown.\n",
                             (gulong)report->problems_omitted),
                path, (long long)report->problems_omitted);
}

/* import FILE.csv: a ledger into the inventory. */
static int
import_csv (Globals           *globals,
            const char        *path,
            gboolean           dry_run,
            MamoriCsvEncoding  encoding,
            const char        *mapping_name)
{
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriInventoryMapping) mapping = NULL;
  g_autoptr(MamoriInventoryImportReport) report = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  MamoriInventoryImportOptions options;
  const char *encoding_name;
  GError *error = NULL;

  store = dry_run ? open_for_reading (globals, &error)
                  : open_store (globals, MAMORI_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail_error (error);
  if (mapping_name != NULL && (mapping = mamori_inventory_mapping_load (store, mapping_name,
                                                                        &error)) == NULL)
    return fail_error (error);

  mamori_inventory_import_options_init (&options);
  options.encoding = encoding;
  options.mapping = mapping;
  options.dry_run = dry_run;
  options.progress = print_progress;
  report = mamori_inventory_import_csv (store, file, &options, NULL, &error);
  if (isatty (STDERR_FILENO))
    g_printerr ("\r\033[K");
  if (report == NULL)
    return fail_error (error);

  print_problems (path, report);
  encoding_name = mamori_csv_encoding_name (report->encoding);
  if (dry_run)
    g_print (_("Dry run of %s (%s): %lld to add, %lld to update, %lld unchanged, %lld refused. "
               "Nothing was written.\n"), path, encoding_name, (long long)report->added,
             (long long)report->updated, (long long)report->unchanged,
             (long long)report->rejected);
  else if (report->written)
    g_print (_("Imported %s (%s): %lld added, %lld updated, %lld unchanged.\n"), path,
             encoding_name, (long long)report->added, (long long)report->updated,
             (long long)report->unchanged);
  if (report->rejected > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "mamori-cli: %s: %lld row refused; nothing was written.\n",
                               "mamori-cli: %s: %lld rows refused; nothing was written.\n",
                               (gulong)report->rejected),
                  path, (long long)report->rejected);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

static int cmd_import_entries (Globals *globals, int argc, char **argv);

static int
cmd_import (Globals  *globals,
            int       argc,
            char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("import FILE");
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GBytes) head = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MamoriStandardInfo) info = NULL;
  g_autofree char *ns = NULL;
  g_autofree char *name = NULL;
  g_autofree char *encoding_name = NULL;
  g_autofree char *mapping = NULL;
  MamoriCsvEncoding encoding = MAMORI_CSV_ENCODING_AUTO;
  g_autofree char *area = NULL;
  gboolean dry_run = FALSE;
  GError *error = NULL;
  gint64 id;
  int status;
  const GOptionEntry entries[] = {
    { "area", 0, 0, G_OPTION_ARG_STRING, &area,
      N_("CSV: the file is a card reader's export of this area's entry log (see import-entries)"),
      N_("CODE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check the file and show what would change, without writing anything"), NULL },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding_name,
      N_("CSV: the file's encoding: auto (the default), utf-8 or cp932"), N_("ENCODING") },
    { "mapping", 0, 0, G_OPTION_ARG_STRING, &mapping,
      N_("CSV: the saved column mapping to use (default: columns recognised by their names)"),
      N_("NAME") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Imports a file into the database, whole or not at "
                                           "all. Kinds understood: a security standard (XML); "
                                           "an inventory ledger (CSV, as Excel saves it, in "
                                           "UTF-8 or CP932), whose rows add assets or update "
                                           "those with the same code (資産番号)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* An entry log's file is told from a ledger by --area; its own command reads the rest. */
  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    if (g_str_equal (argv[i], "--area") || g_str_has_prefix (argv[i], "--area="))
      return cmd_import_entries (globals, argc, argv);
  if ((status = parse (context, &argc, &argv, 1, 1)) >= 0)
    return status;
  if (encoding_name != NULL && !mamori_csv_encoding_parse (encoding_name, &encoding))
    return usage_error (context, _("--encoding must be auto, utf-8 or cp932."));

  head = read_head (argv[1], &error);
  if (head == NULL)
    return fail_error (error);
  if (is_csv (argv[1], head))
    return import_csv (globals, argv[1], dry_run, encoding, mapping);
  if (encoding_name != NULL || mapping != NULL)
    return usage_error (context, _("--encoding and --mapping apply to CSV files only."));

  ns = mamori_xml_root_namespace (head);
  if (g_strcmp0 (ns, MAMORI_SUBMISSION_NAMESPACE) == 0)
    return mamori_cli_submission_import (globals->db_path, globals->actor, argv[1], dry_run);
  if (g_strcmp0 (ns, MAMORI_INVENTORY_NAMESPACE) == 0)
    return fail (_("%s: an inventory in XML is for archives and other programs; to import "
                   "assets, export the inventory as CSV."), argv[1]);
  if (g_strcmp0 (ns, MAMORI_STANDARD_NAMESPACE) != 0)
    return unknown_kind (argv[1], ns);

  bytes = read_file (argv[1], &error);
  if (bytes == NULL)
    return fail_error (error);
  name = g_path_get_basename (argv[1]);
  g_clear_pointer (&ns, g_free);
  ns = mamori_xml_root_namespace (bytes);
  if (g_strcmp0 (ns, MAMORI_STANDARD_NAMESPACE) != 0)
    return unknown_kind (argv[1], ns);

  if (dry_run)
    {
      info = mamori_standard_validate_bytes (bytes, name, NULL, &error);
      if (info == NULL)
        return fail_error (error);
      g_print (_("Dry run: %s would be loaded and made the active standard. Nothing was "
                 "written.\n"), argv[1]);
      print_standard (info);
      return EXIT_SUCCESS;
    }

  store = open_store (globals, MAMORI_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail_error (error);
  if (!mamori_standard_load_bytes (store, bytes, name, TRUE, &id, &error))
    return fail_error (error);
  info = mamori_standard_get_info (store, id, &error);
  if (info == NULL)
    return fail_error (error);
  g_print (_("Loaded %s; it is now the active standard.\n"), argv[1]);
  print_standard (info);
  return EXIT_SUCCESS;
}

/* export ------------------------------------------------------------------------------------ */

static int
cmd_export (Globals  *globals,
            int       argc,
            char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("export inventory --format "
                                                            "csv|xml --out FILE");
  g_autoptr(MamoriStore) store = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *encoding_name = NULL;
  g_autofree char *section = NULL;
  g_autofree char *out = NULL;
  MamoriInventoryExportOptions options;
  MamoriInventoryExportStats stats = { 0 };
  MamoriInventoryFormat format;
  MamoriCsvEncoding encoding = MAMORI_CSV_ENCODING_UTF8;
  gboolean force = FALSE;
  gboolean substitute = FALSE;
  GError *error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("csv or xml"), N_("FORMAT") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding_name,
      N_("CSV: utf-8 (the default, with the byte order mark Excel needs) or cp932"),
      N_("ENCODING") },
    { "section", 0, 0, G_OPTION_ARG_STRING, &section,
      N_("Only the assets this section made or holds, by its code"), N_("CODE") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The file to write"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { "substitute", 0, 0, G_OPTION_ARG_NONE, &substitute,
      N_("CP932: write 〓 for a character CP932 lacks, instead of refusing"), NULL },
    { NULL }
  };

  if (argc > 1 && g_strcmp0 (argv[1], "submission") == 0)
    return mamori_cli_submission_export (globals->db_path, globals->actor, argc - 1, argv + 1);
  if (argc > 1 && g_strcmp0 (argv[1], "report") == 0)
    return mamori_cli_export_report (globals->db_path, globals->actor, argc, argv);
  g_option_context_set_summary (context, _("Writes the inventory to FILE: as a CSV ledger that "
                                           "Excel opens (Japanese column names, UTF-8 with a "
                                           "byte order mark or CP932), or as XML valid against "
                                           "mamori-inventory-1.xsd. The file appears only once "
                                           "complete."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse (context, &argc, &argv, 1, 1)) >= 0)
    return status;
  if (g_strcmp0 (argv[1], "inventory") != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Unknown export “%s”: choose inventory, "
                                                    "submission or report."), argv[1]);
      return usage_error (context, message);
    }
  if (g_strcmp0 (format_name, "csv") == 0)
    format = MAMORI_INVENTORY_FORMAT_CSV;
  else if (g_strcmp0 (format_name, "xml") == 0)
    format = MAMORI_INVENTORY_FORMAT_XML;
  else
    return usage_error (context, _("--format must be csv or xml."));
  if (out == NULL)
    return usage_error (context, _("--out FILE is required."));
  if (encoding_name != NULL &&
      (!mamori_csv_encoding_parse (encoding_name, &encoding) ||
       encoding == MAMORI_CSV_ENCODING_AUTO))
    return usage_error (context, _("--encoding must be utf-8 or cp932."));
  if (format == MAMORI_INVENTORY_FORMAT_XML && (encoding_name != NULL || substitute))
    return usage_error (context, _("--encoding and --substitute apply to CSV only; XML is "
                                   "always UTF-8."));

  store = open_for_reading (globals, &error);
  if (store == NULL)
    return fail_error (error);

  mamori_inventory_export_options_init (&options);
  options.encoding = encoding;
  options.substitute = substitute;
  options.progress = print_progress;
  if (section != NULL)
    {
      sqlite3_stmt *stmt = mamori_store_prepare (store, "SELECT id FROM sections WHERE code = ?",
                                                 &error);

      if (stmt == NULL)
        return fail_error (error);
      mamori_bind_text (stmt, 1, section);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        options.section_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (options.section_id == 0)
        return fail (_("No section has the code “%s”."), section);
    }

  if (!mamori_inventory_export_file (store, out, format, force, &options, &stats, NULL, &error))
    {
      if (isatty (STDERR_FILENO))
        g_printerr ("\r\033[K");
      if (g_error_matches (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_EXISTS))
        {
          g_clear_error (&error);
          return fail (_("%s already exists; add --force to replace it."), out);
        }
      return fail_error (error);
    }
  if (isatty (STDERR_FILENO))
    g_printerr ("\r\033[K");

  if (stats.substituted > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "mamori-cli: warning: %llu character that CP932 lacks was written "
                             "as 〓 (%s).\n",
                             "mamori-cli: warning: %llu characters that CP932 lacks were "
                             "written as 〓 (the first: %s).\n", (gulong)stats.substituted),
                (unsigned long long)stats.substituted, stats.first_substitution);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %lld asset to %s (%s).\n",
                        "Exported %lld assets to %s (%s).\n", (gulong)stats.assets),
           (long long)stats.assets, out,
           format == MAMORI_INVENTORY_FORMAT_XML ? "XML"
           : encoding == MAMORI_CSV_ENCODING_CP932 ? "CSV, CP932" : "CSV, UTF-8");
  mamori_inventory_export_stats_clear (&stats);
  return EXIT_SUCCESS;
}

/* backup / restore -------------------------------------------------------------------------- */

static int
cmd_backup (Globals  *globals,
            int       argc,
            char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("backup FILE");
  g_autoptr(MamoriStore) store = NULL;
  GError *error = NULL;
  int status;

  g_option_context_set_summary (context, _("Writes a consistent copy of the database to FILE "
                                           "(which must not exist), while Mamori may be in use."));
  if ((status = parse (context, &argc, &argv, 1, 1)) >= 0)
    return status;

  store = open_store (globals, MAMORI_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail_error (error);
  if (!mamori_backup_write (store, argv[1], &error))
    return fail_error (error);
  g_print (_("Backup written to %s\n"), argv[1]);
  return EXIT_SUCCESS;
}

static int
cmd_restore (Globals  *globals,
             int       argc,
             char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("restore FILE");
  g_autoptr(MamoriStore) store = NULL;
  g_autofree char *kept = NULL;
  GError *error = NULL;
  int status;

  g_option_context_set_summary (context, _("Replaces the database with the backup FILE, after "
                                           "checking it completely. The database as it was is "
                                           "kept beside it."));
  if ((status = parse (context, &argc, &argv, 1, 1)) >= 0)
    return status;

  store = open_store (globals, MAMORI_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail_error (error);
  if (!mamori_backup_restore (store, argv[1], &kept, &error))
    return fail_error (error);
  g_print (_("Restored %s from %s\n"), mamori_store_get_path (store), argv[1]);
  g_print (_("The database as it was before is kept in %s\n"), kept);
  return EXIT_SUCCESS;
}

/* areas, import-entries, sample -------------------------------------------------------------- */

static gint64
area_by_code (MamoriStore *store,
              const char  *code)
{
  return code ? mamori_area_find_by_code (store, code) : 0;
}

static int
cmd_areas (Globals  *globals,
           int       argc,
           char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("areas");
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GPtrArray) areas = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  gboolean show_findings = FALSE;
  GError *error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "findings", 0, 0, G_OPTION_ARG_NONE, &show_findings,
      N_("Also count, for each check of the standard, the entries and moves that fail it"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Lists the managed areas (管理区域) with their class, "
                                           "place, responsible officer, permitted people and "
                                           "the entries and moves of their logs that fail a "
                                           "check of the standard."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse (context, &argc, &argv, 0, 0)) >= 0)
    return status;
  store = open_store (globals, MAMORI_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return fail_error (error);
  areas = mamori_area_list (store, &error);
  if (areas == NULL)
    return fail_error (error);
  for (guint i = 0; i < areas->len; i++)
    {
      MamoriArea *a = g_ptr_array_index (areas, i);

      g_print ("%s\t%s\t%s\t%s %s %s\t%s\t", a->code, a->name, a->class_name ? a->class_name : a->class_code,
               a->building, a->floor, a->room, a->officer_name ? a->officer_name : "");
      g_print (g_dngettext (GETTEXT_PACKAGE, "%lld permitted", "%lld permitted",
                            (gulong)a->n_permits), (long long)a->n_permits);
      g_print ("\t");
      g_print (g_dngettext (GETTEXT_PACKAGE, "%lld defect", "%lld defects",
                            (gulong)a->n_defects), (long long)a->n_defects);
      g_print ("\n");
    }
  if (!show_findings)
    return EXIT_SUCCESS;
  findings = mamori_reconcile_findings (store, 0, NULL, NULL, &error);
  if (findings == NULL)
    return fail_error (error);
  for (guint i = 0; i < findings->len; i++)
    {
      MamoriAreaFinding *f = g_ptr_array_index (findings, i);

      g_print ("%s\t%s\t%s\t%lld\n", f->code, f->ref ? f->ref : "",
               mamori_area_defect_label (f->defect), (long long)f->count);
    }
  return EXIT_SUCCESS;
}

/* "entered=6,name=2": the columns of fields, from 1. */
static gboolean
parse_columns (const char               *text,
               MamoriEntryImportOptions *options)
{
  g_auto(GStrv) pairs = g_strsplit (text, ",", -1);

  for (guint i = 0; pairs[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
      MamoriEntryField field;
      gint64 column;

      if (g_strv_length (kv) != 2 || !mamori_entry_field_from_id (g_strstrip (kv[0]), &field) ||
          !g_ascii_string_to_signed (g_strstrip (kv[1]), 10, 1, MAMORI_CSV_MAX_FIELDS, &column,
                                     NULL))
        return FALSE;
      options->columns[field] = (int)column - 1;
    }
  return TRUE;
}

static int
cmd_import_entries (Globals  *globals,
                    int       argc,
                    char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("import-entries FILE.csv");
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(MamoriEntryImportReport) report = NULL;
  g_autofree char *area = NULL;
  g_autofree char *encoding_name = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *mapping_name = NULL;
  g_autofree char *save_name = NULL;
  g_autoptr(MamoriEntryMapping) mapping = NULL;
  MamoriEntryImportOptions options;
  gboolean dry_run = FALSE;
  GError *error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "area", 0, 0, G_OPTION_ARG_STRING, &area,
      N_("The area of rows that do not name one, by its code"), N_("CODE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check every row and report, without writing anything"), NULL },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding_name,
      N_("The file's encoding: auto (the default), utf-8 or cp932"), N_("ENCODING") },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &columns,
      N_("The columns of the fields, from 1, e.g. entered=3,left=4,card=1,name=2 (default: "
         "found by the header's names)"), N_("MAPPING") },
    { "mapping", 0, 0, G_OPTION_ARG_STRING, &mapping_name,
      N_("The saved column mapping to use"), N_("NAME") },
    { "save-mapping", 0, 0, G_OPTION_ARG_STRING, &save_name,
      N_("Keep the --columns given under this name for the next import"), N_("NAME") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Imports a card reader's CSV export into the entry "
                                           "log (入退室管理簿), whole or not at all: one bad row "
                                           "and nothing is written. Fields: area, name, card, "
                                           "affiliation, kind, purpose, entered, left, escort, "
                                           "id-checked. Also: mamori-cli import FILE.csv --area "
                                           "CODE."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse (context, &argc, &argv, 1, 1)) >= 0)
    return status;
  if (mapping_name != NULL && columns != NULL)
    return usage_error (context, _("--mapping and --columns cannot go together."));
  if (save_name != NULL && columns == NULL)
    return usage_error (context, _("--save-mapping keeps the --columns given: give them."));
  mamori_entry_import_options_init (&options);
  options.dry_run = dry_run;
  if (encoding_name != NULL && !mamori_csv_encoding_parse (encoding_name, &options.encoding))
    return usage_error (context, _("--encoding must be auto, utf-8 or cp932."));
  if (columns != NULL && !parse_columns (columns, &options))
    return usage_error (context, _("--columns must be FIELD=COLUMN pairs separated by commas, "
                                   "e.g. entered=3,name=2."));

  store = open_store (globals, MAMORI_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail_error (error);
  options.area_id = area_by_code (store, area);
  if (area != NULL && options.area_id == 0)
    return fail (_("There is no managed area with the code “%s”."), area);
  if (mapping_name != NULL && (mapping = mamori_entry_mapping_load (store, mapping_name,
                                                                    &error)) == NULL)
    return fail_error (error);
  options.mapping = mapping;
  file = g_file_new_for_commandline_arg (argv[1]);
  stream = g_file_read (file, NULL, &error);
  if (stream == NULL)
    return fail_error (error);
  report = mamori_entry_import_csv (store, G_INPUT_STREAM (stream), &options, NULL, &error);
  if (report == NULL)
    return fail (_("%s: %s"), argv[1], error->message);

  for (guint i = 0; i < report->problems->len; i++)
    {
      MamoriInventoryProblem *p = g_ptr_array_index (report->problems, i);

      g_printerr (_("%s:%llu: %s\n"), argv[1], (unsigned long long)p->line, p->message);
    }
  if (report->rejected > 0)
    return fail (g_dngettext (GETTEXT_PACKAGE,
                              "%s: %lld row of %lld is wrong; nothing was imported.",
                              "%s: %lld rows of %lld are wrong; nothing was imported.",
                              (gulong)report->rejected),
                 argv[1], (long long)report->rejected, (long long)report->rows);
  /* The columns are kept once they have read the whole file. */
  if (save_name != NULL &&
      !mamori_cli_save_entry_mapping (store, save_name, options.columns, &error))
    return fail_error (error);
  if (dry_run)
    mamori_cli_print_entry_additions (report);
  if (dry_run)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Dry run: %lld entry would be added. Nothing was written.\n",
                          "Dry run: %lld entries would be added. Nothing was written.\n",
                          (gulong)report->added), (long long)report->added);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %lld entry from %s.\n",
                          "Imported %lld entries from %s.\n", (gulong)report->added),
             (long long)report->added, argv[1]);
  return EXIT_SUCCESS;
}

static int
cmd_sample (Globals  *globals,
            int       argc,
            char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("sample");
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriAreaSample) sample = NULL;
  g_autofree char *area = NULL, *from = NULL, *to = NULL, *days = NULL;
  gint n_days = 5;
  gint seed = 1;
  gboolean record = FALSE;
  GError *error = NULL;
  gint64 area_id;
  int status;
  const GOptionEntry entries[] = {
    { "area", 0, 0, G_OPTION_ARG_STRING, &area, N_("The area, by its code"), N_("CODE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period"), N_("DATE") },
    { "days", 0, 0, G_OPTION_ARG_INT, &n_days, N_("How many days to draw (default 5)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("The draw: the same seed, the same days"), "N" },
    { "record", 0, 0, G_OPTION_ARG_NONE, &record,
      N_("Keep the result as evidence for the inspection"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Draws days of a period on which an area's entry "
                                           "log has records and counts the records of those "
                                           "days that fail a check (the sampling check of the "
                                           "entry log)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = parse (context, &argc, &argv, 0, 0)) >= 0)
    return status;
  if (area == NULL || from == NULL || to == NULL)
    return usage_error (context, _("--area, --from and --to are required."));
  if (n_days < 1 || n_days > 366)
    return usage_error (context, _("--days must be between 1 and 366."));
  store = open_store (globals, record ? MAMORI_STORE_OPEN_DEFAULT : MAMORI_STORE_OPEN_READ_ONLY,
                      &error);
  if (store == NULL)
    return fail_error (error);
  area_id = area_by_code (store, area);
  if (area_id == 0)
    return fail (_("There is no managed area with the code “%s”."), area);
  sample = mamori_reconcile_sample (store, area_id, from, to, (guint)n_days, (guint32)seed,
                                    &error);
  if (sample == NULL)
    return fail_error (error);
  days = g_strjoinv (" ", sample->days);
  g_print (_("Days drawn: %s\n"), days);
  g_print (_("Records sampled: %lld; defective: %lld\n"), (long long)sample->sampled,
           (long long)sample->defective);
  if (record &&
      !(mamori_store_begin (store, &error) &&
        mamori_reconcile_sample_record (store, sample, &error) &&
        mamori_store_commit (store, &error)))
    {
      if (mamori_store_in_transaction (store))
        mamori_store_rollback (store);
      return fail_error (error);
    }
  return EXIT_SUCCESS;
}

/* inspection (mamori-cli-inspection.c) ----------------------------------------------------- */

static int
cmd_inspection (Globals  *globals,
                int       argc,
                char    **argv)
{
  return mamori_cli_inspection (globals->db_path, globals->actor, argc, argv);
}

/* contracts (mamori-cli-contract.c) --------------------------------------------------------- */

static int
cmd_contracts (Globals  *globals,
               int       argc,
               char    **argv)
{
  return mamori_cli_contracts (globals->db_path, globals->actor, argc, argv);
}

static int
cmd_keys (Globals  *globals,
          int       argc,
          char    **argv)
{
  return mamori_cli_keys (globals->db_path, globals->actor, argc, argv);
}

/* report (mamori-cli-report.c) ----------------------------------------------------------- */

static int
cmd_report (Globals  *globals,
            int       argc,
            char    **argv)
{
  return mamori_cli_report (globals->db_path, globals->actor, argc, argv);
}

/* main -------------------------------------------------------------------------------------- */

static const Command commands[] = {
  { "init",     "",        N_("Create or upgrade the database and load the standard"), cmd_init },
  { "demo",     "",        N_("Build a sample ward (--sections, --assets, --areas, --entries, --contracts, --seed)"), cmd_demo },
  { "import",   "FILE",    N_("Import a file, whole or not at all (--dry-run)"),       cmd_import },
  { "export",   "inventory|submission|report", N_("Write the inventory as CSV or XML (--format, --out), a section’s year as a submission (--section, --fiscal-year, --out), or the year’s report as XML (--fiscal-year, --out)"), cmd_export },
  { "validate", "FILE.xml", N_("Check an XML file without touching the database"),     cmd_validate },
  { "check",    "",        N_("Verify the database and its audit chain"),              cmd_check },
  { "areas",    "",        N_("List the managed areas and what their logs fail (--findings)"), cmd_areas },
  { "import-entries", "FILE.csv", N_("Import a card reader's export into an entry log (--area, --mapping, --dry-run)"), cmd_import_entries },
  { "sample",   "",        N_("Sampling check of an area's entry log (--area, --from, --to, --days)"), cmd_sample },
  { "inspection", "…",     N_("Inspection cycles, sheets, review and roll-up"),        cmd_inspection },
  { "contracts", "…",      N_("Contracts, the clauses they lack, their documents"),     cmd_contracts },
  { "report",   "",        N_("Print the year’s report as a PDF (--fiscal-year, --pdf)"), cmd_report },
  { "keys",     "…",       N_("Lend an area's keys and cards, record their return (--area)"), cmd_keys },
  { "backup",   "FILE",    N_("Write a copy of the database"),                         cmd_backup },
  { "restore",  "FILE",    N_("Replace the database with a checked backup"),           cmd_restore },
};

static char *
commands_description (void)
{
  GString *s = g_string_new (_("Commands:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *head = g_strdup_printf ("%s %s", commands[i].name, commands[i].args);
      g_string_append_printf (s, "  %-18s %s\n", head, _(commands[i].summary));
    }
  g_string_append (s, _("\nRun “mamori-cli COMMAND --help” for the options of a command.\n"
                        "Exit status: 0 success, 1 failure, 2 usage error."));
  return g_string_free (s, FALSE);
}

int
mamori_cli_main (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  Globals globals = { 0 };
  gboolean version = FALSE;
  int status = EXIT_USAGE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &globals.db_path,
      N_("The database file (default: the one the Mamori application uses)"), N_("PATH") },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &globals.actor,
      N_("Who is acting, as the audit log records it (default: your user name)"), N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  mamori_core_init ();
  g_set_prgname ("mamori-cli");

  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_summary (context, _("Mamori without a display: the information security "
                                           "register of a ward, for batch work."));
  description = commands_description ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = usage_error (context, error->message);
      goto out;
    }
  if (version)
    {
      g_print ("mamori-cli %s\n", PACKAGE_VERSION);
      status = EXIT_SUCCESS;
      goto out;
    }
  if (argc < 2)
    {
      status = usage_error (context, _("No command given."));
      goto out;
    }

  if (globals.actor == NULL)
    globals.actor = g_strdup (g_getenv ("MAMORI_ACTOR"));
  if (globals.actor == NULL)
    globals.actor = g_strdup_printf ("%s (mamori-cli)", g_get_user_name ());

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (argv[1], commands[i].name) == 0)
      {
        status = commands[i].run (&globals, argc - 1, argv + 1);
        goto out;
      }

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);
    status = usage_error (context, message);
  }

out:
  g_free (globals.db_path);
  g_free (globals.actor);
  return status;
}

/* For the commands in other files (mamori-cli-report.c): the same messages and exit codes. */

int
mamori_cli_fail_error (GError *error)
{
  return fail_error (error);
}

int
mamori_cli_parse (GOptionContext  *context,
                  int             *argc,
                  char          ***argv,
                  int              min_args,
                  int              max_args)
{
  return parse (context, argc, argv, min_args, max_args);
}

int
mamori_cli_usage_error (GOptionContext *context,
                        const char     *message)
{
  return usage_error (context, message);
}
