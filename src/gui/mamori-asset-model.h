/* mamori-asset-model.h — the inventory as a GListModel that reads rows as they are shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mamori-core.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_ASSET_MODEL (mamori_asset_model_get_type ())

G_DECLARE_FINAL_TYPE (MamoriAssetModel, mamori_asset_model, MAMORI, ASSET_MODEL, GObject)

MamoriAssetModel *mamori_asset_model_new          (void);
void              mamori_asset_model_set_store    (MamoriAssetModel *self,
                                                   MamoriStore      *store);
void              mamori_asset_model_set_ids      (MamoriAssetModel *self,
                                                   GArray           *ids);
gint64            mamori_asset_model_get_id_at    (MamoriAssetModel *self,
                                                   guint             position);
void              mamori_asset_model_invalidate   (MamoriAssetModel *self);
void              mamori_asset_model_refresh_id   (MamoriAssetModel *self,
                                                   gint64            id);

G_END_DECLS
