/* mamori-contract-editor.c — one contract: its fields, checklist, staff and documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window over one contract.  The fields are saved with Save; each answer of the checklist,
 * each operational check, each worker and each document is saved as soon as it is given, one
 * audited write each, through the core.  The status buttons show the refusal of the core in
 * full — each missing clause with its article — beside them.  A concluded contract is shown
 * read-only but for its staff, documents and operational checks.
 */

#include "config.h"

#include "mamori-contract-editor.h"
#include "mamori-contracts-page.h"
#include "mamori-window.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

struct _MamoriContractEditor
{
  AdwWindow            parent_instance;

  MamoriApplication   *application;
  GtkWidget           *page_widget;   /* weak: the Contracts view, reloaded after writes */
  MamoriContract      *contract;      /* NULL: a new one */

  AdwToastOverlay     *toasts;
  AdwWindowTitle      *title;
  GtkScrolledWindow   *scroller;
  AdwPreferencesPage  *prefs;

  /* The fields */
  AdwEntryRow         *number_row;
  AdwEntryRow         *title_row;
  AdwEntryRow         *vendor_row;
  AdwComboRow         *section_row;
  AdwComboRow         *kind_row;
  AdwEntryRow         *starts_row;
  AdwEntryRow         *ends_row;
  AdwComboRow         *class_row;
  GtkSwitch           *subcontracting_switch;
  AdwEntryRow         *subcontractor_row;
  AdwEntryRow         *responsible_row;
  AdwEntryRow         *note_row;
  GArray              *section_ids;
  GPtrArray           *class_codes;

  /* The status */
  AdwActionRow        *status_row;
  AdwEntryRow         *date_row;
  GtkLabel            *refusal_label;
  GtkLabel            *missing_label;

  gboolean             building;
};

G_DEFINE_FINAL_TYPE (MamoriContractEditor, mamori_contract_editor, ADW_TYPE_WINDOW)

static void rebuild (MamoriContractEditor *self);

static MamoriStore *
store_of (MamoriContractEditor *self)
{
  return mamori_application_get_store (self->application);
}

static void
toast (MamoriContractEditor *self,
       const char           *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

/* Writing ------------------------------------------------------------------------------------ *
 *
 * The main thread's connection is read-only: every write is a job on the application's worker,
 * one core call (one transaction) each; what follows it runs back on the main thread.
 */

typedef enum
{
  AFTER_SAVE,      /* read the contract again, show it all */
  AFTER_STATUS,    /* the same, or the refusal beside the buttons */
  AFTER_ANSWER,    /* the missing count and status; on failure, the answers as stored */
  AFTER_REBUILD,   /* show it all again */
  AFTER_RENEW,     /* open the renewal */
} After;

typedef struct _WriteJob WriteJob;
typedef gboolean (*WriteFunc) (MamoriStore *store, WriteJob *job, GError **error);

struct _WriteJob
{
  WriteFunc             func;
  After                 after;
  MamoriContractEditor *editor;   /* a reference, dropped on the main thread */
  gint64                id;
  char                 *a, *b, *c;
  gboolean              flag;
  MamoriContract       *contract;
  GFile                *file;
  gint64                out_id;
};

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  g_free (job->a);
  g_free (job->b);
  g_free (job->c);
  g_clear_pointer (&job->contract, mamori_contract_free);
  g_clear_object (&job->file);
  g_free (job);
}

static gpointer
run_write (MamoriStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  WriteJob *job = data;
  gint64 *out;

  if (!job->func (store, job, error))
    return NULL;
  out = g_new (gint64, 1);
  *out = job->out_id ? job->out_id : job->id;
  return out;
}

static void write_done (GObject *source, GAsyncResult *result, gpointer user_data);

typedef struct
{
  MamoriContractEditor *editor;
  After                 after;
} Pending;

static void
submit (MamoriContractEditor *self,
        WriteFunc             func,
        After                 after,
        WriteJob             *job)
{
  Pending *pending = g_new0 (Pending, 1);

  job->func = func;
  pending->editor = g_object_ref (self);
  pending->after = after;
  mamori_worker_run_async (mamori_application_get_worker (self->application), run_write, job,
                           write_job_free, g_free, NULL, write_done, pending);
}

static WriteJob *
job_new (gint64 id)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->id = id;
  return job;
}

static gboolean
w_save (MamoriStore *store, WriteJob *job, GError **error)
{
  return job->contract->id ? mamori_contract_update (store, job->contract, error)
                           : mamori_contract_insert (store, job->contract, &job->out_id, error);
}

static gboolean
w_status (MamoriStore *store, WriteJob *job, GError **error)
{
  return mamori_contract_set_status (store, job->id, job->a, job->b, error);
}

static gboolean
w_answer (MamoriStore *store, WriteJob *job, GError **error)
{
  return mamori_contract_answer (store, job->id, job->a, job->b, job->c, error);
}

static gboolean
w_check (MamoriStore *store, WriteJob *job, GError **error)
{
  return mamori_contract_set_check (store, job->id, job->flag, NULL, "", error);
}

static gboolean
w_add_worker (MamoriStore *store, WriteJob *job, GError **error)
{
  MamoriContractWorker w = { 0 };

  w.name = job->a;
  return mamori_contract_add_worker (store, job->id, &w, error);
}

static gboolean
w_remove_worker (MamoriStore *store, WriteJob *job, GError **error)
{
  return mamori_contract_remove_worker (store, job->id, error);
}

static gboolean
w_attach (MamoriStore *store, WriteJob *job, GError **error)
{
  return mamori_contract_attach_file (store, job->id, job->file, &job->out_id, error);
}

static gboolean
w_detach (MamoriStore *store, WriteJob *job, GError **error)
{
  return mamori_contract_detach (store, job->id, error);
}

static gboolean
w_renew (MamoriStore *store, WriteJob *job, GError **error)
{
  return mamori_contract_renew (store, job->id, job->a, job->b, job->c, &job->out_id, error);
}

/* After a write: the list shows it, and the other views may count it. */
static void
changed (MamoriContractEditor *self)
{
  if (self->page_widget != NULL)
    mamori_contracts_page_reload (MAMORI_CONTRACTS_PAGE (self->page_widget));
}

static void
set_label (GtkWidget  *widget,
           const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static AdwEntryRow *
entry_row (AdwPreferencesGroup *group,
           const char          *title,
           const char          *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static AdwComboRow *
combo_row (AdwPreferencesGroup *group,
           const char          *title,
           GtkStringList       *strings,
           guint                selected)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (strings));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_group_add (group, row);
  return ADW_COMBO_ROW (row);
}

static char *
date_text (const char *iso)
{
  return iso ? mamori_era_format_iso (iso, MAMORI_ERA_STYLE_LONG) : g_strdup ("");
}

/* The fields ---------------------------------------------------------------------------------- */

static void
build_fields (MamoriContractEditor *self,
              gboolean              locked)
{
  const MamoriContract *c = self->contract;
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GtkStringList) sections = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) classes = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) list = mamori_org_list_sections (store_of (self), TRUE, NULL);
  g_autoptr(GPtrArray) class_labels = NULL;
  g_autofree char *starts = date_text (c ? c->starts_on : NULL);
  g_autofree char *ends = date_text (c ? c->ends_on : NULL);
  guint section = 0, kind = 0, klass = 0;
  GtkWidget *row, *save;

  adw_preferences_group_set_title (group, _("Contract"));
  g_array_set_size (self->section_ids, 0);
  for (guint i = 0; list && i < list->len; i++)
    {
      MamoriSection *s = list->pdata[i];

      if (c && s->id == c->section_id)
        section = i;
      g_array_append_val (self->section_ids, s->id);
      gtk_string_list_append (sections, s->name);
    }
  for (guint i = 0; mamori_contract_kinds[i]; i++)
    {
      if (c && g_strcmp0 (c->kind, mamori_contract_kinds[i]) == 0)
        kind = i;
      gtk_string_list_append (kinds, mamori_contract_kind_label (mamori_contract_kinds[i]));
    }
  g_clear_pointer (&self->class_codes, g_ptr_array_unref);
  mamori_contract_list_classes (store_of (self), &self->class_codes, &class_labels);
  g_ptr_array_insert (self->class_codes, 0, g_strdup (""));
  gtk_string_list_append (classes, _("Not recorded"));
  for (guint i = 0; i < class_labels->len; i++)
    {
      if (c && g_strcmp0 (c->class_code, self->class_codes->pdata[i + 1]) == 0)
        klass = i + 1;
      gtk_string_list_append (classes, class_labels->pdata[i]);
    }

  self->number_row = entry_row (group, _("Contract number"), c ? c->number : NULL);
  self->title_row = entry_row (group, _("Title"), c ? c->title : NULL);
  self->vendor_row = entry_row (group, _("Vendor"), c ? c->vendor : NULL);
  self->section_row = combo_row (group, _("Contracting section"), sections, section);
  self->kind_row = combo_row (group, _("Kind of contract"), kinds, kind);
  self->starts_row = entry_row (group, _("Start (e.g. 令和8年4月1日)"), starts);
  self->ends_row = entry_row (group, _("End (e.g. 令和9年3月31日)"), ends);
  self->class_row = combo_row (group, _("Highest class of information handled"), classes, klass);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Subcontracting allowed"));
  self->subcontracting_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (self->subcontracting_switch, c && c->subcontracting);
  gtk_widget_set_valign (GTK_WIDGET (self->subcontracting_switch), GTK_ALIGN_CENTER);
  set_label (GTK_WIDGET (self->subcontracting_switch), _("Subcontracting allowed"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->subcontracting_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row),
                                         GTK_WIDGET (self->subcontracting_switch));
  adw_preferences_group_add (group, row);
  self->subcontractor_row = entry_row (group, _("Subcontractor"), c ? c->subcontractor : NULL);
  self->responsible_row = entry_row (group, _("Vendor's responsible person"),
                                     c ? c->responsible : NULL);
  self->note_row = entry_row (group, _("Note"), c ? c->note : NULL);

  if (c && c->renewal_of_number)
    {
      g_autofree char *text = g_strdup_printf (_("Renewal of contract %s"), c->renewal_of_number);
      adw_preferences_group_set_description (group, text);
    }

  save = gtk_button_new_with_label (_("Save"));
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "contract.save");
  adw_preferences_group_set_header_suffix (group, save);
  if (locked)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (group), FALSE);
      adw_preferences_group_set_description (group, _("Concluded: kept as it was agreed. Renew "
                                                      "the contract to change it."));
    }
  adw_preferences_page_add (self->prefs, group);
}

static char *
parsed_date (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return mamori_date_parse_human (text);
}

static void
save_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  MamoriContractEditor *self = MAMORI_CONTRACT_EDITOR (widget);
  g_autoptr(MamoriContract) c = mamori_contract_new ();
  guint section = adw_combo_row_get_selected (self->section_row);
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint klass = adw_combo_row_get_selected (self->class_row);
  WriteJob *job;

  if (self->contract)
    {
      c->id = self->contract->id;
      c->uuid = g_strdup (self->contract->uuid);
    }
  c->number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_row))));
  c->title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  c->vendor = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->vendor_row))));
  if (section < self->section_ids->len)
    c->section_id = g_array_index (self->section_ids, gint64, section);
  c->kind = g_strdup (kind < g_strv_length ((char **)mamori_contract_kinds)
                      ? mamori_contract_kinds[kind] : NULL);
  c->starts_on = parsed_date (self->starts_row);
  c->ends_on = parsed_date (self->ends_row);
  if (c->starts_on == NULL)
    c->starts_on = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->starts_row)));
  if (c->ends_on == NULL)
    c->ends_on = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->ends_row)));
  c->class_code = g_strdup (klass < self->class_codes->len ? self->class_codes->pdata[klass] : "");
  c->subcontracting = gtk_switch_get_active (self->subcontracting_switch);
  c->subcontractor = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subcontractor_row)));
  c->responsible = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->responsible_row)));
  c->note = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row)));

  job = job_new (c->id);
  job->contract = g_steal_pointer (&c);
  submit (self, w_save, AFTER_SAVE, job);
}

/* The status ---------------------------------------------------------------------------------- */

static void
update_missing (MamoriContractEditor *self)
{
  g_autoptr(GPtrArray) missing = mamori_contract_missing (store_of (self), self->contract->id,
                                                          NULL);
  g_autofree char *text = NULL;

  if (missing == NULL || missing->len == 0)
    text = g_strdup (_("Every mandatory clause is stated."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mandatory clause missing",
                                         "%u mandatory clauses missing", missing->len),
                            missing->len);
  gtk_label_set_text (self->missing_label, text);
}

static void
step (MamoriContractEditor *self,
      const char           *status)
{
  g_autofree char *on = NULL;
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  WriteJob *job;

  if (typed && *typed)
    {
      on = mamori_date_parse_human (typed);
      if (on == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Date: “%s” is not a date."), typed);
          gtk_label_set_text (self->refusal_label, message);
          gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), TRUE);
          return;
        }
    }
  job = job_new (self->contract->id);
  job->a = g_strdup (status);
  job->b = g_steal_pointer (&on);
  submit (self, w_status, AFTER_STATUS, job);
}

static void
status_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  step (MAMORI_CONTRACT_EDITOR (widget), g_variant_get_string (parameter, NULL));
}

static void
renew_response (AdwMessageDialog     *dialog,
                const char           *response,
                MamoriContractEditor *self)
{
  GtkWidget *form = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *number = gtk_widget_get_first_child (form);
  GtkWidget *starts = gtk_widget_get_next_sibling (number);
  GtkWidget *ends = gtk_widget_get_next_sibling (starts);
  WriteJob *job;

  if (g_strcmp0 (response, "renew") != 0)
    return;
  job = job_new (self->contract->id);
  job->a = g_strdup (gtk_editable_get_text (GTK_EDITABLE (number)));
  job->b = mamori_date_parse_human (gtk_editable_get_text (GTK_EDITABLE (starts)));
  if (job->b == NULL)
    job->b = g_strdup (gtk_editable_get_text (GTK_EDITABLE (starts)));
  job->c = mamori_date_parse_human (gtk_editable_get_text (GTK_EDITABLE (ends)));
  if (job->c == NULL)
    job->c = g_strdup (gtk_editable_get_text (GTK_EDITABLE (ends)));
  submit (self, w_renew, AFTER_RENEW, job);
}

static GtkWidget *
form_entry (GtkWidget  *box,
            const char *label,
            const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  set_label (entry, label);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static void
renew_activated (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  MamoriContractEditor *self = MAMORI_CONTRACT_EDITOR (widget);
  GtkWidget *dialog, *form;
  g_autofree char *number = g_strdup_printf ("%s-2", self->contract->number);
  g_autofree char *starts = NULL, *ends = NULL;
  int y, m, d;
  GDate date;

  /* The next period: from the day after the end, for as long again. */
  g_date_clear (&date, 1);
  if (mamori_date_parse_iso (self->contract->ends_on, &y, &m, &d))
    {
      g_date_set_dmy (&date, d, m, y);
      g_date_add_days (&date, 1);
      starts = mamori_era_format (g_date_get_year (&date), g_date_get_month (&date),
                                  g_date_get_day (&date), MAMORI_ERA_STYLE_LONG);
      g_date_add_years (&date, 1);
      g_date_subtract_days (&date, 1);
      ends = mamori_era_format (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), MAMORI_ERA_STYLE_LONG);
    }

  form = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  form_entry (form, _("New contract number"), number);
  form_entry (form, _("Start"), starts ? starts : "");
  form_entry (form, _("End"), ends ? ends : "");
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Renew the Contract?"),
                                   _("The renewal is a new draft with the same vendor, section "
                                     "and staff. Its checklist is open again: check each clause "
                                     "against the new contract document."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), form);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("Cancel"),
                                    "renew", _("Renew"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "renew",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (renew_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *target)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (target)
    {
      g_autofree char *detailed = g_strdup_printf ("%s::%s", action, target);
      gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (button), detailed);
    }
  else
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
build_status (MamoriContractEditor *self)
{
  const MamoriContract *c = self->contract;
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *subtitle = NULL;
  g_autofree char *concluded = date_text (c->concluded_on);
  g_autofree char *ended = date_text (c->ended_on);

  adw_preferences_group_set_title (group, _("Status"));
  self->status_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 mamori_contract_status_label (c->status));
  if (c->ended_on)
    subtitle = g_strdup_printf (_("Concluded on %s, ended on %s"), concluded, ended);
  else if (c->concluded_on)
    subtitle = g_strdup_printf (_("Concluded on %s"), concluded);
  if (subtitle)
    adw_action_row_set_subtitle (self->status_row, subtitle);
  adw_preferences_group_add (group, GTK_WIDGET (self->status_row));

  if (g_strcmp0 (c->status, "draft") == 0)
    gtk_box_append (GTK_BOX (box), action_button (_("Mark as Checked"), "contract.status",
                                                  "checked"));
  if (g_strcmp0 (c->status, "checked") == 0)
    gtk_box_append (GTK_BOX (box), action_button (_("Back to Draft"), "contract.status",
                                                  "draft"));
  if (!mamori_contract_is_locked (c->status))
    gtk_box_append (GTK_BOX (box), action_button (_("Conclude"), "contract.status",
                                                  "concluded"));
  if (g_strcmp0 (c->status, "concluded") == 0)
    gtk_box_append (GTK_BOX (box), action_button (_("End"), "contract.status", "ended"));
  if (mamori_contract_is_locked (c->status))
    gtk_box_append (GTK_BOX (box), action_button (_("Renew…"), "contract.renew", NULL));
  adw_action_row_add_suffix (self->status_row, box);

  self->date_row = entry_row (group, _("Date of concluding or ending (empty: today)"), NULL);
  if (g_strcmp0 (c->status, "ended") == 0)
    gtk_widget_set_visible (GTK_WIDGET (self->date_row), FALSE);

  self->missing_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->missing_label, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->missing_label), 6);
  adw_preferences_group_add (group, GTK_WIDGET (self->missing_label));
  self->refusal_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->refusal_label, 0);
  gtk_label_set_wrap (self->refusal_label, TRUE);
  gtk_label_set_selectable (self->refusal_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->refusal_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (self->refusal_label));
  update_missing (self);
  adw_preferences_page_add (self->prefs, group);
}

/* The checklist ------------------------------------------------------------------------------- */

typedef struct
{
  MamoriContractEditor *editor;
  gint64                id;
  GtkDropDown          *answer;
  AdwEntryRow          *article;
  AdwEntryRow          *note;
} ClauseRow;

static const char *
answer_at (guint position)
{
  /* Position 0 is "Not answered". */
  return position == 0 || position == GTK_INVALID_LIST_POSITION
         ? NULL : mamori_contract_answers[position - 1];
}

static void
clause_changed (ClauseRow *row)
{
  MamoriContractEditor *self = row->editor;
  WriteJob *job;

  if (self->building)
    return;
  job = job_new (row->id);
  job->a = g_strdup (answer_at (gtk_drop_down_get_selected (row->answer)));
  job->b = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->article)));
  job->c = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->note)));
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), FALSE);
  submit (self, w_answer, AFTER_ANSWER, job);
}

static void
add_clause (MamoriContractEditor       *self,
            AdwPreferencesGroup        *group,
            const MamoriContractClause *c,
            gboolean                    locked)
{
  GtkWidget *expander = adw_expander_row_new ();
  g_autoptr(GtkStringList) answers = gtk_string_list_new (NULL);
  g_autofree char *title = c->ref ? g_strdup_printf ("%s %s", c->code, c->ref)
                                  : g_strdup_printf ("%s %s", c->code, c->source);
  /* TRANSLATORS: the accessible name of a clause's answer: "Answer to K-01" */
  g_autofree char *name = g_strdup_printf (_("Answer to %s"), c->code);
  g_autofree char *article = g_strdup_printf (_("Article in the contract (%s)"), c->code);
  g_autofree char *note = g_strdup_printf (_("Note or reason (%s)"), c->code);
  ClauseRow *row = g_new0 (ClauseRow, 1);
  guint selected = 0;

  row->editor = self;
  row->id = c->id;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), c->body);
  gtk_string_list_append (answers, mamori_contract_answer_label (NULL));
  for (guint i = 0; mamori_contract_answers[i]; i++)
    {
      if (g_strcmp0 (c->answer, mamori_contract_answers[i]) == 0)
        selected = i + 1;
      gtk_string_list_append (answers, mamori_contract_answer_label (mamori_contract_answers[i]));
    }
  row->answer = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (answers)), NULL));
  gtk_drop_down_set_selected (row->answer, selected);
  gtk_widget_set_valign (GTK_WIDGET (row->answer), GTK_ALIGN_CENTER);
  set_label (GTK_WIDGET (row->answer), name);
  if (c->mandatory && mamori_contract_clause_missing (c))
    gtk_widget_add_css_class (GTK_WIDGET (row->answer), "error");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), GTK_WIDGET (row->answer));

  row->article = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->article), article);
  gtk_editable_set_text (GTK_EDITABLE (row->article), c->article ? c->article : "");
  adw_entry_row_set_show_apply_button (row->article, TRUE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (row->article));
  row->note = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->note), note);
  gtk_editable_set_text (GTK_EDITABLE (row->note), c->note ? c->note : "");
  adw_entry_row_set_show_apply_button (row->note, TRUE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (row->note));

  g_object_set_data_full (G_OBJECT (expander), "clause-row", row, g_free);
  g_signal_connect_swapped (row->answer, "notify::selected", G_CALLBACK (clause_changed), row);
  g_signal_connect_swapped (row->article, "apply", G_CALLBACK (clause_changed), row);
  g_signal_connect_swapped (row->note, "apply", G_CALLBACK (clause_changed), row);
  gtk_widget_set_sensitive (GTK_WIDGET (row->answer), !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (row->article), !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (row->note), !locked);
  adw_preferences_group_add (group, expander);
}

static void
build_checklist (MamoriContractEditor *self,
                 gboolean              locked)
{
  g_autoptr(GPtrArray) clauses = mamori_contract_list_clauses (store_of (self), self->contract->id,
                                                               NULL);
  g_autofree char *set = mamori_contract_clause_set_title (store_of (self),
                                                           self->contract->standard_id,
                                                           self->contract->kind);
  g_autofree char *title = g_strdup_printf (_("Mandatory Clauses — %s"), set ? set : "");
  AdwPreferencesGroup *mandatory = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *reference = NULL;

  adw_preferences_group_set_title (mandatory, title);
  adw_preferences_group_set_description (mandatory, _("Each must be stated in the contract "
                                                      "before it is concluded. Give the article "
                                                      "of the contract that states it."));
  adw_preferences_page_add (self->prefs, mandatory);
  for (guint i = 0; clauses && i < clauses->len; i++)
    {
      MamoriContractClause *c = clauses->pdata[i];

      if (!c->mandatory && reference == NULL)
        {
          reference = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (reference, _("For Reference Only"));
          adw_preferences_group_set_description (reference,
            _("Clauses a guideline recommends. Recorded if you wish; never required."));
          adw_preferences_page_add (self->prefs, reference);
        }
      add_clause (self, c->mandatory ? mandatory : reference, c, locked);
    }
}

typedef struct
{
  MamoriContractEditor *editor;
  gint64                id;
} RowRef;

static void
check_toggled (GtkCheckButton *button,
               RowRef         *ref)
{
  MamoriContractEditor *self = ref->editor;
  WriteJob *job;

  if (self->building)
    return;
  job = job_new (ref->id);
  job->flag = gtk_check_button_get_active (button);
  submit (self, w_check, AFTER_REBUILD, job);
}

static void
build_checks (MamoriContractEditor *self)
{
  g_autoptr(GPtrArray) checks = mamori_contract_list_checks (store_of (self), self->contract->id,
                                                             NULL);
  AdwPreferencesGroup *group;

  if (checks == NULL || checks->len == 0)
    return;
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Operational Checks"));
  adw_preferences_group_set_description (group, _("What the section confirms itself, beside the "
                                                  "clauses."));
  for (guint i = 0; i < checks->len; i++)
    {
      MamoriContractCheck *k = checks->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *title = g_strdup_printf ("%s %s", k->code, k->refs ? k->refs : "");
      g_autofree char *name = g_strdup_printf (_("Done: %s"), k->code);
      g_autofree char *when = k->done_on ? mamori_era_format_iso (k->done_on,
                                                                  MAMORI_ERA_STYLE_LONG) : NULL;
      g_autofree char *subtitle = when ? g_strdup_printf ("%s (%s)", k->body, when)
                                       : g_strdup (k->body);
      RowRef *ref = g_new0 (RowRef, 1);

      ref->editor = self;
      ref->id = k->id;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), k->done);
      set_label (check, name);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data_full (G_OBJECT (row), "row-ref", ref, g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled), ref);
      gtk_widget_set_sensitive (row, g_strcmp0 (self->contract->status, "ended") != 0);
      adw_preferences_group_add (group, row);
    }
  adw_preferences_page_add (self->prefs, group);
}

/* Staff ------------------------------------------------------------------------------------- */

static void
remove_worker (GtkButton *button,
               RowRef    *ref)
{
  submit (ref->editor, w_remove_worker, AFTER_REBUILD, job_new (ref->id));
}

static void
add_worker (AdwEntryRow          *entry,
            MamoriContractEditor *self)
{
  WriteJob *job = job_new (self->contract->id);

  job->a = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  submit (self, w_add_worker, AFTER_REBUILD, job);
}

static void
build_staff (MamoriContractEditor *self)
{
  g_autoptr(GPtrArray) workers = mamori_contract_list_workers (store_of (self),
                                                               self->contract->id, NULL);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  gboolean ended = g_strcmp0 (self->contract->status, "ended") == 0;
  AdwEntryRow *entry;

  adw_preferences_group_set_title (group, _("Contractor Staff"));
  adw_preferences_group_set_description (group, _("The vendor's people who do the work. "
                                                  "Managed areas permit them by contract "
                                                  "number and name."));
  for (guint i = 0; workers && i < workers->len; i++)
    {
      MamoriContractWorker *w = workers->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *name = g_strdup_printf (_("Remove %s"), w->name);
      g_autofree char *shown = w->id_shown_on ? mamori_era_format_iso (w->id_shown_on,
                                                                       MAMORI_ERA_STYLE_LONG)
                                              : NULL;
      g_autofree char *shown_text = shown ? g_strdup_printf (_("Identification shown on %s"), shown)
                                          : g_strdup (_("Identification not shown yet"));
      g_autofree char *permitted = w->areas ? g_strdup_printf (_("Permitted in %s"), w->areas)
                                            : g_strdup (_("No managed area permits them"));
      g_autofree char *subtitle = *w->role
                                  ? g_strdup_printf ("%s — %s — %s", w->role, shown_text, permitted)
                                  : g_strdup_printf ("%s — %s", shown_text, permitted);
      RowRef *ref = g_new0 (RowRef, 1);

      ref->editor = self;
      ref->id = w->id;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), w->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, name);
      set_label (remove, name);
      gtk_widget_set_sensitive (remove, !ended);
      g_object_set_data_full (G_OBJECT (row), "row-ref", ref, g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_worker), ref);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (group, row);
    }
  entry = entry_row (group, _("Add a worker (name)"), NULL);
  adw_entry_row_set_show_apply_button (entry, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (entry), !ended);
  g_signal_connect (entry, "apply", G_CALLBACK (add_worker), self);
  adw_preferences_page_add (self->prefs, group);
}

/* Documents --------------------------------------------------------------------------------- */

static void
open_document (GtkButton *button,
               RowRef    *ref)
{
  MamoriContractEditor *self = ref->editor;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mamori_contract_document_bytes (store_of (self), ref->id, &error);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  const char *name = g_object_get_data (G_OBJECT (button), "file-name");

  if (bytes == NULL)
    {
      toast (self, error->message);
      return;
    }
  /* A private copy for the desktop's own application, removed when Mamori quits. */
  path = mamori_scratch_write (name, bytes, &error);
  if (path != NULL)
    uri = g_filename_to_uri (path, NULL, &error);
  if (uri == NULL)
    {
      toast (self, error->message);
      return;
    }
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
remove_document (GtkButton *button,
                 RowRef    *ref)
{
  submit (ref->editor, w_detach, AFTER_REBUILD, job_new (ref->id));
}

static void
attach_chosen (GtkNativeDialog      *chooser,
               int                   response,
               MamoriContractEditor *self)
{
  g_autoptr(GFile) file = NULL;
  WriteJob *job;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;
  job = job_new (self->contract->id);
  job->file = g_steal_pointer (&file);
  submit (self, w_attach, AFTER_REBUILD, job);
}

static void
attach_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  MamoriContractEditor *self = MAMORI_CONTRACT_EDITOR (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose the Contract Document"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (attach_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
build_documents (MamoriContractEditor *self)
{
  g_autoptr(GPtrArray) docs = mamori_contract_list_documents (store_of (self),
                                                              self->contract->id, NULL);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  gboolean ended = g_strcmp0 (self->contract->status, "ended") == 0;
  GtkWidget *attach = action_button (_("Attach…"), "contract.attach", NULL);

  adw_preferences_group_set_title (group, _("Documents"));
  adw_preferences_group_set_description (group, _("The contract document and other evidence, "
                                                  "kept in the database with their SHA-256."));
  gtk_widget_set_sensitive (attach, !ended);
  adw_preferences_group_set_header_suffix (group, attach);
  for (guint i = 0; docs && i < docs->len; i++)
    {
      MamoriContractDocument *d = docs->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *open = gtk_button_new_with_label (_("Open"));
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *size = g_format_size (d->size);
      g_autofree char *subtitle = g_strdup_printf ("%s · SHA-256 %.16s…", size, d->sha256);
      g_autofree char *open_name = g_strdup_printf (_("Open %s"), d->file_name);
      g_autofree char *remove_name = g_strdup_printf (_("Remove %s"), d->file_name);
      RowRef *ref = g_new0 (RowRef, 1);

      ref->editor = self;
      ref->id = d->id;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->file_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (row, d->sha256);
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      set_label (open, open_name);
      g_object_set_data_full (G_OBJECT (open), "file-name", g_strdup (d->file_name), g_free);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_name);
      set_label (remove, remove_name);
      gtk_widget_set_sensitive (remove, !ended);
      g_object_set_data_full (G_OBJECT (row), "row-ref", ref, g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (open_document), ref);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_document), ref);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (group, row);
    }
  adw_preferences_page_add (self->prefs, group);
}

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(MamoriContractEditor) self = pending->editor;
  After after = pending->after;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);

  g_free (pending);
  if (id == NULL)
    {
      if (after == AFTER_STATUS)
        {
          gtk_label_set_text (self->refusal_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), TRUE);
        }
      else
        {
          toast (self, error->message);
          /* Show what is stored, not what was refused. */
          if (after != AFTER_SAVE && after != AFTER_RENEW)
            rebuild (self);
        }
      return;
    }
  changed (self);
  if (after == AFTER_RENEW)
    {
      mamori_contract_editor_open (self->application, *id, self->page_widget ? self->page_widget
                                                                              : GTK_WIDGET (self));
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (after == AFTER_SAVE || after == AFTER_STATUS || after == AFTER_ANSWER)
    {
      gint64 contract_id = after == AFTER_SAVE ? *id : self->contract->id;
      MamoriContract *c = mamori_contract_load (store_of (self), contract_id, &error);

      if (c == NULL)
        {
          toast (self, error->message);
          return;
        }
      g_clear_pointer (&self->contract, mamori_contract_free);
      self->contract = c;
    }
  switch (after)
    {
    case AFTER_ANSWER:
      /* The row shows the answer already: only the status and the count change. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                     mamori_contract_status_label (self->contract->status));
      update_missing (self);
      break;
    case AFTER_SAVE:
      rebuild (self);
      toast (self, _("Saved"));
      break;
    case AFTER_STATUS:
      rebuild (self);
      toast (self, mamori_contract_status_label (self->contract->status));
      break;
    default:
      rebuild (self);
      break;
    }
}

/* Life -------------------------------------------------------------------------------------- */

static void
rebuild (MamoriContractEditor *self)
{
  gboolean locked = self->contract && mamori_contract_is_locked (self->contract->status);

  self->building = TRUE;
  self->prefs = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  if (self->contract)
    {
      g_autofree char *subtitle = g_strdup_printf ("%s — %s", self->contract->vendor,
                                                   mamori_contract_kind_label (self->contract->kind));

      adw_window_title_set_title (self->title, self->contract->number);
      adw_window_title_set_subtitle (self->title, subtitle);
      gtk_window_set_title (GTK_WINDOW (self), self->contract->number);
      g_object_set_data (G_OBJECT (self), "contract-id",
                         GSIZE_TO_POINTER ((gsize)self->contract->id));
      build_status (self);
    }
  else
    {
      adw_window_title_set_title (self->title, _("New Contract"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Contract"));
    }
  build_fields (self, locked);
  if (self->contract)
    {
      build_checklist (self, locked);
      build_checks (self);
      build_staff (self);
      build_documents (self);
    }
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->prefs));
  self->building = FALSE;
}

static void
mamori_contract_editor_dispose (GObject *object)
{
  MamoriContractEditor *self = MAMORI_CONTRACT_EDITOR (object);

  g_clear_weak_pointer (&self->page_widget);
  g_clear_pointer (&self->contract, mamori_contract_free);
  g_clear_pointer (&self->section_ids, g_array_unref);
  g_clear_pointer (&self->class_codes, g_ptr_array_unref);
  G_OBJECT_CLASS (mamori_contract_editor_parent_class)->dispose (object);
}

static void
mamori_contract_editor_class_init (MamoriContractEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mamori_contract_editor_dispose;
  gtk_widget_class_install_action (widget_class, "contract.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "contract.status", "s", status_activated);
  gtk_widget_class_install_action (widget_class, "contract.renew", NULL, renew_activated);
  gtk_widget_class_install_action (widget_class, "contract.attach", NULL, attach_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "contract.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mamori_contract_editor_init (MamoriContractEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  self->section_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), header);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 820);
  gtk_window_set_modal (GTK_WINDOW (self), FALSE);
}

/**
 * mamori_contract_editor_open:
 * @contract_id: the contract, or 0 for a new one
 * @parent: a widget of the Contracts view, reloaded after each write
 */
void
mamori_contract_editor_open (MamoriApplication *application,
                             gint64             contract_id,
                             GtkWidget         *parent)
{
  MamoriContractEditor *self = g_object_new (MAMORI_TYPE_CONTRACT_EDITOR, NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *page = gtk_widget_get_ancestor (parent, MAMORI_TYPE_CONTRACTS_PAGE);

  self->application = application;
  g_set_weak_pointer (&self->page_widget, page);
  gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_set_application (GTK_WINDOW (self), GTK_APPLICATION (application));
  if (contract_id != 0)
    {
      self->contract = mamori_contract_load (store_of (self), contract_id, &error);
      if (self->contract == NULL)
        {
          mamori_window_add_toast (MAMORI_WINDOW (gtk_widget_get_root (parent)), error->message);
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
    }
  rebuild (self);
  gtk_window_present (GTK_WINDOW (self));
}
