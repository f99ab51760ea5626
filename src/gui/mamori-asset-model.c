/* mamori-asset-model.c — the inventory as a GListModel that reads rows as they are shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model holds only the ids, in display order (8 MB at a million).  get_item() reads the
 * page of 64 rows around the position it is asked for, one indexed lookup per row on the
 * main thread's read-only connection, and keeps the last pages read; only what the view shows
 * is ever read.  A new filter or sort replaces the ids with one items-changed.
 */

#include "config.h"

#include "mamori-asset-model.h"
#include "mamori-asset-item.h"

#define PAGE_SIZE 64
#define MAX_PAGES 128

struct _MamoriAssetModel
{
  GObject      parent_instance;

  MamoriStore *store;
  GArray      *ids;
  GHashTable  *pages;   /* page number → GPtrArray of MamoriAssetItem */
  GQueue       lru;     /* page numbers, most recent first */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MamoriAssetModel, mamori_asset_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return MAMORI_TYPE_ASSET_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  MamoriAssetModel *self = MAMORI_ASSET_MODEL (model);

  return self->ids ? self->ids->len : 0;
}

static void
forget_pages (MamoriAssetModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static GPtrArray *
load_page (MamoriAssetModel *self,
           guint             page)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;
  guint start = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - start);

  rows = mamori_asset_query_rows (self->store, &g_array_index (self->ids, gint64, start), n,
                                  &error);
  if (rows == NULL)
    {
      g_warning ("Could not read a page of the inventory: %s", error->message);
      return NULL;
    }

  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, mamori_asset_item_new (g_steal_pointer (&rows->pdata[i])));

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->lru) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
  return items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  MamoriAssetModel *self = MAMORI_ASSET_MODEL (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (self->ids == NULL || position >= self->ids->len || self->store == NULL)
    return NULL;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    items = load_page (self, page);
  else if (g_queue_peek_head (&self->lru) != GUINT_TO_POINTER (page))
    {
      g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
    }
  if (items == NULL || position % PAGE_SIZE >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
mamori_asset_model_finalize (GObject *object)
{
  MamoriAssetModel *self = MAMORI_ASSET_MODEL (object);

  forget_pages (self);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (mamori_asset_model_parent_class)->finalize (object);
}

static void
mamori_asset_model_class_init (MamoriAssetModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mamori_asset_model_finalize;
}

static void
mamori_asset_model_init (MamoriAssetModel *self)
{
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify)g_ptr_array_unref);
  g_queue_init (&self->lru);
}

MamoriAssetModel *
mamori_asset_model_new (void)
{
  return g_object_new (MAMORI_TYPE_ASSET_MODEL, NULL);
}

void
mamori_asset_model_set_store (MamoriAssetModel *self,
                              MamoriStore      *store)
{
  if (g_set_object (&self->store, store))
    mamori_asset_model_set_ids (self, NULL);
}

/**
 * mamori_asset_model_set_ids:
 * @ids: (nullable) (transfer none): the ids in display order
 *
 * Shows another set of rows, with a single items-changed.
 */
void
mamori_asset_model_set_ids (MamoriAssetModel *self,
                            GArray           *ids)
{
  guint old = get_n_items (G_LIST_MODEL (self));

  forget_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  if (ids != NULL)
    self->ids = g_array_ref (ids);
  if (old != 0 || get_n_items (G_LIST_MODEL (self)) != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, get_n_items (G_LIST_MODEL (self)));
}

gint64
mamori_asset_model_get_id_at (MamoriAssetModel *self,
                              guint             position)
{
  if (self->ids == NULL || position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}

/**
 * mamori_asset_model_invalidate:
 *
 * Reads every row again as it is next shown (after a bulk change).
 */
void
mamori_asset_model_invalidate (MamoriAssetModel *self)
{
  guint n = get_n_items (G_LIST_MODEL (self));

  forget_pages (self);
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
}

/**
 * mamori_asset_model_refresh_id:
 *
 * Reads one asset's row again after it was edited.
 */
void
mamori_asset_model_refresh_id (MamoriAssetModel *self,
                               gint64            id)
{
  for (guint i = 0; self->ids && i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      {
        g_hash_table_remove (self->pages, GUINT_TO_POINTER (i / PAGE_SIZE));
        g_queue_remove (&self->lru, GUINT_TO_POINTER (i / PAGE_SIZE));
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
        return;
      }
}
