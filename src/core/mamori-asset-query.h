/* mamori-asset-query.h — the inventory as a list: filter, search, sort, page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

typedef enum
{
  MAMORI_ASSET_SORT_CODE,
  MAMORI_ASSET_SORT_NAME,
  MAMORI_ASSET_SORT_KIND,
  MAMORI_ASSET_SORT_SECTION,
  MAMORI_ASSET_SORT_CLASS,
  MAMORI_ASSET_SORT_STATUS,
  MAMORI_ASSET_SORT_REGISTERED,
} MamoriAssetSort;

typedef struct
{
  char            *text;        /* words to find in code, name and description */
  gint64           section_id;  /* created or held by this section; 0 for all */
  char            *class_code;  /* NULL for all */
  char            *kind;        /* NULL for all */
  char            *status;      /* "active", "disposed" or NULL for all */
  guint            rule_mask;   /* assets failing any of these checks; 0 for all */
  gint64           area_id;     /* kept in this managed area; 0 for all */
  MamoriAssetSort  sort;
  gboolean         descending;
} MamoriAssetQuery;

typedef struct
{
  gint64  id;
  char   *code;
  char   *name;
  char   *kind;
  char   *section;
  char   *class_code;
  char   *class_name;
  char   *status;
  char   *registered_on;
  guint   rule_flags;
  gboolean copy;
} MamoriAssetRow;

MamoriAssetQuery *mamori_asset_query_new        (void);
MamoriAssetQuery *mamori_asset_query_copy       (const MamoriAssetQuery *query);
void              mamori_asset_query_free       (MamoriAssetQuery       *query);
gboolean          mamori_asset_query_equal      (const MamoriAssetQuery *a,
                                                 const MamoriAssetQuery *b);

GArray           *mamori_asset_query_ids        (MamoriStore            *store,
                                                 const MamoriAssetQuery *query,
                                                 guint                   limit,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
GPtrArray        *mamori_asset_query_rows       (MamoriStore            *store,
                                                 const gint64           *ids,
                                                 guint                   n_ids,
                                                 GError                **error);
void              mamori_asset_row_free         (MamoriAssetRow         *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriAssetQuery, mamori_asset_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriAssetRow, mamori_asset_row_free)

G_END_DECLS
