/* mamori-preferences-window.h — the user's profile and the register's file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mamori-application.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_PREFERENCES_WINDOW (mamori_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MamoriPreferencesWindow, mamori_preferences_window, MAMORI, PREFERENCES_WINDOW, AdwPreferencesWindow)

MamoriPreferencesWindow *mamori_preferences_window_new     (MamoriApplication       *application);
void                     mamori_preferences_window_refresh (MamoriPreferencesWindow *self);

G_END_DECLS
