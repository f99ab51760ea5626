/* mamori-contracts-page.c — 委託契約: the contracts as a list, and the clause matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list (or the matrix of one kind) is read on a query thread of its own (a MamoriWorker)
 * whenever a filter changes; a newer request cancels the older.  Each row says which
 * mandatory clauses are missing.  Activating a row opens the contract's editor.  With no
 * contract at all the view shows its empty state.
 */

#include "config.h"

#include "mamori-contracts-page.h"
#include "mamori-application.h"
#include "mamori-contract-editor.h"
#include "mamori-page-util.h"
#include "mamori-window.h"

#include <glib/gi18n.h>
#include <string.h>

/* A row of the list, for the list models. */
#define CONTRACT_TYPE_ITEM (contract_item_get_type ())
G_DECLARE_FINAL_TYPE (ContractItem, contract_item, CONTRACT, ITEM, GObject)

struct _ContractItem
{
  GObject            parent_instance;
  MamoriContractRow *row;
};

G_DEFINE_FINAL_TYPE (ContractItem, contract_item, G_TYPE_OBJECT)

static void
contract_item_finalize (GObject *object)
{
  mamori_contract_row_free (CONTRACT_ITEM (object)->row);
  G_OBJECT_CLASS (contract_item_parent_class)->finalize (object);
}

static void
contract_item_class_init (ContractItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = contract_item_finalize;
}

static void
contract_item_init (ContractItem *self)
{
}

struct _MamoriContractsPage
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  GtkStack            *view_stack;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *section_filter;
  GtkDropDown         *kind_filter;
  GtkToggleButton     *missing_toggle;
  GtkToggleButton     *ending_toggle;
  GtkToggleButton     *matrix_toggle;
  GtkLabel            *summary_label;
  GtkColumnView       *column_view;
  GtkScrolledWindow   *matrix_scroller;

  GListStore          *rows;
  MamoriWorker        *query_worker;
  GCancellable        *query_cancellable;
  GArray              *section_ids;   /* gint64, by drop-down position */
  gboolean             filling;
};

G_DEFINE_FINAL_TYPE (MamoriContractsPage, mamori_contracts_page, ADW_TYPE_BIN)

static MamoriApplication *
app (void)
{
  return mamori_application_get_default ();
}

/* Querying ------------------------------------------------------------------------------------ */

typedef struct
{
  MamoriContractFilter  filter;
  char                 *matrix_kind;  /* NULL: the list */
} QueryJob;

static void
query_job_free (gpointer data)
{
  QueryJob *job = data;

  mamori_contract_filter_clear (&job->filter);
  g_free (job->matrix_kind);
  g_free (job);
}

typedef struct
{
  GPtrArray            *rows;
  MamoriContractMatrix *matrix;
  gint64                total;
  gint64                missing;
} QueryResult;

static void
query_result_free (gpointer data)
{
  QueryResult *r = data;

  g_clear_pointer (&r->rows, g_ptr_array_unref);
  g_clear_pointer (&r->matrix, mamori_contract_matrix_free);
  g_free (r);
}

static gpointer
run_query (MamoriStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  QueryJob *job = data;
  QueryResult *r = g_new0 (QueryResult, 1);

  if (job->matrix_kind)
    {
      r->matrix = mamori_contract_matrix (store, job->matrix_kind, &job->filter, cancellable,
                                          error);
      if (r->matrix)
        r->rows = g_ptr_array_ref (r->matrix->rows);
    }
  else
    r->rows = mamori_contract_query (store, &job->filter, cancellable, error);
  if (r->rows == NULL)
    {
      query_result_free (r);
      return NULL;
    }
  r->total = mamori_org_count (store, "contracts");
  return r;
}

static const char *
mark_label (char mark)
{
  switch (mark)
    {
    case MAMORI_CONTRACT_MARK_STATED:
      return "○";
    case MAMORI_CONTRACT_MARK_NOT_STATED:
      return "×";
    case MAMORI_CONTRACT_MARK_NOT_APPLICABLE:
      return "−";
    case MAMORI_CONTRACT_MARK_UNANSWERED:
      return "?";
    default:
      return "";
    }
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

enum {
  COL_NUMBER, COL_TITLE, COL_VENDOR, COL_SECTION, COL_KIND, COL_STATUS, COL_ENDS, COL_MISSING,
  COL_MARK_BASE = 100,
};

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  ContractItem *it = gtk_list_item_get_item (item);
  const MamoriContractRow *r = it->row;
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  int column = GPOINTER_TO_INT (data);
  g_autofree char *owned = NULL;
  const char *text = "";

  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  switch (column)
    {
    case COL_NUMBER: text = r->number; break;
    case COL_TITLE: text = r->title; break;
    case COL_VENDOR: text = r->vendor; break;
    case COL_SECTION: text = r->section; break;
    case COL_KIND: text = mamori_contract_kind_label (r->kind); break;
    case COL_STATUS: text = mamori_contract_status_label (r->status); break;
    case COL_ENDS: text = owned = mamori_era_format_iso (r->ends_on, MAMORI_ERA_STYLE_LONG); break;
    case COL_MISSING:
      if (r->missing > 0)
        {
          /* TRANSLATORS: the missing clauses of a contract at a glance: "2: K-06, K-12" */
          text = owned = g_strdup_printf (_("%u: %s"), r->missing, r->missing_codes);
          gtk_widget_add_css_class (GTK_WIDGET (label), "error");
        }
      break;
    default:
      if (r->answers && column - COL_MARK_BASE < (int)strlen (r->answers))
        text = mark_label (r->answers[column - COL_MARK_BASE]);
      break;
    }
  gtk_label_set_text (label, text ? text : "");
}

static void
add_column (GtkColumnView *view,
            const char    *title,
            int            column,
            int            width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *c;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), GINT_TO_POINTER (column));
  c = gtk_column_view_column_new (title, factory);
  /* A width of 0 shares the room left; otherwise a fixed start the person may resize. */
  gtk_column_view_column_set_expand (c, width == 0);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (c, width);
  gtk_column_view_column_set_resizable (c, TRUE);
  gtk_column_view_append_column (view, c);
  g_object_unref (c);
}

static void
row_activated (GtkColumnView *view,
               guint          position,
               gpointer       user_data)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr(ContractItem) item = g_list_model_get_item (model, position);

  if (item != NULL && app () != NULL)
    mamori_contract_editor_open (app (), item->row->id, GTK_WIDGET (view));
}

/* The matrix: a column view of its own, built for the clauses of its kind. */
static void
show_matrix (MamoriContractsPage  *self,
             MamoriContractMatrix *m)
{
  GtkWidget *view = gtk_column_view_new (NULL);
  GtkSingleSelection *selection;

  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Clause matrix"), -1);
  add_column (GTK_COLUMN_VIEW (view), _("Contract number"), COL_NUMBER, 110);
  add_column (GTK_COLUMN_VIEW (view), _("Title"), COL_TITLE, 220);
  for (guint i = 0; i < m->codes->len; i++)
    {
      gboolean mandatory = g_array_index (m->mandatory, gboolean, i);
      /* TRANSLATORS: the heading of a reference-only clause in the matrix */
      g_autofree char *title = mandatory ? g_strdup (m->codes->pdata[i])
                                         : g_strdup_printf (_("%s (ref.)"),
                                                            (char *)m->codes->pdata[i]);

      add_column (GTK_COLUMN_VIEW (view), title, COL_MARK_BASE + i, -1);
    }
  add_column (GTK_COLUMN_VIEW (view), _("Missing clauses"), COL_MISSING, 200);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (GTK_COLUMN_VIEW (view), GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_signal_connect (view, "activate", G_CALLBACK (row_activated), NULL);
  gtk_scrolled_window_set_child (self->matrix_scroller, view);
}

static void
query_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(MamoriContractsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  QueryResult *r = mamori_worker_run_finish (MAMORI_WORKER (source), res, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *summary = NULL;
  guint missing = 0;

  if (r == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mamori_window_add_toast (MAMORI_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                 error->message);
      return;
    }

  items = g_ptr_array_new_full (r->rows->len, g_object_unref);
  for (guint i = 0; i < r->rows->len; i++)
    {
      ContractItem *item = g_object_new (CONTRACT_TYPE_ITEM, NULL);

      item->row = g_steal_pointer (&r->rows->pdata[i]);
      missing += item->row->missing > 0;
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       items->pdata, items->len);
  if (r->matrix)
    show_matrix (self, r->matrix);

  gtk_stack_set_visible_child_name (self->stack, r->total == 0 ? "empty" : "list");
  gtk_stack_set_visible_child_name (self->view_stack, items->len == 0 ? "none"
                                    : r->matrix ? "matrix" : "list");
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u contract shown, %u with missing "
                                          "clauses", "%u contracts shown, %u with missing "
                                          "clauses", items->len), items->len, missing);
  gtk_label_set_text (self->summary_label, summary);
  query_result_free (r);
}

static void
filters_changed (MamoriContractsPage *self)
{
  static const char *const kinds[] = { NULL, "outsourcing", "dispatch" };
  QueryJob *job;
  guint section = gtk_drop_down_get_selected (self->section_filter);
  guint kind = gtk_drop_down_get_selected (self->kind_filter);

  if (self->filling || self->query_worker == NULL)
    return;
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();

  job = g_new0 (QueryJob, 1);
  job->filter.text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (section != GTK_INVALID_LIST_POSITION && section < self->section_ids->len)
    job->filter.section_id = g_array_index (self->section_ids, gint64, section);
  if (kind != GTK_INVALID_LIST_POSITION && kind < G_N_ELEMENTS (kinds))
    job->filter.kind = g_strdup (kinds[kind]);
  job->filter.missing_only = gtk_toggle_button_get_active (self->missing_toggle);
  job->filter.ending_within_days = gtk_toggle_button_get_active (self->ending_toggle) ? 90 : 0;
  if (gtk_toggle_button_get_active (self->matrix_toggle))
    job->matrix_kind = g_strdup (job->filter.kind ? job->filter.kind : "outsourcing");

  mamori_worker_run_async (self->query_worker, run_query, job, query_job_free,
                           query_result_free, self->query_cancellable, query_done,
                           g_object_ref (self));
}

/**
 * mamori_contracts_page_reload:
 *
 * Reads the list again (after an edit).
 */
void
mamori_contracts_page_reload (MamoriContractsPage *self)
{
  filters_changed (self);
}

static void
fill_sections (MamoriContractsPage *self,
               MamoriStore         *store)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) sections = mamori_org_list_sections (store, TRUE, NULL);
  gint64 any = 0;

  g_array_set_size (self->section_ids, 0);
  g_array_append_val (self->section_ids, any);
  gtk_string_list_append (names, _("All sections"));
  for (guint i = 0; sections && i < sections->len; i++)
    {
      MamoriSection *s = sections->pdata[i];

      g_array_append_val (self->section_ids, s->id);
      gtk_string_list_append (names, s->name);
    }
  gtk_drop_down_set_model (self->section_filter, G_LIST_MODEL (names));
}

static void
reload (GtkWidget *widget)
{
  MamoriContractsPage *self = MAMORI_CONTRACTS_PAGE (widget);
  MamoriApplication *application = app ();

  g_clear_object (&self->query_worker);
  self->query_worker = mamori_worker_new (mamori_application_get_db_path (application));
  self->filling = TRUE;
  fill_sections (self, mamori_application_get_store (application));
  self->filling = FALSE;
  filters_changed (self);
}

/* Enter in the search opens the first contract found. */
static void
search_activated (MamoriContractsPage *self)
{
  g_autoptr(ContractItem) item = g_list_model_get_item (G_LIST_MODEL (self->rows), 0);

  if (item != NULL && app () != NULL)
    mamori_contract_editor_open (app (), item->row->id, GTK_WIDGET (self));
}

static void
add_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  if (app () != NULL)
    mamori_contract_editor_open (app (), 0, widget);
}

static void
mamori_contracts_page_dispose (GObject *object)
{
  MamoriContractsPage *self = MAMORI_CONTRACTS_PAGE (object);

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->query_worker);
  if (self->column_view)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->section_ids, g_array_unref);

  G_OBJECT_CLASS (mamori_contracts_page_parent_class)->dispose (object);
}

static void
mamori_contracts_page_class_init (MamoriContractsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mamori_contracts_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-contracts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, section_filter);
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, missing_toggle);
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, ending_toggle);
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, matrix_toggle);
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, MamoriContractsPage, matrix_scroller);
  gtk_widget_class_install_action (widget_class, "contracts.add", NULL, add_activated);
}

static void
mamori_contracts_page_init (MamoriContractsPage *self)
{
  g_autoptr(GtkStringList) kinds = NULL;
  GtkSingleSelection *selection;
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->section_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->rows = g_list_store_new (CONTRACT_TYPE_ITEM);

  kinds = gtk_string_list_new (NULL);
  gtk_string_list_append (kinds, _("All kinds"));
  gtk_string_list_append (kinds, mamori_contract_kind_label ("outsourcing"));
  gtk_string_list_append (kinds, mamori_contract_kind_label ("dispatch"));
  gtk_drop_down_set_model (self->kind_filter, G_LIST_MODEL (kinds));
  /* The section list is long: let people type to find one. */
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->section_filter, expression);
  gtk_expression_unref (expression);

  add_column (self->column_view, _("Contract number"), COL_NUMBER, -1);
  add_column (self->column_view, _("Title"), COL_TITLE, 0);
  add_column (self->column_view, _("Vendor"), COL_VENDOR, 0);
  add_column (self->column_view, _("Section"), COL_SECTION, -1);
  add_column (self->column_view, _("Kind"), COL_KIND, -1);
  add_column (self->column_view, _("Status"), COL_STATUS, -1);
  add_column (self->column_view, _("Ends on"), COL_ENDS, -1);
  add_column (self->column_view, _("Missing clauses"), COL_MISSING, 200);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (row_activated), NULL);

  gtk_search_entry_set_search_delay (self->search_entry, 150);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activated), self);
  g_signal_connect_swapped (self->section_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->kind_filter, "notify::selected", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->missing_toggle, "toggled", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->ending_toggle, "toggled", G_CALLBACK (filters_changed), self);
  g_signal_connect_swapped (self->matrix_toggle, "toggled", G_CALLBACK (filters_changed), self);

  mamori_page_follow_database (GTK_WIDGET (self), reload);
}
