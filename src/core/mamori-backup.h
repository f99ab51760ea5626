/* mamori-backup.h — copies of the database, and putting one back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

gboolean mamori_backup_write    (MamoriStore  *store,
                                 const char   *dest,
                                 GError      **error);
gboolean mamori_backup_restore  (MamoriStore  *store,
                                 const char   *source,
                                 char        **safety_copy,
                                 GError      **error);

G_END_DECLS
