/* mamori-cli-areas.c — helpers of mamori-cli's entry log import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   mamori-cli import FILE.csv --area CODE [--mapping NAME] [--dry-run]
 *   mamori-cli import-entries FILE.csv [--area CODE] [--columns F=N,…] [--save-mapping NAME]
 */

#include "config.h"

#include "mamori-cli-areas.h"

#include <glib/gi18n.h>

/* Keeps the columns given by number (from 0, -1: none) as a mapping called @name. */
gboolean
mamori_cli_save_entry_mapping (MamoriStore  *store,
                               const char   *name,
                               const int    *columns,
                               GError      **error)
{
  g_autoptr(MamoriEntryMapping) mapping = mamori_entry_mapping_new ();

  for (guint f = 0; f < MAMORI_ENTRY_N_FIELDS; f++)
    if (columns[f] >= 0)
      mamori_entry_mapping_set_index (mapping, f, columns[f]);
    else
      mamori_entry_mapping_set_ignored (mapping, f);
  return mamori_entry_mapping_save (store, name, mapping, error);
}

/* A dry run's list of what the file would add, a line each. */
void
mamori_cli_print_entry_additions (const MamoriEntryImportReport *report)
{
  for (guint i = 0; i < report->additions->len; i++)
    {
      MamoriEntryAddition *a = g_ptr_array_index (report->additions, i);
      g_autofree char *in = mamori_area_time_display (a->entered_at);
      g_autofree char *out = a->left_at ? mamori_area_time_display (a->left_at) : g_strdup ("");

      /* Translators: line, area, entered, left, name, card */
      g_print (_("line %llu: %s\t%s – %s\t%s\t%s\n"), (unsigned long long)a->line,
               a->area_code ? a->area_code : "", in, out, a->name, a->card_number);
    }
  if ((gint64)report->additions->len < report->added)
    g_print (_("… and %lld more\n"), (long long)(report->added - report->additions->len));
}
