/* mamori-cli-sub.c — what every command with its own sub-commands does first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-cli.h"

#include <glib/gi18n.h>
#include <stdlib.h>

/**
 * mamori_cli_sub_begin:
 * @context: the command's options
 * @store: (out): the database, opened (and migrated) for writing, acting as @actor
 *
 * Parses the options, requires a sub-command and opens the database.
 *
 * Returns: -1 to go on, else the exit status to return (2 for a usage error, 1 if the
 *   database could not be opened)
 */
int
mamori_cli_sub_begin (GOptionContext   *context,
                      int              *argc,
                      char           ***argv,
                      const char       *db_path,
                      const char       *actor,
                      MamoriStore     **store)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("mamori-cli: %s\n", error->message);
      return 2;
    }
  if (*argc < 2)
    {
      g_printerr ("mamori-cli: %s\n", _("Missing argument."));
      return 2;
    }
  *store = mamori_store_open (db_path, MAMORI_STORE_OPEN_DEFAULT, &error);
  if (*store == NULL)
    {
      g_printerr ("mamori-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }
  mamori_store_set_actor (*store, actor);
  return -1;
}
