/* mamori-assets-page.h — 情報資産: the inventory as a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MAMORI_TYPE_ASSETS_PAGE (mamori_assets_page_get_type ())

G_DECLARE_FINAL_TYPE (MamoriAssetsPage, mamori_assets_page, MAMORI, ASSETS_PAGE, AdwBin)

void mamori_assets_page_reload (MamoriAssetsPage *self);
void mamori_assets_page_hide   (MamoriAssetsPage *self,
                                GArray           *ids);
void mamori_assets_page_show_area (MamoriAssetsPage *self,
                                   gint64            area_id);

G_END_DECLS
