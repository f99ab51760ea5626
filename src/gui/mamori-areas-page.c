/* mamori-areas-page.c — the Areas view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The managed areas on the left; on the right the chosen area: its class, place and officer,
 * how it meets each measure of its class, its permitted people, the assets kept in it, its
 * entry log with the defects the core found, and its equipment moves.  The log is a column view
 * over MamoriEntryModel: each filter (by period, person, defect kind) is counted and its first
 * page read on the worker, the rest read a page at a time as it is scrolled to, newest first,
 * so that it stays quick at millions of entries.  Without areas the view keeps its empty
 * state.
 */

#include "config.h"

#include "mamori-areas-page.h"
#include "mamori-application.h"
#include "mamori-area-dialogs.h"
#include "mamori-area-delete.h"
#include "mamori-entry-model.h"
#include "mamori-page-util.h"
#include "mamori-window.h"

#include <glib/gi18n.h>

struct _MamoriAreasPage
{
  AdwBin      parent_instance;

  GtkStack   *stack;
  GtkListBox *area_list;
  GtkBox     *detail;

  GtkWidget  *log_view;          /* NULL while no area is shown */
  GtkWidget  *log_count;
  GtkWidget  *person_entry;
  GtkWidget  *from_entry;
  GtkWidget  *to_entry;
  GtkWidget  *defect_choice;
  MamoriEntryModel *log_model;
  guint       log_generation;  /* of the newest query sent to the worker */
  gint64      area_id;
  GArray     *area_ids;
  gint64      hidden_area;     /* deleted, its toast still offering Undo */
  GtkWidget  *assets_group;    /* the assets kept in the area shown */
};

G_DEFINE_FINAL_TYPE (MamoriAreasPage, mamori_areas_page, ADW_TYPE_BIN)

static MamoriStore *
page_store (void)
{
  return mamori_application_get_store (mamori_application_get_default ());
}

static GtkWindow *
page_window (MamoriAreasPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static GtkWidget *
group_new (MamoriAreasPage *self,
           const char      *title,
           const char      *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->detail, group);
  return group;
}

static GtkWidget *
info_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* The entry log ---------------------------------------------------------------------------- */

static char *
date_filter (GtkWidget *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  return text && *text ? mamori_date_parse_human (text) : NULL;
}

/* The defect kinds the filter offers: none (every entry), any, then each kind of an entry. */
static guint
chosen_defects (MamoriAreasPage *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->defect_choice));

  if (i == 0 || i == GTK_INVALID_LIST_POSITION)
    return 0;
  return i == 1 ? MAMORI_AREA_DEFECT_ALL : 1u << (i - 2);
}

static void
fill_filter (MamoriAreasPage   *self,
             MamoriEntryFilter *f,
             char             **from,
             char             **to)
{
  *from = date_filter (self->from_entry);
  *to = date_filter (self->to_entry);
  f->area_id = self->area_id;
  f->from = *from;
  f->to = *to;
  f->person = gtk_editable_get_text (GTK_EDITABLE (self->person_entry));
  f->defects = chosen_defects (self);
}

/* A read of the log on the worker: the count and first page of a filter, or (marking) the
 * marks of a long list.  Its answer is shown only if no newer filter was asked for since. */
typedef struct
{
  MamoriAreasPage *page;
  guint            generation;
  gboolean         marking;
  guint            serial;      /* of the rows shown when a marking started */
} LogJob;

static void log_read (GObject *source, GAsyncResult *result, gpointer data);

static void
start_log_job (MamoriAreasPage   *self,
               MamoriWorkerFunc   func,
               MamoriEntryQuery  *query,
               gboolean           marking)
{
  LogJob *job = g_new0 (LogJob, 1);

  job->page = g_object_ref (self);
  job->generation = self->log_generation;
  job->marking = marking;
  job->serial = mamori_entry_model_get_serial (self->log_model);
  mamori_worker_run_async (mamori_application_get_worker (mamori_application_get_default ()),
                           func, query, (GDestroyNotify)mamori_entry_query_free, NULL, NULL,
                           log_read, job);
}

/* A long list is marked on the worker, so that a jump down it (a dragged scroll bar) reads
 * its page at once. */
static void
mark_log (MamoriAreasPage         *self,
          const MamoriEntryFilter *filter)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->log_model)) > 4 * MAMORI_ENTRY_MARK_EVERY)
    start_log_job (self, mamori_entry_query_run_marks, mamori_entry_query_new (filter), TRUE);
}

static void
log_read (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autofree LogJob *job = data;
  g_autoptr(MamoriAreasPage) self = job->page;
  g_autoptr(GError) error = NULL;
  MamoriEntryQuery *query = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  g_autofree char *count = NULL, *text = NULL;
  gboolean current = job->generation == self->log_generation && self->log_view != NULL;

  if (job->marking)
    {
      /* Without marks a jump reads from the nearer end: slower, still right. */
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not mark the entry log: %s", error->message);
      /* Marks of rows read again since (an edit) may not fit them. */
      if (query != NULL && current &&
          job->serial == mamori_entry_model_get_serial (self->log_model))
        mamori_entry_model_set_marks (self->log_model, query);
      return;
    }
  /* A newer filter is on its way, or the area is gone: this one is not shown. */
  if (!current || query == NULL)
    {
      if (error != NULL && job->generation == self->log_generation && self->log_count != NULL)
        gtk_label_set_text (GTK_LABEL (self->log_count), error->message);
      return;
    }
  count = mamori_format_count (query->count);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s entry", "%s entries",
                                       (gulong)query->count), count);
  gtk_label_set_text (GTK_LABEL (self->log_count), text);
  mamori_entry_model_show (self->log_model, query);

  mark_log (self, &query->filter);
}

static void
reload_log (MamoriAreasPage *self)
{
  MamoriEntryFilter f = { 0 };
  g_autofree char *from = NULL, *to = NULL;

  if (self->log_view == NULL)
    return;
  fill_filter (self, &f, &from, &to);
  ++self->log_generation;
  start_log_job (self, mamori_entry_query_run, mamori_entry_query_new (&f), FALSE);
}

/* The columns ------------------------------------------------------------------------------ */

typedef char *(*EntryText) (const MamoriAreaEntry *e);

static char *
text_entered (const MamoriAreaEntry *e)
{
  return mamori_area_time_display (e->entered_at);
}

static char *
text_left (const MamoriAreaEntry *e)
{
  if (e->left_at == NULL)
    return g_strdup (_("no exit"));
  /* The same day: the time alone. */
  return strncmp (e->left_at, e->entered_at, 10) == 0 ? g_strdup (e->left_at + 11)
                                                      : mamori_area_time_display (e->left_at);
}

static char *
text_person (const MamoriAreaEntry *e)
{
  return *e->affiliation ? g_strdup_printf ("%s (%s)", e->name, e->affiliation)
                         : g_strdup (e->name);
}

static char *
text_kind (const MamoriAreaEntry *e)
{
  return g_strdup (mamori_area_kind_label (e->kind));
}

static char *
text_purpose (const MamoriAreaEntry *e)
{
  return *e->items ? g_strdup_printf ("%s · %s", e->purpose, e->items) : g_strdup (e->purpose);
}

static char *
text_escort (const MamoriAreaEntry *e)
{
  return g_strdup (e->escort_name ? e->escort_name : "");
}

static char *
text_defects (const MamoriAreaEntry *e)
{
  return e->rule_flags ? mamori_area_defects_describe (e->rule_flags) : g_strdup ("");
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (data == text_defects)
    gtk_widget_add_css_class (label, "error");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  MamoriEntryItem *entry = gtk_list_item_get_item (item);
  EntryText text = (EntryText)data;
  g_autofree char *shown = entry ? text (mamori_entry_item_get_entry (entry)) : NULL;

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), shown ? shown : "");
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), shown);
}

static void
add_column (GtkColumnView *view,
            const char    *title,
            EntryText      text,
            int            width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), text);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), text);
  column = gtk_column_view_column_new (title, factory);
  /* A width: fixed; none: a share of what is left. */
  gtk_column_view_column_set_expand (column, width <= 0);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (view, column);
}

/* Record Exit ------------------------------------------------------------------------------ */

typedef struct
{
  MamoriAreasPage *page;
  gint64           id;
  char            *left_at;    /* NULL to take the exit back (Undo) */
} ExitJob;

static void
exit_job_free (ExitJob *job)
{
  g_clear_object (&job->page);
  g_free (job->left_at);
  g_free (job);
}

static gpointer
write_exit (MamoriStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  ExitJob *job = data;
  gboolean undo = g_object_get_data (G_OBJECT (job->page), "undoing-exit") == job;
  gboolean ok;

  if (!mamori_store_begin (store, error))
    return NULL;
  ok = undo ? mamori_area_entry_set_exit (store, job->id, NULL, error)
            : mamori_area_entry_record_exit (store, job->id, NULL, &job->left_at, error);
  if (!ok || !mamori_store_commit (store, error))
    {
      mamori_store_rollback (store);
      return NULL;
    }
  return GINT_TO_POINTER (TRUE);
}

static void run_exit (MamoriAreasPage *self, gint64 id, gboolean undo);

static void
undo_exit (AdwToast *toast,
           gpointer  data)
{
  ExitJob *job = data;

  run_exit (job->page, job->id, TRUE);
}

static void
exit_written (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  ExitJob *job = data;
  MamoriAreasPage *self = job->page;
  gboolean undo = g_object_steal_data (G_OBJECT (self), "undoing-exit") == job;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  if (mamori_worker_run_finish (MAMORI_WORKER (source), result, &error) == NULL)
    toast = adw_toast_new (error->message);
  else if (undo)
    toast = adw_toast_new (_("The exit is taken back."));
  else
    {
      g_autofree char *at = mamori_area_time_display (job->left_at);
      g_autofree char *text = g_strdup_printf (_("Exit recorded at %s."), at);

      toast = adw_toast_new (text);
      adw_toast_set_button_label (toast, _("Undo"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_exit),
                             g_memdup2 (&(ExitJob) { g_object_ref (self), job->id, NULL },
                                        sizeof (ExitJob)),
                             (GClosureNotify)(void (*) (void))exit_job_free, 0);
    }
  if (MAMORI_IS_WINDOW (root))
    mamori_window_add_toast_widget (MAMORI_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
  if (self->log_model != NULL && error == NULL)
    {
      MamoriEntryFilter f = { 0 };
      g_autofree char *from = NULL, *to = NULL;

      /* The refresh forgets the marks (the edit may have moved a row): marked again. */
      mamori_entry_model_refresh (self->log_model);
      fill_filter (self, &f, &from, &to);
      mark_log (self, &f);
    }
  exit_job_free (job);
}

static void
run_exit (MamoriAreasPage *self,
          gint64           id,
          gboolean         undo)
{
  ExitJob *job = g_new0 (ExitJob, 1);

  job->page = g_object_ref (self);
  job->id = id;
  if (undo)
    g_object_set_data (G_OBJECT (self), "undoing-exit", job);
  mamori_worker_run_async (mamori_application_get_worker (mamori_application_get_default ()),
                           write_exit, job, NULL, NULL, NULL, exit_written, job);
}

/* The id of the entry selected in the log, if it has no exit yet; else 0. */
static gint64
selected_open_entry (MamoriAreasPage *self)
{
  GtkSingleSelection *selection;
  MamoriEntryItem *item;

  if (self->log_view == NULL)
    return 0;
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (self->log_view)));
  item = gtk_single_selection_get_selected_item (selection);
  if (item == NULL || mamori_entry_item_get_entry (item)->left_at != NULL)
    return 0;
  return mamori_entry_item_get_entry (item)->id;
}

/* The id of the entry selected in the log, or 0. */
static gint64
selected_entry (MamoriAreasPage *self)
{
  MamoriEntryItem *item;

  if (self->log_view == NULL)
    return 0;
  item = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (self->log_view))));
  return item ? mamori_entry_item_get_entry (item)->id : 0;
}

static void
update_exit_action (MamoriAreasPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "areas.record-exit",
                                 selected_open_entry (self) != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "areas.delete-entry",
                                 selected_entry (self) != 0);
}

static void
record_exit_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  MamoriAreasPage *self = MAMORI_AREAS_PAGE (widget);
  gint64 id = selected_open_entry (self);

  if (id != 0)
    run_exit (self, id, FALSE);
}

/* Enter (or a double click) on an open entry records its exit. */
static void
log_row_activated (GtkColumnView   *view,
                   guint            position,
                   MamoriAreasPage *self)
{
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)),
                                     position);
  record_exit_activated (GTK_WIDGET (self), "areas.record-exit", NULL);
}

static GtkWidget *
log_view_new (MamoriAreasPage *self)
{
  GtkWidget *view;
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkSelectionModel *selection;

  g_clear_object (&self->log_model);
  self->log_model = mamori_entry_model_new (page_store ());
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->log_model))));
  view = gtk_column_view_new (selection);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Entry log"), -1);
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  add_column (GTK_COLUMN_VIEW (view), _("Entered"), text_entered, 230);
  add_column (GTK_COLUMN_VIEW (view), _("Left"), text_left, 80);
  add_column (GTK_COLUMN_VIEW (view), _("Name"), text_person, 0);
  add_column (GTK_COLUMN_VIEW (view), _("Kind"), text_kind, 0);
  add_column (GTK_COLUMN_VIEW (view), _("Purpose"), text_purpose, 0);
  add_column (GTK_COLUMN_VIEW (view), _("Escort"), text_escort, 0);
  add_column (GTK_COLUMN_VIEW (view), _("Defects"), text_defects, 0);
  g_signal_connect (view, "activate", G_CALLBACK (log_row_activated), self);
  g_signal_connect_swapped (selection, "notify::selected-item", G_CALLBACK (update_exit_action),
                            self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 380);
  gtk_widget_add_css_class (scrolled, "card");
  self->log_view = view;
  return scrolled;
}

static GtkWidget *
filter_entry (MamoriAreasPage *self,
              GtkWidget       *box,
              const char      *label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (reload_log), self);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static GtkWidget *
defect_choice_new (MamoriAreasPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *choice;

  gtk_string_list_append (kinds, _("All entries"));
  gtk_string_list_append (kinds, _("Any defect"));
  for (guint bit = MAMORI_AREA_DEFECT_NOT_PERMITTED; bit <= MAMORI_AREA_DEFECT_UNISSUED_MEDIA;
       bit <<= 1)
    gtk_string_list_append (kinds, mamori_area_defect_label (bit));
  choice = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&kinds)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Defect"), -1);
  g_signal_connect_swapped (choice, "notify::selected", G_CALLBACK (reload_log), self);
  return choice;
}

static void
build_log (MamoriAreasPage *self)
{
  GtkWidget *group = group_new (self, _("Entry Log"), _("入退室管理簿: newest first. Dates as "
                                                         "令和8年4月1日 or 2026-04-01; press Enter "
                                                         "to filter."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *filters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *count_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *exit_button;

  self->person_entry = gtk_search_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->person_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search the log by name"), -1);
  g_object_set (self->person_entry, "placeholder-text", _("Name"), NULL);
  g_signal_connect_swapped (self->person_entry, "search-changed", G_CALLBACK (reload_log), self);
  gtk_widget_set_hexpand (self->person_entry, TRUE);
  gtk_box_append (GTK_BOX (filters), self->person_entry);
  self->from_entry = filter_entry (self, filters, _("From"));
  self->to_entry = filter_entry (self, filters, _("To"));
  self->defect_choice = defect_choice_new (self);
  gtk_box_append (GTK_BOX (filters), self->defect_choice);
  gtk_box_append (GTK_BOX (box), filters);

  self->log_count = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->log_count), 0.0);
  gtk_widget_add_css_class (self->log_count, "dim-label");
  gtk_widget_set_hexpand (self->log_count, TRUE);
  exit_button = gtk_button_new_with_label (_("Record Exit"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (exit_button), "areas.record-exit");
  gtk_widget_set_tooltip_text (exit_button, _("Records now as the exit time of the selected "
                                              "entry (Enter on an entry without an exit)"));
  gtk_box_append (GTK_BOX (count_row), self->log_count);
  gtk_box_append (GTK_BOX (count_row), exit_button);
  exit_button = gtk_button_new_with_label (_("Delete Entry"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (exit_button), "areas.delete-entry");
  gtk_widget_set_tooltip_text (exit_button, _("Deletes the selected entry of the log (Undo in "
                                              "the message that follows)"));
  gtk_box_append (GTK_BOX (count_row), exit_button);
  gtk_box_append (GTK_BOX (box), count_row);
  gtk_box_append (GTK_BOX (box), log_view_new (self));
  update_exit_action (self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
  reload_log (self);
}

/* The chosen area -------------------------------------------------------------------------- */

static void show_area (MamoriAreasPage *self);
static void reload (GtkWidget *widget);

static void
written (gint64   id,
         gpointer data)
{
  show_area (MAMORI_AREAS_PAGE (data));
}

static void
area_written (gint64   id,
              gpointer data)
{
  MamoriAreasPage *self = MAMORI_AREAS_PAGE (data);

  self->area_id = id;
  reload (GTK_WIDGET (self));
}

static void
measure_applied (AdwEntryRow     *row,
                 MamoriAreasPage *self)
{
  mamori_area_save_measure (page_window (self), mamori_application_get_default (), self->area_id,
                            g_object_get_data (G_OBJECT (row), "code"),
                            gtk_editable_get_text (GTK_EDITABLE (row)), NULL, NULL);
}

static void
build_measures (MamoriAreasPage *self,
                MamoriArea      *a)
{
  g_auto(GStrv) measures = mamori_area_measures (page_store (), a->id);
  g_autofree char *title = g_strdup_printf (_("Measures of %s"), a->class_name ? a->class_name
                                                                               : a->class_code);
  GtkWidget *group = group_new (self, title, _("How the area meets each measure its class "
                                               "requires. Press Enter or the check mark to "
                                               "save."));

  for (guint i = 0; measures[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (measures[i], "\t", 3);
      g_autofree char *how = mamori_area_get_measure (page_store (), a->id, parts[0]);
      g_autofree char *row_title = g_strdup_printf ("%s %s (%s)", parts[0], parts[2], parts[1]);
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row), how ? how : "");
      g_object_set_data_full (G_OBJECT (row), "code", g_strdup (parts[0]), g_free);
      g_signal_connect (row, "apply", G_CALLBACK (measure_applied), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
refresh_area (GtkWidget *page)
{
  show_area (MAMORI_AREAS_PAGE (page));
}

static void
delete_permit_clicked (GtkButton       *button,
                       MamoriAreasPage *self)
{
  mamori_area_delete_permit (GTK_WIDGET (self), self->area_id,
                             GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "permit")),
                             refresh_area);
}

static void
build_permits (MamoriAreasPage *self)
{
  g_autoptr(GPtrArray) permits = mamori_area_permits (page_store (), self->area_id, NULL);
  GtkWidget *group = group_new (self, _("Permitted People"), _("入室許可者: who may enter, with "
                                                               "their key or card and period."));

  for (guint i = 0; permits && i < permits->len; i++)
    {
      MamoriAreaPermit *p = g_ptr_array_index (permits, i);
      g_autofree char *from = mamori_date_display (p->valid_from);
      g_autofree char *to = p->valid_to ? mamori_date_display (p->valid_to) : g_strdup ("");
      g_autoptr(GString) sub = g_string_new (NULL);
      g_autofree char *label = NULL;
      GtkWidget *row, *button;

      g_string_append_printf (sub, "%s · %s–%s", mamori_area_kind_label (p->kind), from, to);
      if (*p->affiliation)
        g_string_append_printf (sub, " · %s", p->affiliation);
      if (*p->card_number)
        g_string_append_printf (sub, " · %s %s", _("Card"), p->card_number);
      if (*p->contract_number)
        g_string_append_printf (sub, " · %s %s", _("Contract"), p->contract_number);
      row = info_row (p->name, sub->str);
      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      label = g_strdup_printf (_("Delete the permit of %s"), p->name);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "permit", GSIZE_TO_POINTER ((gsize)p->id));
      g_signal_connect (button, "clicked", G_CALLBACK (delete_permit_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  if (permits == NULL || permits->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               info_row (_("Nobody is on the permitted list yet"), NULL));
}

static void
return_clicked (GtkButton       *button,
                MamoriAreasPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "loan"));

  mamori_area_return_key (page_window (self), mamori_application_get_default (), id, written,
                          self);
}

static void
build_keys (MamoriAreasPage *self)
{
  g_autoptr(GPtrArray) loans = mamori_area_key_loans (page_store (), self->area_id, NULL, NULL);
  GtkWidget *group = group_new (self, _("Keys and Cards"),
                                _("鍵・入館証 貸出簿: who borrowed which key or card, approved by "
                                  "whom, and when it came back. Those not returned come first."));
  GtkWidget *lend = gtk_button_new_with_label (_("Lend…"));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (lend), "areas.lend");
  gtk_widget_set_valign (lend, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (lend), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lend a Key or Card…"), -1);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), lend);
  for (guint i = 0; loans && i < loans->len && i < 50; i++)
    {
      MamoriAreaKeyLoan *k = g_ptr_array_index (loans, i);
      g_autofree char *title = g_strdup_printf ("%s · %s", k->key_number, k->name);
      g_autofree char *lent = mamori_area_time_display (k->lent_at);
      g_autofree char *back = k->returned_at ? mamori_area_time_display (k->returned_at) : NULL;
      g_autofree char *sub = back
        ? g_strdup_printf (_("Lent %s · approved by %s · returned %s"), lent,
                           k->approver_name, back)
        : g_strdup_printf (_("Lent %s · approved by %s · not returned"), lent,
                           k->approver_name);
      GtkWidget *row = info_row (title, sub);

      if (k->overdue)
        {
          GtkWidget *label = gtk_label_new (_("Not returned in time"));

          gtk_widget_add_css_class (label, "error");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      if (k->returned_at == NULL)
        {
          GtkWidget *button = gtk_button_new_with_label (C_("key", "Return"));
          g_autofree char *name = g_strdup_printf (_("Return %s"), k->key_number);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          name, -1);
          g_object_set_data (G_OBJECT (button), "loan", GSIZE_TO_POINTER ((gsize)k->id));
          g_signal_connect (button, "clicked", G_CALLBACK (return_clicked), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  if (loans == NULL || loans->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               info_row (_("No key or card has been lent yet"), NULL));
}

/* The assets kept in the area, as a group not yet placed. */
static GtkWidget *
assets_group_new (MamoriAreasPage *self)
{
  g_autoptr(GPtrArray) assets = mamori_area_asset_labels (page_store (), self->area_id, NULL);
  g_autofree char *shown = NULL;
  GtkWidget *group = adw_preferences_group_new ();

  /* A long list is cut, and says so. */
  if (assets != NULL && assets->len > 50)
    {
      g_autofree char *n = mamori_format_count (assets->len);

      shown = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s asset; the first 50 by code are listed.",
                                            "%s assets; the first 50 by code are listed.",
                                            assets->len), n);
    }
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                   _("Assets and Equipment Kept Here"));
  if (shown != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), shown);
  for (guint i = 0; assets && i < assets->len && i < 50; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               info_row (g_ptr_array_index (assets, i), NULL));
  if (assets == NULL || assets->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               info_row (_("No asset of the inventory is kept here"), NULL));
  else
    {
      /* All of them, in the inventory's list, to sort, filter and open. */
      GtkWidget *button = gtk_button_new_with_label (_("Show in Inventory"));

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("List the assets kept in this area in the Assets view"));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", self->area_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.assets-in-area");
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
    }
  return group;
}

/* Assets are placed in an area from their editor, in another view: read again when this
 * view is shown. */
static void
refresh_assets (MamoriAreasPage *self)
{
  GtkWidget *fresh;

  if (self->assets_group == NULL || self->area_id == 0)
    return;
  fresh = assets_group_new (self);
  gtk_box_insert_child_after (self->detail, fresh, self->assets_group);
  gtk_box_remove (self->detail, self->assets_group);
  self->assets_group = fresh;
}

static void
build_assets_and_moves (MamoriAreasPage *self)
{
  g_autoptr(GPtrArray) moves = mamori_area_moves (page_store (), self->area_id, 20, NULL);
  GtkWidget *group;

  self->assets_group = assets_group_new (self);
  gtk_box_append (self->detail, self->assets_group);

  group = group_new (self, _("Equipment Moves"), _("The newest twenty moves in and out."));
  for (guint i = 0; moves && i < moves->len; i++)
    {
      MamoriAreaMove *m = g_ptr_array_index (moves, i);
      g_autofree char *at = mamori_area_time_display (m->moved_at);
      g_autofree char *title = g_strdup_printf ("%s · %s", g_strcmp0 (m->direction, "in") == 0
                                                ? _("Carried in") : _("Carried out"), m->item);
      g_autofree char *sub = g_strdup_printf ("%s · %s", at, m->witness_name ? m->witness_name
                                                                             : _("no witness"));
      GtkWidget *row = info_row (title, sub);

      if (m->rule_flags != 0)
        {
          g_autofree char *defects = mamori_area_defects_describe (m->rule_flags);
          GtkWidget *label = gtk_label_new (defects);

          gtk_widget_add_css_class (label, "error");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static GtkWidget *
action_button (GtkWidget  *box,
               const char *label,
               const char *action)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_box_append (GTK_BOX (box), button);
  return button;
}

static void
show_area (MamoriAreasPage *self)
{
  g_autoptr(MamoriArea) a = NULL;
  GtkWidget *child, *heading, *sub, *buttons;
  g_autofree char *title = NULL, *place = NULL, *defects = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail))))
    gtk_box_remove (self->detail, child);
  self->log_view = NULL;
  self->log_count = NULL;
  self->assets_group = NULL;
  if (self->area_id == 0)
    return;
  a = mamori_area_load (page_store (), self->area_id, NULL);
  if (a == NULL)
    return;

  title = g_strdup_printf ("%s %s", a->code, a->name);
  heading = gtk_label_new (title);
  gtk_widget_add_css_class (heading, "title-1");
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (self->detail, heading);
  place = g_strdup_printf (_("%s · %s %s %s · responsible officer: %s"),
                           a->class_name ? a->class_name : a->class_code, a->building, a->floor,
                           a->room, a->officer_name ? a->officer_name : _("none"));
  sub = gtk_label_new (place);
  gtk_label_set_xalign (GTK_LABEL (sub), 0.0);
  gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_box_append (self->detail, sub);
  if (a->n_defects > 0)
    {
      g_autofree char *n = mamori_format_count (a->n_defects);
      GtkWidget *warning;

      defects = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s entry or move fails a check of the standard",
                                              "%s entries or moves fail a check of the standard",
                                              (gulong)a->n_defects), n);
      warning = gtk_label_new (defects);
      gtk_label_set_xalign (GTK_LABEL (warning), 0.0);
      gtk_widget_add_css_class (warning, "error");
      gtk_box_append (self->detail, warning);
    }
  if (a->n_late_keys > 0)
    {
      g_autofree char *n = mamori_format_count (a->n_late_keys);
      g_autofree char *ref = mamori_reconcile_rule_ref (page_store (), MAMORI_AREA_KEY_RULE);
      g_autofree char *late = NULL;
      GtkWidget *warning;

      /* TRANSLATORS: the second %s is the article of the standard, as 第3-2-(2)-ア-(イ) */
      late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s key or card was not returned in time (%s)",
                                           "%s keys or cards were not returned in time (%s)",
                                           (gulong)a->n_late_keys), n, ref ? ref : "");
      warning = gtk_label_new (late);
      gtk_label_set_xalign (GTK_LABEL (warning), 0.0);
      gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
      gtk_widget_add_css_class (warning, "error");
      gtk_box_append (self->detail, warning);
    }

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (action_button (buttons, _("Log a Visit…"), "areas.visit"),
                            "suggested-action");
  action_button (buttons, _("Record an Equipment Move…"), "areas.move");
  action_button (buttons, _("Permit a Person…"), "areas.permit");
  gtk_box_append (self->detail, buttons);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  action_button (buttons, _("Import a Card Reader Export…"), "areas.import");
  action_button (buttons, _("Sampling Check…"), "areas.sample");
  action_button (buttons, _("Delete Area"), "areas.delete-area");
  gtk_box_append (self->detail, buttons);

  build_log (self);
  build_measures (self, a);
  build_permits (self);
  build_keys (self);
  build_assets_and_moves (self);
}

static void
area_selected (GtkListBox      *list,
               GtkListBoxRow   *row,
               MamoriAreasPage *self)
{
  if (row == NULL || self->area_ids == NULL)
    return;
  self->area_id = g_array_index (self->area_ids, gint64, gtk_list_box_row_get_index (row));
  show_area (self);
}

static void
reload (GtkWidget *widget)
{
  MamoriAreasPage *self = MAMORI_AREAS_PAGE (widget);
  g_autoptr(GPtrArray) areas = mamori_area_list (page_store (), NULL);
  GtkListBoxRow *selected = NULL;

  g_signal_handlers_block_by_func (self->area_list, area_selected, self);
  mamori_list_box_remove_all (self->area_list);
  g_array_set_size (self->area_ids, 0);
  for (guint i = 0; areas && i < areas->len; i++)
    {
      MamoriArea *a = g_ptr_array_index (areas, i);
      g_autofree char *title = g_strdup_printf ("%s %s", a->code, a->name);
      g_autofree char *sub = NULL;
      GtkWidget *row;

      if (a->id == self->hidden_area)
        continue;
      /* Late key returns are defects of the area as much as its entries' are. */
      if (a->n_defects + a->n_late_keys > 0)
        {
          g_autofree char *n = mamori_format_count (a->n_defects + a->n_late_keys);
          sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s defect", "%s · %s defects",
                                              (gulong)(a->n_defects + a->n_late_keys)),
                                 a->class_name ? a->class_name : a->class_code, n);
        }
      else
        sub = g_strdup (a->class_name ? a->class_name : a->class_code);
      row = info_row (title, sub);
      gtk_list_box_append (self->area_list, row);
      g_array_append_val (self->area_ids, a->id);
      if (a->id == self->area_id)
        selected = GTK_LIST_BOX_ROW (row);
    }
  g_signal_handlers_unblock_by_func (self->area_list, area_selected, self);
  gtk_stack_set_visible_child_name (self->stack, self->area_ids->len ? "areas" : "empty");
  if (self->area_ids->len == 0)
    {
      self->area_id = 0;
      show_area (self);
      return;
    }
  if (selected == NULL)
    selected = gtk_list_box_get_row_at_index (self->area_list, 0);
  gtk_list_box_select_row (self->area_list, selected);
  area_selected (self->area_list, selected, self);
}

/**
 * mamori_areas_page_select:
 *
 * Shows the area @area_id (its measures, permits and entry log), as a link to it does.
 */
void
mamori_areas_page_select (MamoriAreasPage *self,
                          gint64           area_id)
{
  g_return_if_fail (MAMORI_IS_AREAS_PAGE (self));

  self->area_id = area_id;
  reload (GTK_WIDGET (self));
}

/* Actions ---------------------------------------------------------------------------------- */

static void
hide_area (GtkWidget *page)
{
  MamoriAreasPage *self = MAMORI_AREAS_PAGE (page);

  self->hidden_area = self->area_id;
  self->area_id = 0;
  reload (page);
}

static void
show_areas (GtkWidget *page)
{
  MamoriAreasPage *self = MAMORI_AREAS_PAGE (page);

  if (self->area_id == 0)
    self->area_id = self->hidden_area;
  self->hidden_area = 0;
  reload (page);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  MamoriAreasPage *self = MAMORI_AREAS_PAGE (widget);

  if (g_str_equal (action, "areas.delete-entry") && selected_entry (self) != 0)
    mamori_area_delete_entry (widget, selected_entry (self), reload);
  else if (g_str_equal (action, "areas.delete-area") && self->area_id != 0)
    mamori_area_delete_area (widget, self->area_id, hide_area, show_areas);
}

static void
designate_activated (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  MamoriAreasPage *self = MAMORI_AREAS_PAGE (widget);

  mamori_area_dialog_designate (page_window (self), mamori_application_get_default (),
                                area_written, self);
}

static void
area_action_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  MamoriAreasPage *self = MAMORI_AREAS_PAGE (widget);
  MamoriApplication *app = mamori_application_get_default ();
  GtkWindow *window = page_window (self);

  if (self->area_id == 0)
    return;
  if (g_str_equal (action, "areas.visit"))
    mamori_area_dialog_visit (window, app, self->area_id, written, self);
  else if (g_str_equal (action, "areas.move"))
    mamori_area_dialog_move (window, app, self->area_id, written, self);
  else if (g_str_equal (action, "areas.permit"))
    mamori_area_dialog_permit (window, app, self->area_id, written, self);
  else if (g_str_equal (action, "areas.import"))
    mamori_area_dialog_import (window, app, self->area_id, written, self);
  else if (g_str_equal (action, "areas.lend"))
    mamori_area_dialog_lend_key (window, app, self->area_id, written, self);
  else if (g_str_equal (action, "areas.sample"))
    mamori_area_dialog_sample (window, app, self->area_id);
}

static void
mamori_areas_page_dispose (GObject *object)
{
  MamoriAreasPage *self = MAMORI_AREAS_PAGE (object);

  g_clear_pointer (&self->area_ids, g_array_unref);
  g_clear_object (&self->log_model);
  G_OBJECT_CLASS (mamori_areas_page_parent_class)->dispose (object);
}

static void
mamori_areas_page_class_init (MamoriAreasPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mamori_areas_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-areas-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriAreasPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriAreasPage, area_list);
  gtk_widget_class_bind_template_child (widget_class, MamoriAreasPage, detail);
  gtk_widget_class_install_action (widget_class, "areas.designate", NULL, designate_activated);
  gtk_widget_class_install_action (widget_class, "areas.visit", NULL, area_action_activated);
  gtk_widget_class_install_action (widget_class, "areas.move", NULL, area_action_activated);
  gtk_widget_class_install_action (widget_class, "areas.permit", NULL, area_action_activated);
  gtk_widget_class_install_action (widget_class, "areas.import", NULL, area_action_activated);
  gtk_widget_class_install_action (widget_class, "areas.sample", NULL, area_action_activated);
  gtk_widget_class_install_action (widget_class, "areas.lend", NULL, area_action_activated);
  gtk_widget_class_install_action (widget_class, "areas.delete-entry", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "areas.delete-area", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "areas.record-exit", NULL,
                                   record_exit_activated);
}

static void
mamori_areas_page_init (MamoriAreasPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->area_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (self->area_list, "row-selected", G_CALLBACK (area_selected), self);
  mamori_page_follow_database (GTK_WIDGET (self), reload);
  g_signal_connect (self, "map", G_CALLBACK (refresh_assets), NULL);
}
