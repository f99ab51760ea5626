/* mamori-cli-contract.c — mamori-cli contracts: the contracts and their documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   mamori-cli contracts list [--missing] [--section CODE] [--ending DAYS] [--search TEXT]
 *   mamori-cli contracts show NUMBER
 *   mamori-cli contracts attach NUMBER FILE
 *   mamori-cli contracts detach NUMBER FILE-NAME
 *   mamori-cli contracts save NUMBER FILE-NAME --out FILE
 *
 * NUMBER is a contract's number (契約番号); FILE-NAME the name a document was attached under.
 */

#include "config.h"

#include "mamori-cli.h"
#include "mamori-core.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 2

typedef struct
{
  gboolean  missing;
  char     *section;
  int       ending;
  char     *search;
  char     *out;
} Options;

static int
fail (const char *message)
{
  g_printerr ("mamori-cli: %s\n", message);
  return EXIT_FAILURE;
}

static gint64
find_contract (MamoriStore  *store,
               const char   *number)
{
  gint64 id = mamori_contract_find_by_number (store, number);

  if (id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("No contract has the number “%s”."),
                                                  number);
      fail (message);
    }
  return id;
}

/* 和暦 for a date or a timestamp; "—" for none. */
static char *
era_date (const char *iso)
{
  char *text = NULL;

  if (iso != NULL && strlen (iso) > 10)
    text = mamori_era_format_timestamp (iso);
  else if (iso != NULL && *iso != '\0')
    text = mamori_era_format_iso (iso, MAMORI_ERA_STYLE_LONG);
  return text != NULL ? text : g_strdup (iso != NULL && *iso != '\0' ? iso : "—");
}

static int
cmd_list (MamoriStore   *store,
          const Options *o)
{
  MamoriContractFilter filter = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  if (o->section != NULL && (filter.section_id = mamori_org_section_id (store, o->section)) == 0)
    {
      g_autofree char *message = g_strdup_printf (_("No section has the code “%s”."), o->section);
      return fail (message);
    }
  filter.missing_only = o->missing;
  filter.ending_within_days = o->ending;
  filter.text = g_strdup (o->search);
  rows = mamori_contract_query (store, &filter, NULL, &error);
  mamori_contract_filter_clear (&filter);
  if (rows == NULL)
    return fail (error->message);

  for (guint i = 0; i < rows->len; i++)
    {
      MamoriContractRow *r = g_ptr_array_index (rows, i);
      g_autofree char *ends = era_date (r->ends_on);

      /* Translators: number, title, vendor, section, kind, status, end date, missing clauses */
      g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r->number, r->title, r->vendor, r->section,
               mamori_contract_kind_label (r->kind), mamori_contract_status_label (r->status),
               ends, r->missing > 0 ? r->missing_codes : _("all mandatory clauses stated"));
    }
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u contract.\n", "%u contracts.\n", rows->len),
              rows->len);
  return EXIT_SUCCESS;
}

static int
cmd_show (MamoriStore *store,
          const char  *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriContract) c = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autofree char *starts = NULL, *ends = NULL;
  gint64 id = find_contract (store, number);

  if (id == 0)
    return EXIT_FAILURE;
  if ((c = mamori_contract_load (store, id, &error)) == NULL ||
      (clauses = mamori_contract_list_clauses (store, id, &error)) == NULL ||
      (documents = mamori_contract_list_documents (store, id, &error)) == NULL)
    return fail (error->message);

  starts = era_date (c->starts_on);
  ends = era_date (c->ends_on);
  g_print ("%s\t%s\n", c->number, c->title);
  g_print (_("Vendor: %s\n"), c->vendor);
  g_print (_("Section: %s\n"), c->section_name);
  g_print (_("Kind: %s · Status: %s\n"), mamori_contract_kind_label (c->kind),
           mamori_contract_status_label (c->status));
  g_print (_("Period: %s – %s\n"), starts, ends);
  g_print (_("Clauses:\n"));
  for (guint i = 0; i < clauses->len; i++)
    {
      MamoriContractClause *k = g_ptr_array_index (clauses, i);

      g_print ("  %s%s\t%s\t%s\t%s\n", k->code, k->mandatory ? "*" : "",
               k->ref ? k->ref : "—",
               k->answer ? mamori_contract_answer_label (k->answer) : _("not answered"),
               mamori_contract_clause_missing (k) ? _("missing") : "");
    }
  g_print (_("Documents:\n"));
  for (guint i = 0; i < documents->len; i++)
    {
      MamoriContractDocument *d = g_ptr_array_index (documents, i);
      g_autofree char *on = era_date (d->attached_on);

      g_print ("  %s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\n", d->file_name, d->media_type, d->size,
               d->sha256, on);
    }
  return EXIT_SUCCESS;
}

static gint64
find_document (MamoriStore *store,
               gint64       contract,
               const char  *name)
{
  g_autoptr(GPtrArray) documents = mamori_contract_list_documents (store, contract, NULL);
  g_autofree char *message = NULL;

  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      MamoriContractDocument *d = g_ptr_array_index (documents, i);

      if (g_strcmp0 (d->file_name, name) == 0)
        return d->id;
    }
  message = g_strdup_printf (_("The contract has no document named “%s”."), name);
  fail (message);
  return 0;
}

static int
run (MamoriStore   *store,
     const Options *o,
     int            argc,
     char         **argv)
{
  const char *what = argv[1];
  g_autoptr(GError) error = NULL;
  gint64 id, document;

  if (g_str_equal (what, "list") && argc == 2)
    return cmd_list (store, o);
  if (g_str_equal (what, "show") && argc == 3)
    return cmd_show (store, argv[2]);
  if (g_str_equal (what, "attach") && argc == 4)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[3]);

      if ((id = find_contract (store, argv[2])) == 0)
        return EXIT_FAILURE;
      if (!mamori_contract_attach_file (store, id, file, NULL, &error))
        return fail (error->message);
      g_print (_("Attached %s to %s.\n"), argv[3], argv[2]);
      return EXIT_SUCCESS;
    }
  if ((g_str_equal (what, "detach") && argc == 4) ||
      (g_str_equal (what, "save") && argc == 4 && o->out != NULL))
    {
      if ((id = find_contract (store, argv[2])) == 0 ||
          (document = find_document (store, id, argv[3])) == 0)
        return EXIT_FAILURE;
      if (g_str_equal (what, "detach"))
        {
          if (!mamori_contract_detach (store, document, &error))
            return fail (error->message);
          g_print (_("Removed %s from %s.\n"), argv[3], argv[2]);
        }
      else
        {
          g_autoptr(GBytes) bytes = mamori_contract_document_bytes (store, document, &error);

          if (bytes == NULL ||
              !g_file_set_contents_full (o->out, g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes),
                                         G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
            return fail (error->message);
          g_print (_("Wrote %s.\n"), o->out);
        }
      return EXIT_SUCCESS;
    }
  return EXIT_USAGE;
}

int
mamori_cli_contracts (const char  *db_path,
                      const char  *actor,
                      int          argc,
                      char       **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new ("contracts list|show|attach|detach|save …");
  g_autoptr(MamoriStore) store = NULL;
  Options o = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "missing", 0, 0, G_OPTION_ARG_NONE, &o.missing,
      N_("list: only contracts with a mandatory clause missing"), NULL },
    { "section", 0, 0, G_OPTION_ARG_STRING, &o.section, N_("list: only this section’s"),
      N_("CODE") },
    { "ending", 0, 0, G_OPTION_ARG_INT, &o.ending,
      N_("list: only concluded contracts ending within so many days"), N_("DAYS") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &o.search,
      N_("list: only those with this text in the number, title or vendor"), N_("TEXT") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &o.out, N_("save: the file to write"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("The outsourcing and dispatch contracts: list them "
                                           "with the mandatory clauses they lack, show one, "
                                           "attach, remove or save a contract document."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = mamori_cli_sub_begin (context, &argc, &argv, db_path, actor, &store)) >= 0)
    ;
  else if (o.ending < 0)
    {
      g_printerr ("mamori-cli: %s\n", _("--ending must be a number of days, 0 or more."));
      status = EXIT_USAGE;
    }
  else
    status = run (store, &o, argc, argv);
  if (status == EXIT_USAGE)
    g_printerr ("mamori-cli: %s\n", _("Wrong arguments; see “mamori-cli contracts --help”."));
  g_free (o.section);
  g_free (o.search);
  g_free (o.out);
  return status;
}
