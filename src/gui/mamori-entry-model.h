/* mamori-entry-model.h — the entry log as a GListModel that reads pages as they are shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mamori-core.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_ENTRY_ITEM (mamori_entry_item_get_type ())
G_DECLARE_FINAL_TYPE (MamoriEntryItem, mamori_entry_item, MAMORI, ENTRY_ITEM, GObject)

#define MAMORI_TYPE_ENTRY_MODEL (mamori_entry_model_get_type ())
G_DECLARE_FINAL_TYPE (MamoriEntryModel, mamori_entry_model, MAMORI, ENTRY_MODEL, GObject)

/* What the worker reads for a new filter: the count and the first page. */
typedef struct
{
  MamoriEntryFilter  filter;     /* its strings owned */
  gint64             count;
  GPtrArray         *first;      /* MamoriAreaEntry */
  GPtrArray         *marks;      /* MamoriAreaEntry, see mamori_entry_query_run_marks() */
} MamoriEntryQuery;

/* A list longer than a few marks' worth is marked, every so many rows. */
#define MAMORI_ENTRY_MARK_EVERY 2048

MamoriEntryQuery      *mamori_entry_query_new    (const MamoriEntryFilter *filter);
void                   mamori_entry_query_free   (MamoriEntryQuery *query);
gpointer               mamori_entry_query_run    (MamoriStore   *store,
                                                  gpointer       query,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

gpointer               mamori_entry_query_run_marks (MamoriStore   *store,
                                                     gpointer       query,
                                                     GCancellable  *cancellable,
                                                     GError       **error);

const MamoriAreaEntry *mamori_entry_item_get_entry (MamoriEntryItem *item);

MamoriEntryModel      *mamori_entry_model_new      (MamoriStore      *store);
void                   mamori_entry_model_show     (MamoriEntryModel *self,
                                                    MamoriEntryQuery *query);
void                   mamori_entry_model_set_marks (MamoriEntryModel *self,
                                                     MamoriEntryQuery *query);
void                   mamori_entry_model_refresh  (MamoriEntryModel *self);
guint                  mamori_entry_model_get_serial (MamoriEntryModel *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriEntryQuery, mamori_entry_query_free)

G_END_DECLS
