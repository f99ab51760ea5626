/* main.c — mamori-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-cli.h"

#include <glib/gi18n.h>
#include <locale.h>

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* MAMORI_LOCALEDIR lets an uninstalled build (build-aux/run.sh, the tests) find its own
   * translations. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MAMORI_LOCALEDIR") ? g_getenv ("MAMORI_LOCALEDIR")
                                                                 : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return mamori_cli_main (argc, argv);
}
