/* mamori-cli-areas.h — helpers of mamori-cli's entry log import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-core.h"

G_BEGIN_DECLS

gboolean mamori_cli_save_entry_mapping    (MamoriStore                   *store,
                                           const char                    *name,
                                           const int                     *columns,
                                           GError                       **error);
void     mamori_cli_print_entry_additions (const MamoriEntryImportReport *report);

G_END_DECLS
