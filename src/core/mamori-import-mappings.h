/* mamori-import-mappings.h — the column mappings kept for the next import of a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

/* The kinds of file a mapping is for (import_mappings.kind). */
#define MAMORI_IMPORT_MAPPING_INVENTORY "inventory"
#define MAMORI_IMPORT_MAPPING_ENTRY_LOG "entry-log"

gboolean  mamori_import_mapping_save_json (MamoriStore  *store,
                                           const char   *kind,
                                           const char   *name,
                                           const char   *json,
                                           GError      **error);
char     *mamori_import_mapping_load_json (MamoriStore  *store,
                                           const char   *kind,
                                           const char   *name,
                                           GError      **error);
GStrv     mamori_import_mapping_list      (MamoriStore  *store,
                                           const char   *kind,
                                           GError      **error);
gboolean  mamori_import_mapping_delete    (MamoriStore  *store,
                                           const char   *kind,
                                           const char   *name,
                                           GError      **error);
void      mamori_import_mapping_json_string (GString    *json,
                                             const char *text);

G_END_DECLS
