/* mamori-cli-keys.c — mamori-cli keys: the lending register of the keys and cards of areas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   mamori-cli keys list --area CODE
 *   mamori-cli keys lend --area CODE --key NUMBER --borrower PERSON --approver PERSON
 *                        [--at TIME] [--due TIME]
 *   mamori-cli keys return --area CODE --key NUMBER [--at TIME]
 *
 * PERSON is a staff number or a name of the register (a borrower not in it goes by the name
 * given); TIME is 2026-04-01T09:30 (or "2026-04-01 09:30"), now if not given.
 */

#include "config.h"

#include "mamori-cli.h"
#include "mamori-core.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#define EXIT_USAGE 2

typedef struct
{
  char *area;
  char *key;
  char *borrower;
  char *approver;
  char *at;
  char *due;
} Options;

static int
fail (const char *message)
{
  g_printerr ("mamori-cli: %s\n", message);
  return EXIT_FAILURE;
}

/* @text as a time of the register, or @text itself for the core to refuse by name. */
static char *
normal_time (const char *text)
{
  char *parsed = text ? mamori_area_time_parse (text) : NULL;

  return parsed ? parsed : g_strdup (text);
}

static int
cmd_list (MamoriStore *store,
          gint64       area_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loans = mamori_area_key_loans (store, area_id, NULL, &error);

  if (loans == NULL)
    return fail (error->message);
  for (guint i = 0; i < loans->len; i++)
    {
      MamoriAreaKeyLoan *k = g_ptr_array_index (loans, i);
      g_autofree char *lent = mamori_area_time_display (k->lent_at);
      g_autofree char *back = k->returned_at ? mamori_area_time_display (k->returned_at)
                                             : g_strdup (_("not returned"));

      g_print ("%s\t%s\t%s\t%s\t%s%s\n", k->key_number, k->name, lent, back,
               k->approver_name ? k->approver_name : "",
               k->overdue ? _("\tnot returned in time") : "");
    }
  return EXIT_SUCCESS;
}

static int
cmd_lend (MamoriStore   *store,
          gint64         area_id,
          const Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lent_at = normal_time (o->at);
  g_autofree char *due_at = normal_time (o->due);
  MamoriAreaKeyLoan k = { 0 };

  if (o->key == NULL || o->borrower == NULL || o->approver == NULL)
    return EXIT_USAGE;
  k.area_id = area_id;
  k.key_number = o->key;
  k.person_id = mamori_area_key_find_person (store, o->borrower);
  k.name = k.person_id ? NULL : o->borrower;
  k.approver_id = mamori_area_key_find_person (store, o->approver);
  if (k.approver_id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("The approver “%s” is not a person of the "
                                                    "register."), o->approver);
      return fail (message);
    }
  if (lent_at == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      lent_at = g_date_time_format (now, "%Y-%m-%dT%H:%M");
    }
  k.lent_at = lent_at;
  k.due_at = due_at;
  if (!(mamori_store_begin (store, &error) &&
        mamori_area_key_lend (store, &k, NULL, &error) &&
        mamori_store_commit (store, &error)))
    {
      if (mamori_store_in_transaction (store))
        mamori_store_rollback (store);
      return fail (error->message);
    }
  g_print (_("Lent %s to %s.\n"), o->key, o->borrower);
  return EXIT_SUCCESS;
}

static int
cmd_return (MamoriStore   *store,
            gint64         area_id,
            const Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *at = normal_time (o->at);
  g_autofree char *returned_at = NULL;
  g_autofree char *shown = NULL;
  gint64 id;

  if (o->key == NULL)
    return EXIT_USAGE;
  id = mamori_area_key_find_open (store, area_id, o->key);
  if (id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("The key or card number: %s of this area is "
                                                    "not lent out."), o->key);
      return fail (message);
    }
  if (!(mamori_store_begin (store, &error) &&
        mamori_area_key_return (store, id, at, &returned_at, &error) &&
        mamori_store_commit (store, &error)))
    {
      if (mamori_store_in_transaction (store))
        mamori_store_rollback (store);
      return fail (error->message);
    }
  shown = mamori_area_time_display (returned_at);
  g_print (_("%s returned at %s.\n"), o->key, shown);
  return EXIT_SUCCESS;
}

static int
run (MamoriStore   *store,
     const Options *o,
     int            argc,
     char         **argv)
{
  const char *what = argv[1];
  gint64 area_id;

  if (argc != 2 || o->area == NULL)
    return EXIT_USAGE;
  area_id = mamori_area_find_by_code (store, o->area);
  if (area_id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("There is no managed area with the code "
                                                    "“%s”."), o->area);
      return fail (message);
    }
  if (g_str_equal (what, "list"))
    return cmd_list (store, area_id);
  if (g_str_equal (what, "lend"))
    return cmd_lend (store, area_id, o);
  if (g_str_equal (what, "return"))
    return cmd_return (store, area_id, o);
  return EXIT_USAGE;
}

int
mamori_cli_keys (const char  *db_path,
                 const char  *actor,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("keys list|lend|return");
  g_autoptr(MamoriStore) store = NULL;
  Options o = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "area", 0, 0, G_OPTION_ARG_STRING, &o.area, N_("The managed area"), N_("CODE") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &o.key, N_("lend, return: the key or card number"),
      N_("NUMBER") },
    { "borrower", 0, 0, G_OPTION_ARG_STRING, &o.borrower,
      N_("lend: who borrows it (staff number or name)"), N_("PERSON") },
    { "approver", 0, 0, G_OPTION_ARG_STRING, &o.approver,
      N_("lend: who approved the loan (staff number or name)"), N_("PERSON") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &o.at, N_("lend, return: when (default: now)"),
      N_("TIME") },
    { "due", 0, 0, G_OPTION_ARG_STRING, &o.due,
      N_("lend: when it is due back (default: the end of the day)"), N_("TIME") },
    { NULL }
  };

  g_option_context_set_summary (context, _("The lending register of an area's keys and "
                                           "authentication cards (鍵・入館証 貸出簿): list the "
                                           "loans, those not returned first; lend one; record "
                                           "its return."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = mamori_cli_sub_begin (context, &argc, &argv, db_path, actor, &store)) < 0)
    status = run (store, &o, argc, argv);
  if (status == EXIT_USAGE)
    g_printerr ("mamori-cli: %s\n", _("Wrong arguments; see “mamori-cli keys --help”."));
  g_free (o.area);
  g_free (o.key);
  g_free (o.borrower);
  g_free (o.approver);
  g_free (o.at);
  g_free (o.due);
  return status;
}
