/* mamori-asset-item.c — one row of the inventory list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-asset-item.h"

struct _MamoriAssetItem
{
  GObject         parent_instance;
  MamoriAssetRow *row;
};

G_DEFINE_FINAL_TYPE (MamoriAssetItem, mamori_asset_item, G_TYPE_OBJECT)

static void
mamori_asset_item_finalize (GObject *object)
{
  MamoriAssetItem *self = MAMORI_ASSET_ITEM (object);

  g_clear_pointer (&self->row, mamori_asset_row_free);
  G_OBJECT_CLASS (mamori_asset_item_parent_class)->finalize (object);
}

static void
mamori_asset_item_class_init (MamoriAssetItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mamori_asset_item_finalize;
}

static void
mamori_asset_item_init (MamoriAssetItem *self)
{
}

/**
 * mamori_asset_item_new:
 * @row: (transfer full): the row
 */
MamoriAssetItem *
mamori_asset_item_new (MamoriAssetRow *row)
{
  MamoriAssetItem *self = g_object_new (MAMORI_TYPE_ASSET_ITEM, NULL);

  self->row = row;
  return self;
}

const MamoriAssetRow *
mamori_asset_item_get_row (MamoriAssetItem *self)
{
  return self->row;
}

gint64
mamori_asset_item_get_id (MamoriAssetItem *self)
{
  return self->row->id;
}
