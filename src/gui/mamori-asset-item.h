/* mamori-asset-item.h — one row of the inventory list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "mamori-core.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_ASSET_ITEM (mamori_asset_item_get_type ())

G_DECLARE_FINAL_TYPE (MamoriAssetItem, mamori_asset_item, MAMORI, ASSET_ITEM, GObject)

MamoriAssetItem      *mamori_asset_item_new      (MamoriAssetRow  *row);
const MamoriAssetRow *mamori_asset_item_get_row  (MamoriAssetItem *self);
gint64                mamori_asset_item_get_id   (MamoriAssetItem *self);

G_END_DECLS
