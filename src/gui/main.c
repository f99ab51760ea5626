/* main.c — Mamori
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-application.h"

#include <glib/gi18n.h>

int
main (int    argc,
      char **argv)
{
  g_autoptr(MamoriApplication) app = NULL;

  /* MAMORI_LOCALEDIR lets an uninstalled build (build-aux/run.sh, the tests) find its own
   * translations. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MAMORI_LOCALEDIR") ? g_getenv ("MAMORI_LOCALEDIR")
                                                                 : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = mamori_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
