/* mamori-asset-editor.c — one asset: its record, its registers, its history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows grouped as the standard groups an asset's duties.  Every change is validated as it is
 * typed (what cannot be stored, field by field) and checked against the standard (what the
 * standard would find missing, with its article) before anything is saved.  The record is
 * read on the main thread's read-only connection (one row); saving goes to the worker.
 */

#include "config.h"

#include "mamori-asset-editor.h"
#include "mamori-asset-dialogs.h"
#include "mamori-page-util.h"

#include <glib/gi18n.h>

struct _MamoriAssetEditor
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  AdwToastOverlay     *toast_overlay;
  GtkWidget           *save_button;
  GtkWidget           *attention_box;
  GtkLabel            *disposed_label;
  GtkLabel            *problems_label;
  AdwEntryRow         *code_row;
  AdwEntryRow         *name_row;
  AdwEntryRow         *description_row;
  AdwComboRow         *kind_row;
  AdwComboRow         *owner_row;
  AdwEntryRow         *original_row;
  AdwComboRow         *holding_row;
  AdwPreferencesGroup *class_group;
  AdwComboRow         *class_row;
  AdwEntryRow         *cia_row;
  AdwPreferencesGroup *criteria_group;
  AdwEntryRow         *marking_row;
  AdwEntryRow         *medium_row;
  AdwEntryRow         *storage_row;
  AdwComboRow         *area_row;
  AdwComboRow         *lockable_row;
  AdwComboRow         *finalised_row;
  AdwComboRow         *write_protected_row;
  GtkSpinButton       *cycle_spin;
  AdwEntryRow         *backup_row;
  AdwEntryRow         *registered_row;
  AdwPreferencesGroup *access_group;
  AdwPreferencesGroup *takeout_group;
  AdwPreferencesGroup *disposal_group;
  GtkWidget           *dispose_button;
  AdwPreferencesGroup *history_group;

  MamoriApplication   *application;
  MamoriAssetRecord   *record;       /* as stored; NULL for a new asset */
  GArray              *section_ids;  /* gint64, by combo position */
  GArray              *area_ids;     /* gint64, by combo position after "none" */
  GPtrArray           *class_codes;
  GPtrArray           *criteria;     /* Criterion */
  GPtrArray           *extra_rows;   /* rows added to the register groups, to clear */
  gboolean             loading;
  gboolean             dirty;
  gboolean             saving;
};

typedef struct
{
  char      *code;
  GtkWidget *check;
  GtkWidget *row;
} Criterion;

G_DEFINE_FINAL_TYPE (MamoriAssetEditor, mamori_asset_editor, ADW_TYPE_WINDOW)

static void criterion_free (Criterion *c) { g_free (c->code); g_free (c); }

static MamoriStore *
store_of (MamoriAssetEditor *self)
{
  return mamori_application_get_store (self->application);
}

static gboolean
read_only (MamoriAssetEditor *self)
{
  return self->record != NULL && g_strcmp0 (self->record->status, "disposed") == 0;
}

/* Choices ------------------------------------------------------------------------------------ */

static const char *tristate_labels[] = { N_("Not recorded"), N_("Yes"), N_("No") };

static void
set_strings (AdwComboRow *row,
             GPtrArray   *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (labels, i));
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

static void
fill_choices (MamoriAssetEditor *self)
{
  MamoriStore *store = store_of (self);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr(GPtrArray) sections = mamori_org_list_sections (store, FALSE, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) holding = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) classes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tristate = g_ptr_array_new ();

  for (guint i = 0; mamori_asset_kinds[i]; i++)
    g_ptr_array_add (kinds, (gpointer)mamori_asset_kind_label (mamori_asset_kinds[i]));
  set_strings (self->kind_row, kinds);

  g_ptr_array_add (holding, g_strdup (_("None (not a copy)")));
  for (guint i = 0; sections && i < sections->len; i++)
    {
      MamoriSection *s = g_ptr_array_index (sections, i);
      char *label = s->parent_name ? g_strdup_printf ("%s (%s)", s->name, s->parent_name)
                                   : g_strdup (s->name);

      g_array_append_val (self->section_ids, s->id);
      g_ptr_array_add (names, label);
      g_ptr_array_add (holding, g_strdup (label));
    }
  set_strings (self->owner_row, names);
  set_strings (self->holding_row, holding);

  {
    g_autoptr(GPtrArray) areas = mamori_area_list_names (store, NULL);
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

    g_ptr_array_add (labels, g_strdup (_("None")));
    for (guint i = 0; areas && i < areas->len; i++)
      {
        MamoriArea *a = g_ptr_array_index (areas, i);

        g_array_append_val (self->area_ids, a->id);
        g_ptr_array_add (labels, g_strdup_printf ("%s %s", a->code, a->name));
      }
    set_strings (self->area_row, labels);
  }

  {
    g_autoptr(GPtrArray) list = mamori_standard_list_classes (store);

    for (guint i = 0; i < list->len; i++)
      {
        MamoriClassification *c = g_ptr_array_index (list, i);

        g_ptr_array_add (self->class_codes, g_strdup (c->code));
        g_ptr_array_add (classes, g_strdup_printf ("%s (%s)", c->text, c->ref));
      }
  }
  set_strings (self->class_row, classes);

  for (guint i = 0; i < G_N_ELEMENTS (tristate_labels); i++)
    g_ptr_array_add (tristate, (gpointer)_(tristate_labels[i]));
  set_strings (self->lockable_row, tristate);
  set_strings (self->finalised_row, tristate);
  set_strings (self->write_protected_row, tristate);
}

/* The combo position of a managed area; 0 is "none". */
static guint
area_position (MamoriAssetEditor *self,
               gint64             id)
{
  for (guint i = 0; id != 0 && i < self->area_ids->len; i++)
    if (g_array_index (self->area_ids, gint64, i) == id)
      return i + 1;
  return 0;
}

static guint
section_position (MamoriAssetEditor *self,
                  gint64             id)
{
  for (guint i = 0; i < self->section_ids->len; i++)
    if (g_array_index (self->section_ids, gint64, i) == id)
      return i;
  return 0;
}

static const char *
selected_class (MamoriAssetEditor *self)
{
  guint i = adw_combo_row_get_selected (self->class_row);

  return i < self->class_codes->len ? g_ptr_array_index (self->class_codes, i) : NULL;
}

static MamoriTristate
tristate_of (AdwComboRow *row)
{
  switch (adw_combo_row_get_selected (row))
    {
    case 1: return MAMORI_YES;
    case 2: return MAMORI_NO;
    default: return MAMORI_UNKNOWN;
    }
}

static guint
tristate_position (MamoriTristate value)
{
  return value == MAMORI_YES ? 1 : value == MAMORI_NO ? 2 : 0;
}

/* Criteria of the chosen class ----------------------------------------------------------------- */

static void on_changed (MamoriAssetEditor *self);

static void
fill_criteria (MamoriAssetEditor *self,
               const char        *checked)
{
  g_auto(GStrv) codes = g_strsplit (checked ? checked : "", ",", -1);
  g_autoptr(GPtrArray) criteria = mamori_standard_list_criteria (store_of (self),
                                                                 selected_class (self));

  for (guint i = 0; i < self->criteria->len; i++)
    adw_preferences_group_remove (self->criteria_group,
                                  ((Criterion *)g_ptr_array_index (self->criteria, i))->row);
  g_ptr_array_set_size (self->criteria, 0);

  for (guint i = 0; i < criteria->len; i++)
    {
      MamoriClassification *k = g_ptr_array_index (criteria, i);
      Criterion *c = g_new0 (Criterion, 1);
      g_autofree char *title = g_strdup_printf ("%s (%s)", k->code, k->ref);

      c->code = g_strdup (k->code);
      c->row = adw_action_row_new ();
      c->check = gtk_check_button_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (c->row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (c->row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (c->row), k->text);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (c->row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (c->row), c->check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (c->row), c->check);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (c->check),
                                   g_strv_contains ((const char * const *)codes, c->code));
      g_signal_connect_swapped (c->check, "toggled", G_CALLBACK (on_changed), self);
      adw_preferences_group_add (self->criteria_group, c->row);
      g_ptr_array_add (self->criteria, c);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->criteria_group), self->criteria->len > 0);
}

static char *
checked_criteria (MamoriAssetEditor *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->criteria->len; i++)
    {
      Criterion *c = g_ptr_array_index (self->criteria, i);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (c->check)))
        g_string_append_printf (s, "%s%s", s->len ? "," : "", c->code);
    }
  return g_string_free (s, FALSE);
}

/* The record being edited ------------------------------------------------------------------------ */

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* A date typed as people write it, stored as ISO; what cannot be read stays as typed, for
 * validation to name. */
static char *
entry_date (AdwEntryRow *row)
{
  g_autofree char *text = entry_text (row);
  char *iso = mamori_date_parse_human (text);

  return iso ? iso : g_steal_pointer (&text);
}

static MamoriAssetRecord *
collect (MamoriAssetEditor *self)
{
  MamoriAssetRecord *r = mamori_asset_record_new ();
  g_autofree char *original = entry_text (self->original_row);
  guint holding = adw_combo_row_get_selected (self->holding_row);
  guint kind = adw_combo_row_get_selected (self->kind_row);

  if (self->record)
    {
      r->id = self->record->id;
      r->uuid = g_strdup (self->record->uuid);
      r->status = g_strdup (self->record->status);
    }
  r->code = entry_text (self->code_row);
  r->name = entry_text (self->name_row);
  r->description = entry_text (self->description_row);
  r->kind = g_strdup (kind < g_strv_length ((char **)mamori_asset_kinds) ? mamori_asset_kinds[kind] : NULL);
  r->owner_section_id = self->section_ids->len
    ? g_array_index (self->section_ids, gint64, MIN (adw_combo_row_get_selected (self->owner_row),
                                                     self->section_ids->len - 1))
    : 0;
  r->holding_section_id = holding > 0 && holding <= self->section_ids->len
                          ? g_array_index (self->section_ids, gint64, holding - 1) : 0;
  r->original_id = *original ? mamori_asset_find_by_code (store_of (self), original) : 0;
  if (*original && r->original_id == 0)
    r->original_id = -1;  /* named, but unknown: validation says so */
  r->class_code = g_strdup (selected_class (self));
  r->criteria = checked_criteria (self);
  r->cia_note = entry_text (self->cia_row);
  r->marking = entry_text (self->marking_row);
  r->medium = entry_text (self->medium_row);
  r->storage_place = entry_text (self->storage_row);
  {
    guint area = adw_combo_row_get_selected (self->area_row);

    r->area_id = area > 0 && area <= self->area_ids->len
                 ? g_array_index (self->area_ids, gint64, area - 1) : 0;
  }
  r->lockable = tristate_of (self->lockable_row);
  r->finalised = tristate_of (self->finalised_row);
  r->write_protected = tristate_of (self->write_protected_row);
  r->backup_cycle_days = gtk_spin_button_get_value_as_int (self->cycle_spin);
  r->last_backup_on = entry_date (self->backup_row);
  r->registered_on = entry_date (self->registered_row);
  return r;
}

static GtkWidget *
row_for_field (MamoriAssetEditor *self,
               const char        *field)
{
  const struct { const char *field; gsize offset; } map[] = {
    { "code", G_STRUCT_OFFSET (MamoriAssetEditor, code_row) },
    { "name", G_STRUCT_OFFSET (MamoriAssetEditor, name_row) },
    { "description", G_STRUCT_OFFSET (MamoriAssetEditor, description_row) },
    { "kind", G_STRUCT_OFFSET (MamoriAssetEditor, kind_row) },
    { "owner_section_id", G_STRUCT_OFFSET (MamoriAssetEditor, owner_row) },
    { "holding_section_id", G_STRUCT_OFFSET (MamoriAssetEditor, holding_row) },
    { "original_id", G_STRUCT_OFFSET (MamoriAssetEditor, original_row) },
    { "class_code", G_STRUCT_OFFSET (MamoriAssetEditor, class_row) },
    { "criteria", G_STRUCT_OFFSET (MamoriAssetEditor, class_row) },
    { "cia_note", G_STRUCT_OFFSET (MamoriAssetEditor, cia_row) },
    { "marking", G_STRUCT_OFFSET (MamoriAssetEditor, marking_row) },
    { "medium", G_STRUCT_OFFSET (MamoriAssetEditor, medium_row) },
    { "storage_place", G_STRUCT_OFFSET (MamoriAssetEditor, storage_row) },
    { "area_id", G_STRUCT_OFFSET (MamoriAssetEditor, area_row) },
    { "last_backup_on", G_STRUCT_OFFSET (MamoriAssetEditor, backup_row) },
    { "registered_on", G_STRUCT_OFFSET (MamoriAssetEditor, registered_row) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (field, map[i].field))
      return G_STRUCT_MEMBER (GtkWidget *, self, map[i].offset);
  return NULL;
}

static void
show_problems (MamoriAssetEditor *self,
               GPtrArray         *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *rows[] = {
    GTK_WIDGET (self->code_row), GTK_WIDGET (self->name_row), GTK_WIDGET (self->description_row),
    GTK_WIDGET (self->kind_row), GTK_WIDGET (self->owner_row), GTK_WIDGET (self->holding_row),
    GTK_WIDGET (self->original_row), GTK_WIDGET (self->class_row), GTK_WIDGET (self->cia_row),
    GTK_WIDGET (self->marking_row), GTK_WIDGET (self->medium_row), GTK_WIDGET (self->storage_row),
    GTK_WIDGET (self->backup_row), GTK_WIDGET (self->registered_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  for (guint i = 0; i < problems->len; i++)
    {
      MamoriFieldProblem *p = g_ptr_array_index (problems, i);
      GtkWidget *row = row_for_field (self, p->field);

      if (row != NULL)
        gtk_widget_add_css_class (row, "error");
      g_string_append_printf (text, "%s• %s", text->len ? "\n" : "", p->message);
    }
  gtk_label_set_label (self->problems_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), problems->len > 0);
}

static GtkWidget *
attention_line (const char *ref,
                const char *summary,
                const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *heading = g_strdup_printf ("%s — %s", summary, ref);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *body = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_widget_add_css_class (body, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), body);
  return box;
}

static void
show_attention (MamoriAssetEditor       *self,
                const MamoriAssetRecord *r)
{
  MamoriStore *store = store_of (self);
  g_autoptr(GPtrArray) rules = mamori_rules_enabled (store, NULL);
  GtkWidget *child;
  guint flags;

  while ((child = gtk_widget_get_first_child (self->attention_box)))
    gtk_box_remove (GTK_BOX (self->attention_box), child);

  flags = mamori_rules_check_record (store, r->id, r->status, r->class_code, r->criteria,
                                     r->kind, r->lockable, r->finalised, r->write_protected,
                                     r->backup_cycle_days, r->last_backup_on, r->original_id,
                                     r->holding_section_id);
  for (guint i = 0; rules && i < rules->len; i++)
    {
      MamoriRule *rule = g_ptr_array_index (rules, i);

      if (flags & rule->flag)
        gtk_box_append (GTK_BOX (self->attention_box),
                        attention_line (rule->ref, mamori_rule_summary (rule->flag), rule->text));
    }
  gtk_widget_set_visible (self->attention_box, flags != 0);
}

static void
on_changed (MamoriAssetEditor *self)
{
  g_autoptr(MamoriAssetRecord) r = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (self->loading)
    return;
  self->dirty = TRUE;
  r = collect (self);
  problems = mamori_asset_validate (store_of (self), r);
  show_problems (self, problems);
  show_attention (self, r);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 self->dirty && problems->len == 0 && !read_only (self) &&
                                 !self->saving);
}

static void
class_changed (MamoriAssetEditor *self)
{
  g_autofree char *checked = NULL;

  if (self->loading)
    return;
  checked = checked_criteria (self);
  fill_criteria (self, checked);
  on_changed (self);
}

/* Registers and history ------------------------------------------------------------------------- */

static void
clear_extra_rows (MamoriAssetEditor *self)
{
  for (guint i = 0; i < self->extra_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->extra_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->extra_rows, 0);
}

static GtkWidget *
info_row (AdwPreferencesGroup *group,
          GPtrArray           *rows,
          const char          *title,
          const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

static char *
date_text (const char *iso)
{
  char *text = mamori_era_format_iso (iso, MAMORI_ERA_STYLE_LONG);

  return text ? text : g_strdup ("—");
}

static void
fill_access (MamoriAssetEditor *self)
{
  g_autoptr(GPtrArray) access = mamori_asset_list_access (store_of (self), self->record->id, NULL);

  for (guint i = 0; access && i < access->len; i++)
    {
      MamoriAccess *a = g_ptr_array_index (access, i);
      GtkWidget *row = info_row (self->access_group, self->extra_rows,
                                 a->person_name ? a->person_name : a->description,
                                 a->person_name ? a->description : NULL);
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Withdraw Access"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Withdraw Access"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "editor.remove-access");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", a->id);
      gtk_widget_set_sensitive (remove, !read_only (self));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }
  if (access == NULL || access->len == 0)
    info_row (self->access_group, self->extra_rows, _("No one is recorded yet."), NULL);
}

static void
fill_takeouts (MamoriAssetEditor *self)
{
  g_autoptr(GPtrArray) takeouts = mamori_asset_list_takeouts (store_of (self), self->record->id, NULL);

  for (guint i = 0; takeouts && i < takeouts->len; i++)
    {
      MamoriTakeout *t = g_ptr_array_index (takeouts, i);
      g_autofree char *out = date_text (t->out_on);
      g_autofree char *approved = date_text (t->approved_on);
      g_autofree char *returned = date_text (t->returned_on);
      g_autofree char *title = g_strdup_printf ("%s %s: %s",
                                                g_str_equal (t->kind, "transmission")
                                                ? _("Transmitted") : _("Taken out"),
                                                out, t->purpose);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      subtitle = t->approver_id
        ? g_strdup_printf (_("Approved by %s on %s · returned %s"), t->approver_name, approved,
                           returned)
        : g_strdup_printf (_("Not approved · returned %s"), returned);
      row = info_row (self->takeout_group, self->extra_rows, title, subtitle);
      if (t->approver_id == 0)
        gtk_widget_add_css_class (row, "warning");
      if (t->returned_on == NULL && g_str_equal (t->kind, "take-out") && !read_only (self))
        {
          GtkWidget *back = gtk_button_new_with_label (_("Returned Today"));

          gtk_widget_set_valign (back, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "editor.return-takeout");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (back), "x", t->id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), back);
        }
    }
  if (takeouts == NULL || takeouts->len == 0)
    info_row (self->takeout_group, self->extra_rows, _("None recorded."), NULL);
}

static void
fill_disposal (MamoriAssetEditor *self)
{
  g_autoptr(MamoriDisposal) d = mamori_asset_get_disposal (store_of (self), self->record->id, NULL);
  g_autofree char *disposed = NULL;
  g_autofree char *approved = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (self->dispose_button, d == NULL);
  if (d == NULL)
    return;
  disposed = date_text (d->disposed_on);
  approved = date_text (d->approved_on);
  title = g_strdup_printf (_("Disposed of on %s"), disposed);
  subtitle = g_strdup_printf (_("Approval: %s · erasure: %s · witness: %s"),
                              d->approver_id ? d->approver_name : _("none recorded"),
                              *d->erasure_method ? d->erasure_method : _("none recorded"),
                              d->witness_id ? d->witness_name : _("none recorded"));
  info_row (self->disposal_group, self->extra_rows, title, subtitle);
  gtk_label_set_label (self->disposed_label, title);
}

static const char *
history_action (const MamoriHistoryEntry *e)
{
  gboolean deleted = g_str_equal (e->action, "delete");

  /* A register's row deleted since is still part of the history. */
  if (g_str_equal (e->table, "asset_takeouts"))
    return deleted ? _("Take-out or transmission record deleted") : _("Take-out or transmission");
  if (g_str_equal (e->table, "asset_disposals"))
    return deleted ? _("Disposal record deleted") : _("Disposal");
  if (g_str_equal (e->table, "asset_access"))
    return deleted ? _("Access withdrawn") : _("Access granted");
  if (g_str_equal (e->action, "insert"))
    return _("Registered");
  if (deleted)
    return _("Deleted");
  return _("Changed");
}

static void
fill_history (MamoriAssetEditor *self)
{
  static const char *children[] = { "asset_takeouts", "asset_disposals", "asset_access", NULL };
  g_autoptr(GPtrArray) history = mamori_audit_history (store_of (self), "assets",
                                                       self->record->uuid, children, "asset_id",
                                                       self->record->id, NULL);

  for (guint i = 0; history && i < history->len; i++)
    {
      MamoriHistoryEntry *e = g_ptr_array_index (history, i);
      g_autofree char *when = mamori_era_format_timestamp (e->at);
      g_autofree char *title = g_strdup_printf ("%s — %s", history_action (e), when ? when : e->at);
      g_autofree char *subtitle = e->changed && *e->changed
        ? g_strdup_printf (_("%s · changed: %s"), e->actor, e->changed)
        : g_strdup (e->actor);

      info_row (self->history_group, self->extra_rows, title, subtitle);
    }
}

/* Loading ---------------------------------------------------------------------------------------- */

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
set_date_entry (AdwEntryRow *row,
                const char  *iso)
{
  g_autofree char *era = iso ? mamori_era_format_iso (iso, MAMORI_ERA_STYLE_LONG) : NULL;

  set_entry (row, era ? era : iso);
}

static void
show_record (MamoriAssetEditor *self)
{
  MamoriAssetRecord *r = self->record;
  g_autofree char *original = NULL;
  gboolean editable = !read_only (self);
  GtkWidget *rows[] = {
    GTK_WIDGET (self->code_row), GTK_WIDGET (self->name_row), GTK_WIDGET (self->description_row),
    GTK_WIDGET (self->kind_row), GTK_WIDGET (self->owner_row), GTK_WIDGET (self->holding_row),
    GTK_WIDGET (self->original_row), GTK_WIDGET (self->class_row), GTK_WIDGET (self->cia_row),
    GTK_WIDGET (self->criteria_group), GTK_WIDGET (self->marking_row), GTK_WIDGET (self->medium_row),
    GTK_WIDGET (self->storage_row), GTK_WIDGET (self->area_row), GTK_WIDGET (self->lockable_row),
    GTK_WIDGET (self->finalised_row), GTK_WIDGET (self->write_protected_row),
    GTK_WIDGET (self->cycle_spin), GTK_WIDGET (self->backup_row), GTK_WIDGET (self->registered_row),
  };

  self->loading = TRUE;
  if (r->original_id)
    {
      g_autoptr(MamoriAssetRecord) o = mamori_asset_load (store_of (self), r->original_id, NULL);
      original = o ? g_strdup (o->code) : NULL;
    }
  set_entry (self->code_row, r->code);
  set_entry (self->name_row, r->name);
  set_entry (self->description_row, r->description);
  for (guint i = 0; mamori_asset_kinds[i]; i++)
    if (g_strcmp0 (r->kind, mamori_asset_kinds[i]) == 0)
      adw_combo_row_set_selected (self->kind_row, i);
  adw_combo_row_set_selected (self->owner_row, section_position (self, r->owner_section_id));
  adw_combo_row_set_selected (self->holding_row, r->holding_section_id
                              ? section_position (self, r->holding_section_id) + 1 : 0);
  set_entry (self->original_row, original);
  for (guint i = 0; i < self->class_codes->len; i++)
    if (g_strcmp0 (r->class_code, g_ptr_array_index (self->class_codes, i)) == 0)
      adw_combo_row_set_selected (self->class_row, i);
  fill_criteria (self, r->criteria);
  set_entry (self->cia_row, r->cia_note);
  set_entry (self->marking_row, r->marking);
  set_entry (self->medium_row, r->medium);
  set_entry (self->storage_row, r->storage_place);
  adw_combo_row_set_selected (self->area_row, area_position (self, r->area_id));
  adw_combo_row_set_selected (self->lockable_row, tristate_position (r->lockable));
  adw_combo_row_set_selected (self->finalised_row, tristate_position (r->finalised));
  adw_combo_row_set_selected (self->write_protected_row, tristate_position (r->write_protected));
  gtk_spin_button_set_value (self->cycle_spin, r->backup_cycle_days);
  set_date_entry (self->backup_row, r->last_backup_on);
  set_date_entry (self->registered_row, r->registered_on);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (rows[i], editable);
  gtk_widget_set_visible (GTK_WIDGET (self->disposed_label), !editable);
  self->loading = FALSE;
}

static void
show_registers (MamoriAssetEditor *self)
{
  gboolean stored = self->record != NULL && self->record->id != 0;

  clear_extra_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->access_group), stored);
  gtk_widget_set_visible (GTK_WIDGET (self->takeout_group), stored);
  gtk_widget_set_visible (GTK_WIDGET (self->disposal_group), stored);
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), stored);
  if (!stored)
    return;
  fill_access (self);
  fill_takeouts (self);
  fill_disposal (self);
  fill_history (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-access", !read_only (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-takeout", !read_only (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.dispose", !read_only (self));
}

static void
update_title (MamoriAssetEditor *self)
{
  if (self->record == NULL || self->record->id == 0)
    {
      adw_window_title_set_title (self->window_title, _("New Asset"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Asset"));
      return;
    }
  adw_window_title_set_title (self->window_title, self->record->code);
  adw_window_title_set_subtitle (self->window_title, self->record->name);
  gtk_window_set_title (GTK_WINDOW (self), self->record->code);
}

/**
 * mamori_asset_editor_reload:
 *
 * Reads the asset again, as it is now stored, with its registers and history.
 */
void
mamori_asset_editor_reload (MamoriAssetEditor *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = self->record ? self->record->id : 0;

  if (id != 0)
    {
      MamoriAssetRecord *r = mamori_asset_load (store_of (self), id, &error);

      if (r == NULL)
        {
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
          return;
        }
      mamori_asset_record_free (self->record);
      self->record = r;
      show_record (self);
    }
  update_title (self);
  show_registers (self);
  self->loading = FALSE;
  on_changed (self);
  /* A new asset can be saved as it comes; a stored one once something changed. */
  self->dirty = self->record == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 self->dirty && !gtk_widget_get_visible (GTK_WIDGET (self->problems_label)));
}

/* Saving ----------------------------------------------------------------------------------------- */

static gpointer
save_record (MamoriStore   *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  MamoriAssetRecord *r = data;
  gint64 *id = g_new0 (gint64, 1);
  gboolean ok;

  if (!mamori_store_begin (store, error))
    {
      g_free (id);
      return NULL;
    }
  *id = r->id;
  ok = r->id ? mamori_asset_update (store, r, error) : mamori_asset_insert (store, r, id, error);
  if (ok)
    ok = mamori_store_commit (store, error);
  else
    mamori_store_rollback (store);
  if (!ok)
    g_clear_pointer (&id, g_free);
  return id;
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(MamoriAssetEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);

  self->saving = FALSE;
  if (id == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      on_changed (self);
      return;
    }
  if (self->record == NULL)
    {
      self->record = mamori_asset_record_new ();
      self->record->id = *id;
    }
  mamori_asset_editor_reload (self);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Saved")));
  mamori_application_assets_changed (self->application, *id);
}

static void
save_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  MamoriAssetEditor *self = MAMORI_ASSET_EDITOR (widget);
  MamoriAssetRecord *r = collect (self);

  self->saving = TRUE;
  gtk_widget_action_set_enabled (widget, "editor.save", FALSE);
  mamori_worker_run_async (mamori_application_get_worker (self->application), save_record, r,
                           (GDestroyNotify)mamori_asset_record_free, g_free, NULL, saved,
                           g_object_ref (self));
}

static void
discard_response (AdwMessageDialog  *dialog,
                  const char        *response,
                  MamoriAssetEditor *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
close_activated (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  MamoriAssetEditor *self = MAMORI_ASSET_EDITOR (widget);
  GtkWidget *dialog;

  if (!self->dirty)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard the Changes?"),
                                   _("The changes to this asset have not been saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("Keep Editing"),
                                    "discard", _("Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (discard_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
mamori_asset_editor_close_request (GtkWindow *window)
{
  MamoriAssetEditor *self = MAMORI_ASSET_EDITOR (window);

  if (self->dirty)
    {
      close_activated (GTK_WIDGET (self), NULL, NULL);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (mamori_asset_editor_parent_class)->close_request (window);
}

/* Registers' actions ----------------------------------------------------------------------------- */

static void
register_written (MamoriAssetEditor *self,
                  const GError      *error)
{
  if (error != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  mamori_asset_editor_reload (self);
  mamori_application_assets_changed (self->application, self->record->id);
}

static void
add_access_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  MamoriAssetEditor *self = MAMORI_ASSET_EDITOR (widget);

  mamori_asset_dialog_access (GTK_WINDOW (self), self->application, self->record->id,
                              (MamoriAssetDialogDone)register_written, self);
}

static void
add_takeout_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  MamoriAssetEditor *self = MAMORI_ASSET_EDITOR (widget);

  mamori_asset_dialog_takeout (GTK_WINDOW (self), self->application, self->record->id,
                               (MamoriAssetDialogDone)register_written, self);
}

static void
dispose_activated (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  MamoriAssetEditor *self = MAMORI_ASSET_EDITOR (widget);

  mamori_asset_dialog_disposal (GTK_WINDOW (self), self->application, self->record->id,
                                (MamoriAssetDialogDone)register_written, self);
}

static void
remove_access_activated (GtkWidget  *widget,
                         const char *action,
                         GVariant   *parameter)
{
  MamoriAssetEditor *self = MAMORI_ASSET_EDITOR (widget);

  mamori_asset_write_access_removal (self->application, g_variant_get_int64 (parameter),
                                     (MamoriAssetDialogDone)register_written, self);
}

static void
return_takeout_activated (GtkWidget  *widget,
                          const char *action,
                          GVariant   *parameter)
{
  MamoriAssetEditor *self = MAMORI_ASSET_EDITOR (widget);

  mamori_asset_write_return (self->application, g_variant_get_int64 (parameter),
                             (MamoriAssetDialogDone)register_written, self);
}

/* Life ------------------------------------------------------------------------------------------- */

static void
connect_changes (MamoriAssetEditor *self)
{
  GObject *editables[] = {
    G_OBJECT (self->code_row), G_OBJECT (self->name_row), G_OBJECT (self->description_row),
    G_OBJECT (self->original_row), G_OBJECT (self->cia_row), G_OBJECT (self->marking_row),
    G_OBJECT (self->medium_row), G_OBJECT (self->storage_row), G_OBJECT (self->backup_row),
    G_OBJECT (self->registered_row),
  };
  GObject *combos[] = {
    G_OBJECT (self->kind_row), G_OBJECT (self->owner_row), G_OBJECT (self->holding_row),
    G_OBJECT (self->area_row), G_OBJECT (self->lockable_row), G_OBJECT (self->finalised_row),
    G_OBJECT (self->write_protected_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (editables); i++)
    g_signal_connect_swapped (editables[i], "changed", G_CALLBACK (on_changed), self);
  for (guint i = 0; i < G_N_ELEMENTS (combos); i++)
    g_signal_connect_swapped (combos[i], "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->class_row, "notify::selected", G_CALLBACK (class_changed), self);
  g_signal_connect_swapped (self->cycle_spin, "value-changed", G_CALLBACK (on_changed), self);
}

static void
mamori_asset_editor_dispose (GObject *object)
{
  MamoriAssetEditor *self = MAMORI_ASSET_EDITOR (object);

  g_clear_pointer (&self->record, mamori_asset_record_free);
  g_clear_pointer (&self->section_ids, g_array_unref);
  g_clear_pointer (&self->area_ids, g_array_unref);
  g_clear_pointer (&self->class_codes, g_ptr_array_unref);
  g_clear_pointer (&self->criteria, g_ptr_array_unref);
  g_clear_pointer (&self->extra_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (mamori_asset_editor_parent_class)->dispose (object);
}

static void
mamori_asset_editor_class_init (MamoriAssetEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mamori_asset_editor_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = mamori_asset_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-asset-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MamoriAssetEditor, name)
  BIND (window_title); BIND (toast_overlay); BIND (save_button); BIND (attention_box);
  BIND (disposed_label); BIND (problems_label); BIND (code_row); BIND (name_row);
  BIND (description_row); BIND (kind_row); BIND (owner_row); BIND (original_row);
  BIND (holding_row); BIND (class_group); BIND (class_row); BIND (cia_row);
  BIND (criteria_group); BIND (marking_row); BIND (medium_row); BIND (storage_row); BIND (area_row);
  BIND (lockable_row); BIND (finalised_row); BIND (write_protected_row); BIND (cycle_spin);
  BIND (backup_row); BIND (registered_row); BIND (access_group); BIND (takeout_group);
  BIND (disposal_group); BIND (dispose_button); BIND (history_group);
#undef BIND

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "editor.close", NULL, close_activated);
  gtk_widget_class_install_action (widget_class, "editor.add-access", NULL, add_access_activated);
  gtk_widget_class_install_action (widget_class, "editor.remove-access", "x",
                                   remove_access_activated);
  gtk_widget_class_install_action (widget_class, "editor.add-takeout", NULL, add_takeout_activated);
  gtk_widget_class_install_action (widget_class, "editor.return-takeout", "x",
                                   return_takeout_activated);
  gtk_widget_class_install_action (widget_class, "editor.dispose", NULL, dispose_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "editor.close", NULL);
}

static void
mamori_asset_editor_init (MamoriAssetEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->section_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->area_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->class_codes = g_ptr_array_new_with_free_func (g_free);
  self->criteria = g_ptr_array_new_with_free_func ((GDestroyNotify)criterion_free);
  self->extra_rows = g_ptr_array_new ();
  connect_changes (self);
}

/* A new asset starts from the profile's section, the lowest class and today. */
static void
start_new (MamoriAssetEditor *self)
{
  GSettings *settings = mamori_application_get_settings (self->application);
  g_autofree char *section_code = g_settings_get_string (settings, "profile-section");
  g_autofree char *today = mamori_date_today_iso ();
  g_autofree char *code = NULL;
  gint64 section = mamori_org_section_id (store_of (self), section_code);

  self->loading = TRUE;
  if (section)
    adw_combo_row_set_selected (self->owner_row, section_position (self, section));
  code = mamori_asset_next_code (store_of (self),
                                 section ? section
                                 : g_array_index (self->section_ids, gint64, 0));
  set_entry (self->code_row, code);
  adw_combo_row_set_selected (self->class_row, self->class_codes->len ? self->class_codes->len - 1 : 0);
  fill_criteria (self, NULL);
  set_date_entry (self->registered_row, today);
  self->loading = FALSE;
}

/**
 * mamori_asset_editor_open:
 * @asset_id: the asset, or 0 for a new one
 * @parent: a widget of the window to open it over
 */
void
mamori_asset_editor_open (MamoriApplication *application,
                          gint64             asset_id,
                          GtkWidget         *parent)
{
  MamoriAssetEditor *self = g_object_new (MAMORI_TYPE_ASSET_EDITOR, NULL);
  g_autoptr(GError) error = NULL;

  self->application = application;
  gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_set_application (GTK_WINDOW (self), GTK_APPLICATION (application));
  fill_choices (self);

  if (asset_id != 0)
    {
      self->record = mamori_asset_load (store_of (self), asset_id, &error);
      if (self->record == NULL)
        {
          g_warning ("%s", error->message);
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      show_record (self);
    }
  else
    start_new (self);

  mamori_asset_editor_reload (self);
  gtk_window_present (GTK_WINDOW (self));
}
