/* mamori-area-private.h — shared by the files of the managed-areas module, not a public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean mamori_area_refuse (GError     **error,
                             const char  *format,
                             ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
