/* mamori-entry-model.c — the entry log as a GListModel that reads pages as they are shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A filter of the log (area, period, person, defect) is counted, and its first page read, on
 * the worker: counting the whole log or the defective few of two million entries is what can
 * take long.  The model then knows how many rows there are and holds the first page; the
 * others are read, 64 rows at a time through the core's indexed, ordered query, when the view
 * first shows them, and the last pages read are kept.  A page is found after the last entry
 * of the page above it when that is held, else after the nearest of the marks the worker
 * takes of a long list, else from the nearer end: never by stepping over the rows above it.
 */

#include "config.h"

#include "mamori-entry-model.h"

#include <string.h>

#define PAGE_SIZE 64
#define MAX_PAGES 64

/* The item ---------------------------------------------------------------------------------- */

struct _MamoriEntryItem
{
  GObject          parent_instance;
  MamoriAreaEntry *entry;
};

G_DEFINE_FINAL_TYPE (MamoriEntryItem, mamori_entry_item, G_TYPE_OBJECT)

static void
mamori_entry_item_finalize (GObject *object)
{
  g_clear_pointer (&MAMORI_ENTRY_ITEM (object)->entry, mamori_area_entry_free);
  G_OBJECT_CLASS (mamori_entry_item_parent_class)->finalize (object);
}

static void
mamori_entry_item_class_init (MamoriEntryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mamori_entry_item_finalize;
}

static void
mamori_entry_item_init (MamoriEntryItem *self)
{
}

const MamoriAreaEntry *
mamori_entry_item_get_entry (MamoriEntryItem *item)
{
  return item->entry;
}

/* Takes @entries' entries as items. */
static GPtrArray *
items_of (GPtrArray *entries)
{
  GPtrArray *items = g_ptr_array_new_full (entries->len, g_object_unref);

  for (guint i = 0; i < entries->len; i++)
    {
      MamoriEntryItem *item = g_object_new (MAMORI_TYPE_ENTRY_ITEM, NULL);

      item->entry = g_steal_pointer (&entries->pdata[i]);
      g_ptr_array_add (items, item);
    }
  return items;
}

/* The query --------------------------------------------------------------------------------- */

static void
filter_copy (MamoriEntryFilter       *to,
             const MamoriEntryFilter *from)
{
  *to = *from;
  to->from = g_strdup (from->from);
  to->to = g_strdup (from->to);
  to->person = g_strdup (from->person);
}

static void
filter_clear (MamoriEntryFilter *f)
{
  g_free ((char *)f->from);
  g_free ((char *)f->to);
  g_free ((char *)f->person);
  memset (f, 0, sizeof *f);
}

MamoriEntryQuery *
mamori_entry_query_new (const MamoriEntryFilter *filter)
{
  MamoriEntryQuery *q = g_new0 (MamoriEntryQuery, 1);

  filter_copy (&q->filter, filter);
  return q;
}

void
mamori_entry_query_free (MamoriEntryQuery *q)
{
  if (q == NULL)
    return;
  filter_clear (&q->filter);
  g_clear_pointer (&q->first, g_ptr_array_unref);
  g_clear_pointer (&q->marks, g_ptr_array_unref);
  g_free (q);
}

/**
 * mamori_entry_query_run: (skip)
 *
 * A MamoriWorkerFunc: counts the rows of the query's filter and reads the first page.  The
 * result is the query itself, which the caller keeps owning (return it to the model with
 * mamori_entry_model_show()).
 */
gpointer
mamori_entry_query_run (MamoriStore   *store,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  MamoriEntryQuery *q = data;

  q->count = mamori_area_entries_count (store, &q->filter, error);
  if (q->count < 0)
    return NULL;
  q->first = mamori_area_entries (store, &q->filter, 0, PAGE_SIZE, error);
  return q->first ? q : NULL;
}

/**
 * mamori_entry_query_run_marks: (skip)
 *
 * A MamoriWorkerFunc, run after mamori_entry_query_run() for a long list: marks every
 * MAMORI_ENTRY_MARK_EVERY-th row of the query's filter, so that a jump anywhere in the list
 * reads its page by skipping fewer rows than that (give them to the model with
 * mamori_entry_model_set_marks()).
 */
gpointer
mamori_entry_query_run_marks (MamoriStore   *store,
                              gpointer       data,
                              GCancellable  *cancellable,
                              GError       **error)
{
  MamoriEntryQuery *q = data;

  q->marks = mamori_area_entries_marks (store, &q->filter, MAMORI_ENTRY_MARK_EVERY,
                                        cancellable, error);
  return q->marks ? q : NULL;
}

/* The model --------------------------------------------------------------------------------- */

struct _MamoriEntryModel
{
  GObject            parent_instance;

  MamoriStore       *store;
  MamoriEntryFilter  filter;
  guint              n_items;
  GHashTable        *pages;   /* page number → GPtrArray of MamoriEntryItem */
  GQueue             lru;     /* page numbers, most recent first */
  GPtrArray         *marks;   /* MamoriAreaEntry of rows MARK_EVERY - 1, 2 × … − 1, … */
  guint              serial;  /* counts the times the rows were shown or read again */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MamoriEntryModel, mamori_entry_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return MAMORI_TYPE_ENTRY_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return MAMORI_ENTRY_MODEL (model)->n_items;
}

static void
keep_page (MamoriEntryModel *self,
           guint             page,
           GPtrArray        *items)
{
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->lru) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static GPtrArray *
load_page (MamoriEntryModel *self,
           guint             page)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *previous = page > 0 ? g_hash_table_lookup (self->pages,
                                                        GUINT_TO_POINTER (page - 1)) : NULL;
  const MamoriAreaEntry *above = NULL;
  guint offset = page * PAGE_SIZE;
  guint above_position = 0;
  guint mark = offset / MAMORI_ENTRY_MARK_EVERY;
  GPtrArray *items;

  /* Scrolling down, the page follows the last entry of the one above; a jump starts from the
   * nearest mark above it, or the nearer end of the log.  No read steps over many rows. */
  if (previous != NULL && previous->len == PAGE_SIZE)
    {
      above = mamori_entry_item_get_entry (g_ptr_array_index (previous, PAGE_SIZE - 1));
      above_position = offset - 1;
    }
  else if (self->marks != NULL && mark > 0 && mark - 1 < self->marks->len)
    {
      above = g_ptr_array_index (self->marks, mark - 1);
      above_position = mark * MAMORI_ENTRY_MARK_EVERY - 1;
    }
  entries = mamori_area_entries_at (self->store, &self->filter, offset, PAGE_SIZE,
                                    self->n_items, above, above_position, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read a page of the entry log: %s", error->message);
      return NULL;
    }
  items = items_of (entries);
  keep_page (self, page, items);
  return items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  MamoriEntryModel *self = MAMORI_ENTRY_MODEL (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items || self->store == NULL)
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
forget_pages (MamoriEntryModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static void
mamori_entry_model_finalize (GObject *object)
{
  MamoriEntryModel *self = MAMORI_ENTRY_MODEL (object);

  forget_pages (self);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  filter_clear (&self->filter);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (mamori_entry_model_parent_class)->finalize (object);
}

static void
mamori_entry_model_class_init (MamoriEntryModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mamori_entry_model_finalize;
}

static void
mamori_entry_model_init (MamoriEntryModel *self)
{
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify)g_ptr_array_unref);
  g_queue_init (&self->lru);
}

/* @store: the main thread's connection, on which the pages after the first are read. */
MamoriEntryModel *
mamori_entry_model_new (MamoriStore *store)
{
  MamoriEntryModel *self = g_object_new (MAMORI_TYPE_ENTRY_MODEL, NULL);

  self->store = g_object_ref (store);
  return self;
}

/**
 * mamori_entry_model_show:
 * @query: what mamori_entry_query_run() read on the worker; its first page is taken
 *
 * Shows another filter's rows, with one items-changed.
 */
void
mamori_entry_model_show (MamoriEntryModel *self,
                         MamoriEntryQuery *query)
{
  guint old = self->n_items;

  forget_pages (self);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->serial++;
  filter_clear (&self->filter);
  filter_copy (&self->filter, &query->filter);
  self->n_items = (guint)MIN (query->count, (gint64)G_MAXUINT);
  if (query->first != NULL)
    keep_page (self, 0, items_of (query->first));
  if (old != 0 || self->n_items != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
}

/**
 * mamori_entry_model_get_serial:
 *
 * Returns: a number that changes whenever the rows are shown anew or read again: marks read
 *   for the rows of one serial do not fit another
 */
guint
mamori_entry_model_get_serial (MamoriEntryModel *self)
{
  return self->serial;
}

/**
 * mamori_entry_model_set_marks:
 * @query: what mamori_entry_query_run_marks() read for the filter shown; its marks are taken
 */
void
mamori_entry_model_set_marks (MamoriEntryModel *self,
                              MamoriEntryQuery *query)
{
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->marks = g_steal_pointer (&query->marks);
}

/* Reads the rows shown again as they are next shown (after an entry was edited); the marks
 * go with them, in case the edit moved a row. */
void
mamori_entry_model_refresh (MamoriEntryModel *self)
{
  forget_pages (self);
  g_clear_pointer (&self->marks, g_ptr_array_unref);
  self->serial++;
  if (self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, self->n_items, self->n_items);
}
