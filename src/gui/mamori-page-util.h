/* mamori-page-util.h — what every view does alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mamori-application.h"

G_BEGIN_DECLS

typedef void (*MamoriPageReload) (GtkWidget *page);

void        mamori_page_follow_database  (GtkWidget         *page,
                                          MamoriPageReload   reload);
void        mamori_page_load_overview    (GtkWidget         *page,
                                          GCancellable     **cancellable,
                                          GAsyncReadyCallback callback);
GtkWidget  *mamori_figure_card_new       (const char        *caption,
                                          gint64             value);
void        mamori_list_box_remove_all   (GtkListBox        *list);
char       *mamori_format_count          (gint64             value);
void        mamori_shortcuts_show_accels (GtkWidget         *widget,
                                          GtkApplication    *application);

G_END_DECLS
