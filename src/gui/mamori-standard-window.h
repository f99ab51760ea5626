/* mamori-standard-window.h — the standard browser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mamori-application.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_STANDARD_WINDOW (mamori_standard_window_get_type ())

G_DECLARE_FINAL_TYPE (MamoriStandardWindow, mamori_standard_window, MAMORI, STANDARD_WINDOW, AdwWindow)

MamoriStandardWindow *mamori_standard_window_new     (MamoriApplication    *application);
void                  mamori_standard_window_search  (MamoriStandardWindow *self,
                                                      const char           *query);
void                  mamori_standard_window_show    (MamoriStandardWindow *self,
                                                      const char           *ref);

G_END_DECLS
