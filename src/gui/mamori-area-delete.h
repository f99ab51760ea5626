/* mamori-area-delete.h — deleting an entry of the log, a permit or an area, with Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @page again after a write (or after Undo). */
typedef void (*MamoriAreaDeleteRefresh) (GtkWidget *page);

void mamori_area_delete_entry  (GtkWidget               *page,
                                gint64                   entry_id,
                                MamoriAreaDeleteRefresh  refresh);
void mamori_area_delete_permit (GtkWidget               *page,
                                gint64                   area_id,
                                gint64                   permit_id,
                                MamoriAreaDeleteRefresh  refresh);
void mamori_area_delete_area   (GtkWidget               *page,
                                gint64                   area_id,
                                MamoriAreaDeleteRefresh  hide,
                                MamoriAreaDeleteRefresh  show);

G_END_DECLS
