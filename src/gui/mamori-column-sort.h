/* mamori-column-sort.h — which column a GtkColumnView is sorted by, on GTK 4.8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     mamori_column_sort_attach (GtkColumnViewColumn *column,
                                    int                  id);
gboolean mamori_column_sort_read   (GtkColumnView       *view,
                                    int                 *id,
                                    gboolean            *descending);

G_END_DECLS
