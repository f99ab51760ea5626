/* mamori-window.h — the main window and its five views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mamori-application.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_WINDOW (mamori_window_get_type ())

G_DECLARE_FINAL_TYPE (MamoriWindow, mamori_window, MAMORI, WINDOW, AdwApplicationWindow)

MamoriWindow *mamori_window_new        (MamoriApplication *application);
void          mamori_window_add_toast  (MamoriWindow      *self,
                                        const char        *message);
void          mamori_window_add_toast_widget (MamoriWindow *self,
                                              AdwToast     *toast);

G_END_DECLS
