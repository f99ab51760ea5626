/* mamori-assets-page.c — 情報資産: the inventory as a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkColumnView over MamoriAssetModel, which holds only ids.  Every filter, search or sort
 * asks a query thread of its own (a MamoriWorker, so that a long query never queues behind a
 * write) first for the first screen and then for the whole list; a newer request cancels the
 * older one.  Rows are read as they scroll into view.
 */

#include "config.h"

#include "mamori-assets-page.h"
#include "mamori-application.h"
#include "mamori-asset-editor.h"
#include "mamori-asset-item.h"
#include "mamori-asset-model.h"
#include "mamori-column-sort.h"
#include "mamori-inventory-actions.h"
#include "mamori-page-util.h"
#include "mamori-window.h"

#include <glib/gi18n.h>

#define FIRST_SCREEN 120

struct _MamoriAssetsPage
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  GtkStack            *list_stack;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *section_filter;
  GtkDropDown         *class_filter;
  GtkDropDown         *kind_filter;
  GtkDropDown         *status_filter;
  GtkDropDown         *rule_filter;
  GtkDropDown         *area_filter;
  GtkLabel            *summary_label;
  GtkColumnView       *column_view;
  GtkActionBar        *selection_bar;
  GtkLabel            *selection_label;

  MamoriAssetModel    *model;
  GtkMultiSelection   *selection;
  MamoriWorker        *query_worker;
  GCancellable        *query_cancellable;
  MamoriAssetQuery    *query;

  /* The filters' choices: index in the drop-down → value. */
  GArray              *section_ids;     /* gint64 */
  GPtrArray           *class_codes;     /* char* */
  GArray              *rule_masks;      /* guint */
  GArray              *area_ids;        /* gint64 */
  gboolean             filling;
  gboolean             empty;
  gboolean             awaiting;        /* a query's first screen has not come back yet */
  gboolean             open_first;      /* Enter was pressed in the search meanwhile */
};

G_DEFINE_FINAL_TYPE (MamoriAssetsPage, mamori_assets_page, ADW_TYPE_BIN)

enum {
  COLUMN_ATTENTION = 100,
};

static MamoriApplication *
app (void)
{
  return mamori_application_get_default ();
}

/* Querying -------------------------------------------------------------------------------------- */

typedef struct
{
  MamoriAssetQuery *query;
  guint             limit;
  gint64            attention;
} QueryJob;

static void
query_job_free (gpointer data)
{
  QueryJob *job = data;

  mamori_asset_query_free (job->query);
  g_free (job);
}

typedef struct
{
  GArray *ids;
  gint64  attention;   /* assets failing a check, over the whole inventory; -1 if not counted */
  gint64  total;       /* assets in the inventory */
  guint   limit;
} QueryResult;

static void
query_result_free (gpointer data)
{
  QueryResult *r = data;

  g_clear_pointer (&r->ids, g_array_unref);
  g_free (r);
}

static gpointer
run_query (MamoriStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  QueryJob *job = data;
  QueryResult *result = g_new0 (QueryResult, 1);

  result->limit = job->limit;
  result->ids = mamori_asset_query_ids (store, job->query, job->limit, cancellable, error);
  if (result->ids == NULL)
    {
      query_result_free (result);
      return NULL;
    }
  result->attention = -1;
  if (job->limit == 0)
    {
      result->attention = mamori_org_count (store, "assets-needing-attention");
      result->total = mamori_org_count (store, "assets");
    }
  return result;
}

static void
update_summary (MamoriAssetsPage *self,
                QueryResult      *r)
{
  g_autofree char *shown = mamori_format_count (r->ids->len);
  g_autofree char *total = mamori_format_count (r->total);
  g_autofree char *attention = mamori_format_count (r->attention);
  g_autofree char *text = NULL;

  /* Translators: shown assets, all assets, assets that need attention */
  text = g_strdup_printf (_("%s of %s assets shown · %s in the inventory need attention"),
                          shown, total, attention);
  gtk_label_set_label (self->summary_label, text);
}

static void
query_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(MamoriAssetsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  QueryResult *r = mamori_worker_run_finish (MAMORI_WORKER (source), res, &error);

  if (r == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mamori_window_add_toast (MAMORI_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                 error->message);
      return;
    }

  /* The first screen arrives before the whole list (older queries were cancelled, so both
   * answer the current one): show each at once. */
  mamori_asset_model_set_ids (self->model, r->ids);
  gtk_stack_set_visible_child_name (self->list_stack, r->ids->len ? "rows" : "none");
  self->awaiting = FALSE;
  if (self->open_first)
    {
      self->open_first = FALSE;
      if (r->ids->len > 0)
        mamori_asset_editor_open (app (), g_array_index (r->ids, gint64, 0), GTK_WIDGET (self));
    }
  if (r->limit == 0)
    {
      self->empty = r->total == 0;
      gtk_stack_set_visible_child_name (self->stack, self->empty ? "empty" : "list");
      update_summary (self, r);
    }
  query_result_free (r);
}

static void
run_query_now (MamoriAssetsPage *self)
{
  QueryJob *first, *all;

  if (self->query_worker == NULL)
    return;
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();
  self->awaiting = TRUE;

  first = g_new0 (QueryJob, 1);
  first->query = mamori_asset_query_copy (self->query);
  first->limit = FIRST_SCREEN;
  all = g_new0 (QueryJob, 1);
  all->query = mamori_asset_query_copy (self->query);

  mamori_worker_run_async (self->query_worker, run_query, first, query_job_free,
                           query_result_free, self->query_cancellable, query_done,
                           g_object_ref (self));
  mamori_worker_run_async (self->query_worker, run_query, all, query_job_free,
                           query_result_free, self->query_cancellable, query_done,
                           g_object_ref (self));
}

static void
read_filters (MamoriAssetsPage *self)
{
  guint section = gtk_drop_down_get_selected (self->section_filter);
  guint klass = gtk_drop_down_get_selected (self->class_filter);
  guint kind = gtk_drop_down_get_selected (self->kind_filter);
  guint status = gtk_drop_down_get_selected (self->status_filter);
  guint rule = gtk_drop_down_get_selected (self->rule_filter);
  guint area = gtk_drop_down_get_selected (self->area_filter);
  static const char *statuses[] = { NULL, "active", "disposed" };
  int column;
  gboolean descending;

  g_free (self->query->text);
  self->query->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  self->query->section_id = section < self->section_ids->len
                            ? g_array_index (self->section_ids, gint64, section) : 0;
  g_free (self->query->class_code);
  self->query->class_code = klass > 0 && klass < self->class_codes->len
                            ? g_strdup (g_ptr_array_index (self->class_codes, klass)) : NULL;
  g_free (self->query->kind);
  self->query->kind = kind > 0 && kind <= g_strv_length ((char **)mamori_asset_kinds)
                      ? g_strdup (mamori_asset_kinds[kind - 1]) : NULL;
  g_free (self->query->status);
  self->query->status = g_strdup (status < G_N_ELEMENTS (statuses) ? statuses[status] : NULL);
  self->query->rule_mask = rule < self->rule_masks->len
                           ? g_array_index (self->rule_masks, guint, rule) : 0;
  self->query->area_id = area < self->area_ids->len
                         ? g_array_index (self->area_ids, gint64, area) : 0;

  self->query->sort = MAMORI_ASSET_SORT_CODE;
  self->query->descending = FALSE;
  if (mamori_column_sort_read (self->column_view, &column, &descending) && column != COLUMN_ATTENTION)
    {
      self->query->sort = column;
      self->query->descending = descending;
    }
}

static void
filters_changed (MamoriAssetsPage *self)
{
  if (self->filling)
    return;
  read_filters (self);
  run_query_now (self);
}

/* The filters' choices -------------------------------------------------------------------------- */

static void
set_choices (GtkDropDown *drop_down,
             GPtrArray   *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (labels, i));
  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (list));
}

static void
fill_sections (MamoriAssetsPage *self,
               MamoriStore      *store)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sections = mamori_org_list_sections (store, FALSE, NULL);
  gint64 none = 0;

  g_array_set_size (self->section_ids, 0);
  g_array_append_val (self->section_ids, none);
  g_ptr_array_add (labels, g_strdup (_("All sections")));
  for (guint i = 0; sections && i < sections->len; i++)
    {
      MamoriSection *s = g_ptr_array_index (sections, i);

      g_array_append_val (self->section_ids, s->id);
      g_ptr_array_add (labels, g_strdup (s->name));
    }
  set_choices (self->section_filter, labels);
}

static void
fill_classes (MamoriAssetsPage *self,
              MamoriStore      *store)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MamoriOverview) overview = NULL;
  g_autoptr(GPtrArray) classes = mamori_standard_list_classes (store);

  g_ptr_array_set_size (self->class_codes, 0);
  g_ptr_array_add (self->class_codes, g_strdup (""));
  g_ptr_array_add (labels, g_strdup (_("All classes")));
  for (guint i = 0; i < classes->len; i++)
    {
      MamoriClassification *c = g_ptr_array_index (classes, i);

      g_ptr_array_add (self->class_codes, g_strdup (c->code));
      g_ptr_array_add (labels, g_strdup (c->text));
    }
  set_choices (self->class_filter, labels);
}

static void
fill_kinds_and_statuses (MamoriAssetsPage *self)
{
  g_autoptr(GPtrArray) kinds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (kinds, g_strdup (_("All kinds")));
  for (guint i = 0; mamori_asset_kinds[i]; i++)
    g_ptr_array_add (kinds, g_strdup (mamori_asset_kind_label (mamori_asset_kinds[i])));
  set_choices (self->kind_filter, kinds);

  g_ptr_array_add (statuses, g_strdup (_("All statuses")));
  g_ptr_array_add (statuses, g_strdup (_("In use")));
  g_ptr_array_add (statuses, g_strdup (_("Disposed")));
  set_choices (self->status_filter, statuses);
}

static void
fill_rules (MamoriAssetsPage *self,
            MamoriStore      *store)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rules = mamori_rules_enabled (store, NULL);
  guint all = 0, none = 0;

  for (guint i = 0; rules && i < rules->len; i++)
    all |= ((MamoriRule *)g_ptr_array_index (rules, i))->flag;
  g_array_set_size (self->rule_masks, 0);
  g_array_append_val (self->rule_masks, none);
  g_ptr_array_add (labels, g_strdup (_("All assets")));
  g_array_append_val (self->rule_masks, all);
  g_ptr_array_add (labels, g_strdup (_("Needs attention")));
  for (guint i = 0; rules && i < rules->len; i++)
    {
      MamoriRule *rule = g_ptr_array_index (rules, i);

      g_array_append_val (self->rule_masks, rule->flag);
      /* Translators: a check's article, then what it finds missing */
      g_ptr_array_add (labels, g_strdup_printf (_("%s: %s"), rule->ref,
                                                mamori_rule_summary (rule->flag)));
    }
  set_choices (self->rule_filter, labels);
  gtk_widget_set_visible (GTK_WIDGET (self->rule_filter), rules && rules->len > 0);
}

/* The managed areas change in another view: read when this view is shown, keeping the area
 * chosen while it exists. */
static void
fill_areas (MamoriAssetsPage *self,
            MamoriStore      *store)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) areas = store ? mamori_area_list_names (store, NULL) : NULL;
  gboolean filling = self->filling;
  gint64 chosen = self->query->area_id;
  guint position = 0;
  gint64 none = 0;

  g_array_set_size (self->area_ids, 0);
  g_array_append_val (self->area_ids, none);
  g_ptr_array_add (labels, g_strdup (_("All areas")));
  for (guint i = 0; areas && i < areas->len; i++)
    {
      MamoriArea *a = g_ptr_array_index (areas, i);

      if (a->id == chosen)
        position = self->area_ids->len;
      g_array_append_val (self->area_ids, a->id);
      g_ptr_array_add (labels, g_strdup_printf ("%s %s", a->code, a->name));
    }
  self->filling = TRUE;
  set_choices (self->area_filter, labels);
  gtk_drop_down_set_selected (self->area_filter, position);
  self->filling = filling;
  gtk_widget_set_visible (GTK_WIDGET (self->area_filter), self->area_ids->len > 1 || chosen != 0);
  if (!filling && chosen != 0 && position == 0)
    filters_changed (self);
}

static void
refresh_areas (MamoriAssetsPage *self)
{
  MamoriApplication *application = app ();

  if (application != NULL && mamori_application_get_store (application) != NULL)
    fill_areas (self, mamori_application_get_store (application));
}

/**
 * mamori_assets_page_show_area:
 * @area_id: a managed area
 *
 * Shows every asset kept in the area, and only them: the other filters and the search are
 * cleared.
 */
void
mamori_assets_page_show_area (MamoriAssetsPage *self,
                              gint64            area_id)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->section_filter, 0);
  gtk_drop_down_set_selected (self->class_filter, 0);
  gtk_drop_down_set_selected (self->kind_filter, 0);
  gtk_drop_down_set_selected (self->status_filter, 0);
  gtk_drop_down_set_selected (self->rule_filter, 0);
  self->query->area_id = area_id;
  refresh_areas (self);
  self->filling = FALSE;
  filters_changed (self);
}

/* Cells ----------------------------------------------------------------------------------------- */

typedef const char *(*CellText) (const MamoriAssetRow *row, char **owned);

static const char *
cell_code (const MamoriAssetRow *r, char **owned) { return r->code; }
static const char *
cell_name (const MamoriAssetRow *r, char **owned) { return r->name; }
static const char *
cell_section (const MamoriAssetRow *r, char **owned) { return r->section; }
static const char *
cell_class (const MamoriAssetRow *r, char **owned) { return r->class_name ? r->class_name : r->class_code; }

static const char *
cell_kind (const MamoriAssetRow *r,
           char                **owned)
{
  return r->kind ? mamori_asset_kind_label (r->kind) : NULL;
}

static const char *
cell_status (const MamoriAssetRow *r,
             char                **owned)
{
  if (g_strcmp0 (r->status, "disposed") == 0)
    return _("Disposed");
  return r->copy ? _("In use (copy)") : _("In use");
}

static const char *
cell_registered (const MamoriAssetRow *r,
                 char                **owned)
{
  *owned = mamori_era_format_iso (r->registered_on, MAMORI_ERA_STYLE_LONG);
  return *owned;
}

static void
setup_text (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 4);
  gtk_list_item_set_child (item, inscription);
}

static void
bind_text (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  CellText text = user_data;
  MamoriAssetItem *asset = gtk_list_item_get_item (item);
  g_autofree char *owned = NULL;

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)),
                            asset ? text (mamori_asset_item_get_row (asset), &owned) : NULL);
}

static void
setup_attention (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *image = gtk_image_new ();

  gtk_widget_add_css_class (image, "warning");
  gtk_list_item_set_child (item, image);
}

static char *
attention_text (guint flags)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint bit = 1; bit != 0 && bit <= flags; bit <<= 1)
    if (flags & bit)
      g_string_append_printf (s, "%s%s", s->len ? "\n" : "", mamori_rule_summary (bit));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
bind_attention (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  MamoriAssetItem *asset = gtk_list_item_get_item (item);
  GtkWidget *image = gtk_list_item_get_child (item);
  guint flags = asset ? mamori_asset_item_get_row (asset)->rule_flags : 0;
  g_autofree char *text = flags ? attention_text (flags) : NULL;

  gtk_image_set_from_icon_name (GTK_IMAGE (image), flags ? "dialog-warning-symbolic" : NULL);
  gtk_widget_set_tooltip_text (image, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  flags ? _("Needs attention") : "", -1);
}

static void
add_column (MamoriAssetsPage *self,
            const char       *title,
            int               sort_id,
            CellText          text,
            gboolean          expand,
            int               fixed_width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  if (text != NULL)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_text), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_text), text);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_attention), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_attention), NULL);
    }
  column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, text != NULL);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (column, fixed_width);
  if (sort_id != COLUMN_ATTENTION)
    mamori_column_sort_attach (column, sort_id);
  gtk_column_view_append_column (self->column_view, column);
}

static void
build_columns (MamoriAssetsPage *self)
{
  add_column (self, "", COLUMN_ATTENTION, NULL, FALSE, 36);
  add_column (self, _("Code"), MAMORI_ASSET_SORT_CODE, cell_code, FALSE, 150);
  add_column (self, C_("asset", "Name"), MAMORI_ASSET_SORT_NAME, cell_name, TRUE, -1);
  add_column (self, _("Kind"), MAMORI_ASSET_SORT_KIND, cell_kind, FALSE, 130);
  add_column (self, _("Section"), MAMORI_ASSET_SORT_SECTION, cell_section, FALSE, 150);
  add_column (self, _("Class"), MAMORI_ASSET_SORT_CLASS, cell_class, FALSE, 120);
  add_column (self, _("Status"), MAMORI_ASSET_SORT_STATUS, cell_status, FALSE, 110);
  add_column (self, _("Registered"), MAMORI_ASSET_SORT_REGISTERED, cell_registered, FALSE, 150);
}

/* Selection and actions ------------------------------------------------------------------------ */

static GArray *
selected_ids (MamoriAssetsPage *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = mamori_asset_model_get_id_at (self->model, position);
      if (id)
        g_array_append_val (ids, id);
    }
  return ids;
}

static void
selection_changed (MamoriAssetsPage *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n = gtk_bitset_get_size (set);
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u asset selected",
                                       "%u assets selected", (gulong)n), (guint)n);
  gtk_label_set_label (self->selection_label, text);
  gtk_action_bar_set_revealed (self->selection_bar, n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assets.change", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assets.delete", n > 0);
}

static void
row_activated (MamoriAssetsPage *self,
               guint             position)
{
  gint64 id = mamori_asset_model_get_id_at (self->model, position);

  if (id != 0)
    mamori_asset_editor_open (app (), id, GTK_WIDGET (self));
}

/* Enter in the search opens the first asset found, as in GNOME's other searches. */
static void
search_activated (MamoriAssetsPage *self)
{
  if (self->awaiting)
    self->open_first = TRUE;
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    row_activated (self, 0);
}

static gboolean
focus_search (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  MamoriAssetsPage *self = MAMORI_ASSETS_PAGE (widget);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->search_entry)) ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->search_entry)))
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

/* The view's shortcuts work wherever the focus is in the window while the view is shown
 * (a managed controller runs only for a mapped widget). */
static void
add_shortcuts (MamoriAssetsPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  static const struct { const char *trigger; const char *action; } actions[] = {
    { "<Control>n", "assets.add" },
    { "<Control>i", "assets.import" },
  };

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (actions[i].trigger),
                                                            gtk_named_action_new (actions[i].action)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>f"),
                                                          gtk_callback_action_new (focus_search, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
add_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  mamori_asset_editor_open (app (), 0, widget);
}

static void
change_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  MamoriAssetsPage *self = MAMORI_ASSETS_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);

  mamori_inventory_change_selected (widget, ids, g_variant_get_string (parameter, NULL));
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  MamoriAssetsPage *self = MAMORI_ASSETS_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);

  mamori_inventory_delete_selected (widget, ids);
}

static void
import_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  mamori_inventory_import (widget);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  mamori_inventory_export (widget, g_variant_get_string (parameter, NULL));
}

/**
 * mamori_assets_page_reload:
 *
 * Reads the list again (after an edit, an import, a bulk change).
 */
void
mamori_assets_page_reload (MamoriAssetsPage *self)
{
  mamori_asset_model_invalidate (self->model);
  run_query_now (self);
}

/**
 * mamori_assets_page_hide:
 * @ids: (element-type gint64): assets about to be deleted
 *
 * Takes assets out of the list at once, while their deletion waits for its undo toast.
 */
void
mamori_assets_page_hide (MamoriAssetsPage *self,
                         GArray           *ids)
{
  g_autoptr(GHashTable) hidden = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (hidden, &g_array_index (ids, gint64, i));
  for (guint i = 0; i < n; i++)
    {
      gint64 id = mamori_asset_model_get_id_at (self->model, i);
      if (!g_hash_table_contains (hidden, &id))
        g_array_append_val (kept, id);
    }
  mamori_asset_model_set_ids (self->model, kept);
}

/* Life ------------------------------------------------------------------------------------------ */

static void
assets_changed (MamoriAssetsPage *self,
                gint64            asset_id)
{
  /* A new asset must find its place in the order: read the list again; an edit only needs
   * its row read again, but its checks may have changed the counts too. */
  mamori_asset_model_refresh_id (self->model, asset_id);
  run_query_now (self);
}

static void
reload (GtkWidget *widget)
{
  MamoriAssetsPage *self = MAMORI_ASSETS_PAGE (widget);
  MamoriApplication *application = app ();
  MamoriStore *store = mamori_application_get_store (application);

  g_clear_object (&self->query_worker);
  self->query_worker = mamori_worker_new (mamori_application_get_db_path (application));
  mamori_asset_model_set_store (self->model, store);

  self->filling = TRUE;
  fill_sections (self, store);
  fill_classes (self, store);
  fill_kinds_and_statuses (self);
  fill_rules (self, store);
  self->query->area_id = 0;
  fill_areas (self, store);
  self->filling = FALSE;
  filters_changed (self);
}

static void
mamori_assets_page_dispose (GObject *object)
{
  MamoriAssetsPage *self = MAMORI_ASSETS_PAGE (object);

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->query_worker);
  if (self->column_view)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_pointer (&self->query, mamori_asset_query_free);
  g_clear_pointer (&self->section_ids, g_array_unref);
  g_clear_pointer (&self->class_codes, g_ptr_array_unref);
  g_clear_pointer (&self->rule_masks, g_array_unref);
  g_clear_pointer (&self->area_ids, g_array_unref);

  G_OBJECT_CLASS (mamori_assets_page_parent_class)->dispose (object);
}

static void
mamori_assets_page_class_init (MamoriAssetsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mamori_assets_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-assets-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, section_filter);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, class_filter);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, rule_filter);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, area_filter);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, MamoriAssetsPage, selection_label);

  gtk_widget_class_install_action (widget_class, "assets.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "assets.change", "s", change_activated);
  gtk_widget_class_install_action (widget_class, "assets.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "assets.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "assets.export", "s", export_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "assets.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "assets.delete", NULL);
}

static void
mamori_assets_page_init (MamoriAssetsPage *self)
{
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->query = mamori_asset_query_new ();
  self->section_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->class_codes = g_ptr_array_new_with_free_func (g_free);
  self->rule_masks = g_array_new (FALSE, FALSE, sizeof (guint));
  self->area_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->model = mamori_asset_model_new ();
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  build_columns (self);

  /* The section list is long: let people type to find one. */
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->section_filter, expression);
  gtk_drop_down_set_expression (self->area_filter, expression);
  gtk_expression_unref (expression);

  /* Each keystroke queries at once; a newer query cancels the older. */
  gtk_search_entry_set_search_delay (self->search_entry, 0);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activated), self);
  g_signal_connect_swapped (self->section_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->class_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->kind_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->status_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->rule_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->area_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect (self, "map", G_CALLBACK (refresh_areas), NULL);
  g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view), "changed",
                            G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->column_view, "activate", G_CALLBACK (row_activated), self);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed), self);
  selection_changed (self);
  add_shortcuts (self);

  mamori_page_follow_database (GTK_WIDGET (self), reload);
  if (app () != NULL)
    g_signal_connect_object (app (), "assets-changed", G_CALLBACK (assets_changed), self,
                             G_CONNECT_SWAPPED);
}
