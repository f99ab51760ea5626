/* mamori-report-actions.h — the window's report actions: Export Report…, Print Report…,
 * Save Report as PDF…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void mamori_report_actions_add (GtkApplicationWindow *window);

G_END_DECLS
