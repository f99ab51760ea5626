/* mamori-areas-page.h — the Areas view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MAMORI_TYPE_AREAS_PAGE (mamori_areas_page_get_type ())

G_DECLARE_FINAL_TYPE (MamoriAreasPage, mamori_areas_page, MAMORI, AREAS_PAGE, AdwBin)

void mamori_areas_page_select (MamoriAreasPage *self,
                               gint64           area_id);

G_END_DECLS
