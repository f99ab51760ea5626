/* mamori-core.c — the core library: everything but the user interfaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-core.h"
#include "mamori-core-resources.h"

/**
 * mamori_core_init:
 *
 * Registers the core's resources (schema migrations, XML schemas, the built-in standard, the
 * sample ward) and prepares libxml2.  Call once at start, before any other core function.
 */
void
mamori_core_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      mamori_core_register_resource ();
      mamori_xml_init ();
      g_once_init_leave (&done, 1);
    }
}
