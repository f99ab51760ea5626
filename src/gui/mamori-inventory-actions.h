/* mamori-inventory-actions.h — what the inventory's buttons do: bulk changes with one undo,
 * deletion with an undo toast, import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The import dialog (mamori-ledger.c); exposed so the template test can build it. */
GType mamori_import_dialog_get_type (void) G_GNUC_CONST;

void mamori_inventory_change_selected (GtkWidget  *page,
                                       GArray     *ids,
                                       const char *what);
void mamori_inventory_delete_selected (GtkWidget  *page,
                                       GArray     *ids);
void mamori_inventory_import          (GtkWidget  *page);
void mamori_inventory_import_file     (GtkWidget  *page,
                                       GFile      *file);
void mamori_inventory_export          (GtkWidget  *page,
                                       const char *format);

G_END_DECLS
