/* mamori-inspections-page.c — the Inspections view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cycle and a section chosen at the top; the section's sheet (every item by chapter, its
 * answer, last year's, and what the registers know) and the cycle's roll-up below.  What
 * is shown is read on the worker; an answer, a submission or a decision is written through
 * the core on the application's store, then the view reads again.  Without a cycle, the
 * empty state, with a button to open this fiscal year's.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "mamori-inspections-page.h"
#include "mamori-application.h"
#include "mamori-areas-page.h"
#include "mamori-asset-editor.h"
#include "mamori-contract-editor.h"
#include "mamori-core.h"
#include "mamori-inspection-roles.h"
#include "mamori-page-util.h"
#include "mamori-window.h"

struct _MamoriInspectionsPage
{
  AdwBin        parent_instance;

  GtkStack     *stack;
  GtkDropDown  *cycle_drop;
  GtkDropDown  *section_drop;
  GtkLabel     *status_label;
  GtkButton    *submit_button;
  GtkButton    *return_button;
  GtkButton    *accept_button;
  AdwViewStack *views;
  GtkListBox   *sheet_list;
  GtkListBox   *rollup_list;
  GtkListBox   *audit_list;
  GtkListBox   *evaluation_list;
  GtkListBox   *review_list;

  GCancellable *cancellable;
  gint64        cycle_id;     /* what is chosen; 0: the newest */
  gint64        section_id;   /* 0: the first */
  gint64        sheet_id;     /* what is shown */
  gint64        standard_id;
  GPtrArray    *cycles;       /* MamoriCycle */
  GPtrArray    *sheets;       /* MamoriSheet */
  GPtrArray    *lines;        /* MamoriSheetLine */
  GPtrArray    *people;       /* MamoriPerson: who may be named the auditor */
  GPtrArray    *chapters;     /* MamoriChapterEvaluation */
  GPtrArray    *sections;     /* MamoriSection: what a new cycle may cover */
  char         *catalogue;    /* the active standard and its catalogue's version */
  gint64        person_id;    /* the current person (the profile's name), 0 if unknown */
  char         *denied[4];    /* per MamoriInspectionAct: why the person may not; NULL: may */
  gboolean      filling;
};

G_DEFINE_FINAL_TYPE (MamoriInspectionsPage, mamori_inspections_page, ADW_TYPE_BIN)

/* Loading, on the worker ------------------------------------------------------------------- */

typedef struct
{
  gint64        cycle_id;
  gint64        section_id;
  GPtrArray    *cycles;
  GPtrArray    *sheets;
  MamoriSheet  *sheet;
  GPtrArray    *lines;
  MamoriRollup *rollup;
  GPtrArray    *findings;     /* MamoriAuditFinding on the section */
  GPtrArray    *chapters;     /* MamoriChapterEvaluation */
  GPtrArray    *proposals;    /* MamoriReviewProposal */
  GPtrArray    *people;       /* MamoriPerson */
  GPtrArray    *sections;     /* MamoriSection */
  char         *catalogue;
  char         *person_name;  /* asked: the profile's name */
  gint64        person_id;
  char         *denied[4];
} PageData;

static void
page_data_free (gpointer data)
{
  PageData *d = data;

  g_clear_pointer (&d->cycles, g_ptr_array_unref);
  g_clear_pointer (&d->sheets, g_ptr_array_unref);
  g_clear_pointer (&d->sheet, mamori_sheet_free);
  g_clear_pointer (&d->lines, g_ptr_array_unref);
  g_clear_pointer (&d->rollup, mamori_rollup_free);
  g_clear_pointer (&d->findings, g_ptr_array_unref);
  g_clear_pointer (&d->chapters, g_ptr_array_unref);
  g_clear_pointer (&d->proposals, g_ptr_array_unref);
  g_clear_pointer (&d->people, g_ptr_array_unref);
  g_clear_pointer (&d->sections, g_ptr_array_unref);
  g_free (d->catalogue);
  g_free (d->person_name);
  for (guint i = 0; i < G_N_ELEMENTS (d->denied); i++)
    g_free (d->denied[i]);
  g_free (d);
}

static gpointer
load_page (MamoriStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  PageData *request = data;
  PageData *d = g_new0 (PageData, 1);
  g_autoptr(MamoriStandardInfo) info = NULL;

  d->cycles = mamori_cycle_list (store, error);
  if (d->cycles == NULL ||
      (d->sections = mamori_org_list_sections (store, TRUE, error)) == NULL)
    goto fail;
  info = mamori_standard_get_info (store, mamori_standard_get_active_id (store), NULL);
  if (info != NULL)
    /* Translators: the standard a new cycle's catalogue comes from, and its version */
    d->catalogue = g_strdup_printf (_("%s, catalogue version %s"), info->title,
                                    info->catalogue_version);
  if (d->cycles->len == 0)
    return d;
  d->cycle_id = ((MamoriCycle *)g_ptr_array_index (d->cycles, 0))->id;
  for (guint i = 0; i < d->cycles->len; i++)
    if (((MamoriCycle *)g_ptr_array_index (d->cycles, i))->id == request->cycle_id)
      d->cycle_id = request->cycle_id;
  d->sheets = mamori_sheet_list (store, d->cycle_id, error);
  if (d->sheets == NULL)
    goto fail;
  for (guint i = 0; i < d->sheets->len; i++)
    {
      MamoriSheet *s = g_ptr_array_index (d->sheets, i);

      if (s->section_id == request->section_id || (i == 0 && request->section_id == 0))
        d->section_id = s->section_id;
    }
  if (d->section_id == 0 && d->sheets->len > 0)
    d->section_id = ((MamoriSheet *)g_ptr_array_index (d->sheets, 0))->section_id;
  if (d->section_id != 0)
    {
      gint64 sheet_id = mamori_sheet_find (store, d->cycle_id, d->section_id);

      if ((d->sheet = mamori_sheet_get (store, sheet_id, error)) == NULL ||
          (d->lines = mamori_sheet_lines (store, sheet_id, TRUE, error)) == NULL)
        goto fail;
    }
  /* What the current person may do here: the core refuses the rest with these messages. */
  d->person_id = mamori_inspection_find_person (store, request->person_name);
  for (int act = 0; d->person_id != 0 && act < (int)G_N_ELEMENTS (d->denied); act++)
    {
      g_autoptr(GError) denied = NULL;

      if (!mamori_inspection_may (store, d->person_id, act,
                                  act == MAMORI_INSPECTION_ACT_EVALUATE ? 0 : d->section_id,
                                  &denied))
        d->denied[act] = g_strdup (denied->message);
    }
  if ((d->rollup = mamori_rollup_compute (store, d->cycle_id, error)) == NULL ||
      (d->findings = mamori_audit_findings (store, d->cycle_id, d->section_id, error)) == NULL ||
      (d->chapters = mamori_evaluation_chapters (store, d->cycle_id, error)) == NULL ||
      (d->proposals = mamori_review_list (store, d->cycle_id, error)) == NULL ||
      (d->people = mamori_org_list_people (store, error)) == NULL)
    goto fail;
  return d;

fail:
  page_data_free (d);
  return NULL;
}

static void show_data (MamoriInspectionsPage *self, PageData *d);

static void
toast (MamoriInspectionsPage *self,
       const char            *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (MAMORI_IS_WINDOW (root))
    mamori_window_add_toast (MAMORI_WINDOW (root), message);
}

static void
load_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(MamoriInspectionsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PageData *d = mamori_worker_run_finish (MAMORI_WORKER (source), res, &error);

  if (d == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  show_data (self, d);
}

static void
reload (GtkWidget *widget)
{
  MamoriInspectionsPage *self = MAMORI_INSPECTIONS_PAGE (widget);
  MamoriApplication *app = mamori_application_get_default ();
  PageData *request = g_new0 (PageData, 1);

  request->cycle_id = self->cycle_id;
  request->section_id = self->section_id;
  request->person_name = g_settings_get_string (mamori_application_get_settings (app),
                                                "profile-name");
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  mamori_worker_run_async (mamori_application_get_worker (app), load_page, request,
                           page_data_free, page_data_free, self->cancellable, load_done,
                           g_object_ref (self));
}

/* Showing ------------------------------------------------------------------------------------ */

static char *
rate_sentence (const MamoriRollupRow *row)
{
  g_autofree char *rate = mamori_rollup_rate_text (row->rate);
  g_autofree char *previous = mamori_rollup_rate_text (row->previous_rate);

  /* Translators: counts of each answer, then the implementation rate and last year's */
  return g_strdup_printf (_("Done %u · Partly %u · Not done %u · N/A %u · Unanswered %u — "
                            "rate %s (last year %s)"),
                          row->complied, row->partial, row->not_complied, row->not_applicable,
                          row->unanswered, rate, previous);
}

static void
on_rollup_section (MamoriInspectionsPage *self,
                   GtkButton             *button)
{
  self->section_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "section-id"));
  adw_view_stack_set_visible_child_name (self->views, "sheet");
  reload (GTK_WIDGET (self));
}

static GtkWidget *
rollup_row (MamoriInspectionsPage *self,
            const char            *title,
            MamoriRollupRow       *row,
            gboolean               drill)
{
  g_autofree char *sentence = rate_sentence (row);
  GtkWidget *r = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (r), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (r), sentence);
  if (drill)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("go-next-symbolic");
      g_autofree char *name = g_strdup_printf (_("Open the sheet of %s"), row->label);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      g_object_set_data (G_OBJECT (button), "section-id", GSIZE_TO_POINTER (row->id));
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_rollup_section), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (r), button);
    }
  return r;
}

static GtkWidget *
heading_row (const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
show_rollup (MamoriInspectionsPage *self,
             MamoriRollup          *rollup)
{
  g_autofree char *plans = NULL;
  GtkWidget *row;

  mamori_list_box_remove_all (self->rollup_list);
  gtk_list_box_append (self->rollup_list, rollup_row (self, _("Whole ward"), &rollup->total,
                                                      FALSE));
  if (rollup->plans > 0)
    {
      plans = g_strdup_printf (_("Last year’s improvement plans: %u, done %u, overdue %u"),
                               rollup->plans, rollup->plans_done, rollup->plans_overdue);
      gtk_list_box_append (self->rollup_list, heading_row (plans));
    }
  gtk_list_box_append (self->rollup_list, heading_row (_("By chapter")));
  for (guint i = 0; i < rollup->by_chapter->len; i++)
    {
      MamoriRollupRow *r = g_ptr_array_index (rollup->by_chapter, i);
      g_autofree char *title = g_strdup_printf ("%s %s", r->key, r->label);

      gtk_list_box_append (self->rollup_list, rollup_row (self, title, r, FALSE));
    }
  gtk_list_box_append (self->rollup_list, heading_row (_("By section")));
  for (guint i = 0; i < rollup->by_section->len; i++)
    {
      MamoriRollupRow *r = g_ptr_array_index (rollup->by_section, i);
      g_autofree char *title = g_strdup_printf ("%s (%s)", r->label,
                                                mamori_sheet_status_label (r->status));

      row = rollup_row (self, title, r, TRUE);
      gtk_list_box_append (self->rollup_list, row);
    }
}

/* What the current person may not do: the control is insensitive, and says why. */
static void
allow (MamoriInspectionsPage *self,
       GtkWidget             *widget,
       MamoriInspectionAct    act,
       gboolean               otherwise)
{
  const char *denied = self->denied[act];

  gtk_widget_set_sensitive (widget, otherwise && denied == NULL);
  if (denied != NULL)
    gtk_widget_set_tooltip_text (widget, denied);
}

/* Audit, evaluation and review ---------------------------------------------------------------- */

static void on_record_finding (MamoriInspectionsPage *self);
static void on_evaluate (MamoriInspectionsPage *self, GtkButton *button);
static void on_propose (MamoriInspectionsPage *self, GtkButton *button);
static void on_decide (MamoriInspectionsPage *self, GtkButton *button);

/* A flat button on a row, named for a screen reader by @name; @index is what it acts on. */
static GtkWidget *
row_button (MamoriInspectionsPage *self,
            AdwActionRow          *row,
            const char            *label,
            const char            *name,
            guint                  index,
            GCallback              callback)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_signal_connect_swapped (button, "clicked", callback, self);
  adw_action_row_add_suffix (row, button);
  return button;
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
  return row;
}

static void
show_audit (MamoriInspectionsPage *self,
            GPtrArray             *findings)
{
  const char *section = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *row;

  for (guint i = 0; self->sheets && i < self->sheets->len; i++)
    if (((MamoriSheet *)g_ptr_array_index (self->sheets, i))->section_id == self->section_id)
      section = ((MamoriSheet *)g_ptr_array_index (self->sheets, i))->section_name;
  mamori_list_box_remove_all (self->audit_list);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u audit finding on %s",
                                          "%u audit findings on %s", findings->len),
                             findings->len, section ? section : "");
  row = text_row (heading, _("An auditor records what the audit (監査) found, on an item of "
                             "the sheet or on the section as a whole; no one audits their own "
                             "section."));
  gtk_widget_add_css_class (row, "property");
  allow (self, row_button (self, ADW_ACTION_ROW (row), _("Record Finding…"),
                           _("Record an audit finding"), 0, G_CALLBACK (on_record_finding)),
         MAMORI_INSPECTION_ACT_AUDIT, section != NULL);
  gtk_list_box_append (self->audit_list, row);
  for (guint i = 0; i < findings->len; i++)
    {
      MamoriAuditFinding *f = g_ptr_array_index (findings, i);
      g_autofree char *title = g_strdup_printf ("%s · %s", mamori_audit_severity_label (f->severity),
                                                f->item_code ? f->item_code
                                                             : _("the section as a whole"));
      g_autofree char *when = mamori_date_display (f->found_on);
      /* Translators: an audit finding's text, then who found it and when */
      g_autofree char *subtitle = g_strdup_printf (_("%s — %s, %s"), f->finding,
                                                   f->auditor_name, when);

      gtk_list_box_append (self->audit_list, text_row (title, subtitle));
    }
}

static void
show_evaluation (MamoriInspectionsPage *self)
{
  mamori_list_box_remove_all (self->evaluation_list);
  gtk_list_box_append (self->evaluation_list,
                       heading_row (_("Management evaluates each chapter (評価) on the "
                                      "roll-up, the audit findings and the changes in "
                                      "circumstances, and proposes what to review.")));
  for (guint i = 0; i < self->chapters->len; i++)
    {
      MamoriChapterEvaluation *e = g_ptr_array_index (self->chapters, i);
      g_autofree char *title = g_strdup_printf ("%s %s", e->chapter_ref, e->chapter_title);
      g_autofree char *rate = mamori_rollup_rate_text (e->rate);
      g_autofree char *previous = mamori_rollup_rate_text (e->previous_rate);
      g_autofree char *name = g_strdup_printf (_("Evaluate %s"), e->chapter_ref);
      GString *subtitle = g_string_new (NULL);
      GtkWidget *row;

      /* Translators: what a chapter's evaluation rests on */
      g_string_append_printf (subtitle, _("Rate %s (last year %s) · audit findings %u · %s"),
                              rate, previous, e->audit_findings,
                              mamori_evaluation_rating_label (e->rating));
      if (e->assessment && *e->assessment)
        g_string_append_printf (subtitle, ": %s", e->assessment);
      if (e->circumstances && *e->circumstances)
        g_string_append_printf (subtitle, " · %s %s", _("Changes in circumstances:"),
                                e->circumstances);
      row = text_row (title, subtitle->str);
      g_string_free (subtitle, TRUE);
      allow (self, row_button (self, ADW_ACTION_ROW (row), _("Evaluate…"), name, i,
                               G_CALLBACK (on_evaluate)), MAMORI_INSPECTION_ACT_EVALUATE, TRUE);
      if (e->evaluation_id != 0)
        {
          g_autofree char *propose = g_strdup_printf (_("Propose a review of %s"),
                                                      e->chapter_ref);

          allow (self, row_button (self, ADW_ACTION_ROW (row), _("Propose Review…"), propose, i,
                                   G_CALLBACK (on_propose)), MAMORI_INSPECTION_ACT_EVALUATE,
                 TRUE);
        }
      gtk_list_box_append (self->evaluation_list, row);
    }
}

static void
show_review (MamoriInspectionsPage *self,
             GPtrArray             *proposals)
{
  mamori_list_box_remove_all (self->review_list);
  if (proposals->len == 0)
    gtk_list_box_append (self->review_list,
                         heading_row (_("No review proposals yet: they come out of the "
                                        "evaluation of a chapter.")));
  for (guint i = 0; i < proposals->len; i++)
    {
      MamoriReviewProposal *p = g_ptr_array_index (proposals, i);
      g_autofree char *decided = p->decided_on ? mamori_date_display (p->decided_on) : NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      /* Translators: a review proposal's chapter, the article it would change, its state */
      subtitle = g_strdup_printf (_("%s · article %s · %s%s%s"), p->chapter_ref,
                                  *p->ref ? p->ref : "—", mamori_review_status_label (p->status),
                                  decided ? ", " : "", decided ? decided : "");
      row = text_row (p->proposal, subtitle);
      if (g_strcmp0 (p->status, "proposed") == 0)
        {
          g_autofree char *adopt = g_strdup_printf (_("Adopt proposal %u"), i + 1);
          g_autofree char *reject = g_strdup_printf (_("Reject proposal %u"), i + 1);
          GtkWidget *button;

          button = row_button (self, ADW_ACTION_ROW (row), _("Adopt"), adopt, i,
                               G_CALLBACK (on_decide));
          g_object_set_data (G_OBJECT (button), "status", (gpointer)"adopted");
          g_object_set_data (G_OBJECT (button), "id", GSIZE_TO_POINTER (p->id));
          allow (self, button, MAMORI_INSPECTION_ACT_EVALUATE, TRUE);
          button = row_button (self, ADW_ACTION_ROW (row), _("Reject"), reject, i,
                               G_CALLBACK (on_decide));
          g_object_set_data (G_OBJECT (button), "status", (gpointer)"rejected");
          g_object_set_data (G_OBJECT (button), "id", GSIZE_TO_POINTER (p->id));
          allow (self, button, MAMORI_INSPECTION_ACT_EVALUATE, TRUE);
        }
      gtk_list_box_append (self->review_list, row);
    }
}

static void open_answer_dialog (MamoriInspectionsPage *self, MamoriSheetLine *line);

static void
on_answer_clicked (MamoriInspectionsPage *self,
                   GtkButton             *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "line"));

  if (self->lines != NULL && index < self->lines->len)
    open_answer_dialog (self, g_ptr_array_index (self->lines, index));
}

static GtkWidget *
sheet_row (MamoriInspectionsPage *self,
           MamoriSheetLine       *l,
           guint                  index)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (l->answer_label ? l->answer_label
                                                                 : _("Answer…"));
  g_autofree char *title = g_strdup_printf ("%s %s", l->code, l->question);
  g_autofree char *name = g_strdup_printf (_("Answer %s"), l->code);
  GString *subtitle = g_string_new (NULL);

  g_string_append_printf (subtitle, _("Last year: %s"),
                          l->previous_label ? l->previous_label : _("none"));
  g_string_append_printf (subtitle, " · %s", l->refs ? l->refs : "");
  if (l->plan_action && *l->plan_action)
    g_string_append_printf (subtitle, " · %s %s", _("Plan:"), l->plan_action);
  if (l->findings->len > 0)
    {
      g_string_append (subtitle, " · ⚠ ");
      g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE,
                                                     "the registers hold %u finding",
                                                     "the registers hold %u findings",
                                                     l->findings->len), l->findings->len);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  g_string_free (subtitle, TRUE);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (l->answer == NULL)
    gtk_widget_add_css_class (button, "suggested-action");
  else if (g_strcmp0 (l->meaning, "complied") != 0 && g_strcmp0 (l->meaning, "not-applicable") != 0)
    gtk_widget_add_css_class (button, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_widget_set_tooltip_text (button, name);
  g_object_set_data (G_OBJECT (button), "line", GUINT_TO_POINTER (index));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_answer_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_sheet (MamoriInspectionsPage *self,
            MamoriSheet           *sheet)
{
  const char *chapter = NULL;
  g_autofree char *status = NULL;
  gboolean frozen = g_strcmp0 (sheet->status, "submitted") == 0;

  mamori_list_box_remove_all (self->sheet_list);
  for (guint i = 0; i < self->lines->len; i++)
    {
      MamoriSheetLine *l = g_ptr_array_index (self->lines, i);

      if (g_strcmp0 (chapter, l->chapter_ref) != 0)
        {
          g_autofree char *heading = g_strdup_printf ("%s %s", l->chapter_ref, l->chapter_title);

          chapter = l->chapter_ref;
          gtk_list_box_append (self->sheet_list, heading_row (heading));
        }
      gtk_list_box_append (self->sheet_list, sheet_row (self, l, i));
    }
  allow (self, GTK_WIDGET (self->sheet_list), MAMORI_INSPECTION_ACT_ANSWER, !frozen);

  if (g_strcmp0 (sheet->status, "returned") == 0)
    status = g_strdup_printf (_("%s, version %d · %u of %u answered · returned: %s"),
                              mamori_sheet_status_label (sheet->status), sheet->version,
                              sheet->answered, sheet->items, sheet->return_reason);
  else if (sheet->submitted_at != NULL && frozen)
    {
      g_autofree char *when = mamori_era_format_timestamp (sheet->submitted_at);

      status = g_strdup_printf (_("%s, version %d · by %s, %s · hash %.12s…"),
                                mamori_sheet_status_label (sheet->status), sheet->version,
                                sheet->submitted_by, when, sheet->content_hash);
    }
  else
    status = g_strdup_printf (_("%s, version %d · %u of %u answered"),
                              mamori_sheet_status_label (sheet->status), sheet->version,
                              sheet->answered, sheet->items);
  gtk_label_set_label (self->status_label, status);
  allow (self, GTK_WIDGET (self->submit_button), MAMORI_INSPECTION_ACT_ANSWER,
         g_strcmp0 (sheet->status, "draft") == 0 || g_strcmp0 (sheet->status, "returned") == 0);
  allow (self, GTK_WIDGET (self->accept_button), MAMORI_INSPECTION_ACT_DECIDE, frozen);
  allow (self, GTK_WIDGET (self->return_button), MAMORI_INSPECTION_ACT_DECIDE, frozen);
}

static void
fill_drop (GtkDropDown *drop,
           GPtrArray   *names,
           guint        selected)
{
  GListModel *current = gtk_drop_down_get_model (drop);
  GtkStringList *list;
  gboolean same = current != NULL && g_list_model_get_n_items (current) == names->len;

  /* The same entries: keep the model, so that the drop-down (and whoever reads it with a
   * screen reader) is not rebuilt under the pointer. */
  for (guint i = 0; same && i < names->len; i++)
    same = g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (current), i),
                      g_ptr_array_index (names, i)) == 0;
  if (same)
    {
      if (gtk_drop_down_get_selected (drop) != selected)
        gtk_drop_down_set_selected (drop, selected);
      return;
    }
  list = gtk_string_list_new (NULL);
  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (names, i));
  gtk_drop_down_set_model (drop, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (drop, selected);
  g_object_unref (list);
}

static void
show_data (MamoriInspectionsPage *self,
           PageData              *d)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  g_clear_pointer (&self->cycles, g_ptr_array_unref);
  g_clear_pointer (&self->sheets, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->chapters, g_ptr_array_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_free (self->catalogue);
  self->sections = g_steal_pointer (&d->sections);
  self->catalogue = g_steal_pointer (&d->catalogue);
  self->cycles = g_steal_pointer (&d->cycles);
  if (self->cycles->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      page_data_free (d);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "cycle");
  self->cycle_id = d->cycle_id;
  self->section_id = d->section_id;
  self->sheets = g_steal_pointer (&d->sheets);
  self->lines = g_steal_pointer (&d->lines);
  self->people = g_steal_pointer (&d->people);
  self->chapters = g_steal_pointer (&d->chapters);
  self->sheet_id = d->sheet ? d->sheet->id : 0;
  self->person_id = d->person_id;
  for (guint i = 0; i < G_N_ELEMENTS (self->denied); i++)
    {
      g_free (self->denied[i]);
      self->denied[i] = g_steal_pointer (&d->denied[i]);
    }

  self->filling = TRUE;
  for (guint i = 0; i < self->cycles->len; i++)
    {
      MamoriCycle *c = g_ptr_array_index (self->cycles, i);

      if (c->id == self->cycle_id)
        {
          selected = i;
          self->standard_id = c->standard_id;
        }
      /* A year's cycle is named in the reader's language; an ad-hoc one as it was titled. */
      if (g_strcmp0 (c->kind, "fiscal-year") == 0)
        {
          g_autofree char *label = mamori_fiscal_year_label (c->fiscal_year);

          g_ptr_array_add (names, g_strdup_printf (_("Information security inspection, %s"),
                                                   label));
        }
      else
        g_ptr_array_add (names, g_strdup (c->title));
    }
  fill_drop (self->cycle_drop, names, selected);
  g_ptr_array_set_size (names, 0);
  selected = 0;
  for (guint i = 0; i < self->sheets->len; i++)
    {
      MamoriSheet *s = g_ptr_array_index (self->sheets, i);

      if (s->section_id == self->section_id)
        selected = i;
      g_ptr_array_add (names, g_strdup (s->section_name));
    }
  fill_drop (self->section_drop, names, selected);
  self->filling = FALSE;

  if (d->sheet != NULL && self->lines != NULL)
    show_sheet (self, d->sheet);
  show_rollup (self, d->rollup);
  show_audit (self, d->findings);
  show_evaluation (self);
  show_review (self, d->proposals);
  page_data_free (d);
}

static void
on_cycle_selected (MamoriInspectionsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->cycle_drop);

  if (self->filling || self->cycles == NULL || i >= self->cycles->len)
    return;
  self->cycle_id = ((MamoriCycle *)g_ptr_array_index (self->cycles, i))->id;
  reload (GTK_WIDGET (self));
}

static void
on_section_selected (MamoriInspectionsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->section_drop);

  if (self->filling || self->sheets == NULL || i >= self->sheets->len)
    return;
  self->section_id = ((MamoriSheet *)g_ptr_array_index (self->sheets, i))->section_id;
  reload (GTK_WIDGET (self));
}

/* Writing ------------------------------------------------------------------------------------ */

static MamoriStore *
store (void)
{
  return mamori_application_get_store (mamori_application_get_default ());
}

/* Every write goes to the worker, which holds the one writing connection. */

typedef enum
{
  WRITE_ANSWER,
  WRITE_SUBMIT,
  WRITE_ACCEPT,
  WRITE_RETURN,
  WRITE_OPEN_CYCLE,
  WRITE_FINDING,
  WRITE_EVALUATE,
  WRITE_PROPOSE,
  WRITE_DECIDE,
  WRITE_NEW_CYCLE,
} WriteOp;

/* texts: for an answer, the fields of MamoriAnswerInput from answer to fact_note; for a
 * return, the reason; for a new cycle, its title and due date; for an audit finding, its
 * severity, text and date; for an evaluation, the chapter, rating, assessment and
 * circumstances; for a proposal, the article and the text; for a decision, the status. */
typedef struct
{
  WriteOp  op;
  gint64   sheet_id;
  gint64   cycle_id;
  gint64   section_id;
  gint64   item_id;
  gint64   target_id;     /* the auditor, the evaluation or the proposal */
  gint64   person_id;     /* who acts: the core checks their roles */
  int      year;
  gboolean from_previous;
  GArray  *scope;         /* gint64: a new cycle's sections */
  char    *texts[9];
} WriteJob;

typedef struct
{
  MamoriInspectionsPage *page;
  GtkWidget             *window;   /* the dialog, closed once written */
  char                  *done;
} WriteCall;

static void
write_job_free (gpointer data)
{
  WriteJob *j = data;

  for (guint i = 0; i < G_N_ELEMENTS (j->texts); i++)
    g_free (j->texts[i]);
  g_clear_pointer (&j->scope, g_array_unref);
  g_free (j);
}

static gpointer
run_write (MamoriStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  WriteJob *j = data;
  gboolean ok = FALSE;

  mamori_inspection_set_person (store, j->person_id);
  switch (j->op)
    {
    case WRITE_ANSWER:
      {
        MamoriAnswerInput in = { j->item_id, j->texts[0], j->texts[1], j->texts[2], j->texts[3],
                                 j->texts[4], j->texts[5], j->texts[6], j->texts[7],
                                 j->texts[8] };

        ok = mamori_sheet_answer (store, j->sheet_id, &in, error);
      }
      break;
    case WRITE_SUBMIT:
      ok = mamori_sheet_submit (store, j->sheet_id, error);
      break;
    case WRITE_ACCEPT:
      ok = mamori_sheet_accept (store, j->sheet_id, error);
      break;
    case WRITE_RETURN:
      ok = mamori_sheet_return (store, j->sheet_id, j->texts[0], error);
      break;
    case WRITE_OPEN_CYCLE:
      ok = mamori_cycle_create (store, "fiscal-year", j->year, j->texts[0], NULL, NULL,
                                j->texts[1], NULL, 0, TRUE, NULL, error);
      break;
    case WRITE_FINDING:
      ok = mamori_audit_finding_add (store, j->cycle_id, j->section_id, j->item_id, j->target_id,
                                     j->texts[0], j->texts[1], j->texts[2], NULL, error);
      break;
    case WRITE_EVALUATE:
      ok = mamori_evaluation_set (store, j->cycle_id, j->texts[0], j->texts[1], j->texts[2],
                                  j->texts[3], NULL, error);
      break;
    case WRITE_PROPOSE:
      ok = mamori_review_propose (store, j->target_id, j->texts[0], j->texts[1], NULL, error);
      break;
    case WRITE_DECIDE:
      ok = mamori_review_decide (store, j->target_id, j->texts[0], error);
      break;
    case WRITE_NEW_CYCLE:
      ok = mamori_cycle_create (store, j->texts[0], j->year, j->texts[1], j->texts[2],
                                j->texts[3], j->texts[4], (const gint64 *)j->scope->data,
                                j->scope->len, j->from_previous, &j->target_id, error);
      break;
    }
  mamori_inspection_set_person (store, 0);
  return ok ? GINT_TO_POINTER (1) : NULL;
}

static void dialog_refused (GtkWidget *window, const char *message);

static void
written (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  WriteCall *call = user_data;
  g_autoptr(GError) error = NULL;

  if (mamori_worker_run_finish (MAMORI_WORKER (source), res, &error) == NULL)
    {
      if (call->window != NULL)
        dialog_refused (call->window, error->message);
      else
        toast (call->page, error->message);
    }
  else
    {
      if (call->window != NULL)
        gtk_window_destroy (GTK_WINDOW (call->window));
      toast (call->page, call->done);
      reload (GTK_WIDGET (call->page));
    }
  g_clear_object (&call->window);
  g_object_unref (call->page);
  g_free (call->done);
  g_free (call);
}

static void
write_async (MamoriInspectionsPage *self,
             WriteJob              *job,
             GtkWidget             *window,
             const char            *done)
{
  WriteCall *call = g_new0 (WriteCall, 1);

  call->page = g_object_ref (self);
  call->window = window ? g_object_ref (window) : NULL;
  call->done = g_strdup (done);
  job->sheet_id = self->sheet_id;
  job->cycle_id = self->cycle_id;
  job->section_id = self->section_id;
  job->person_id = self->person_id;
  mamori_worker_run_async (mamori_application_get_worker (mamori_application_get_default ()),
                           run_write, job, write_job_free, NULL, NULL, written, call);
}

static WriteJob *
write_job_new (WriteOp op)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->op = op;
  return job;
}

static void
on_submit (MamoriInspectionsPage *self)
{
  write_async (self, write_job_new (WRITE_SUBMIT), NULL, _("The sheet was submitted and is frozen."));
}

static void
on_accept (MamoriInspectionsPage *self)
{
  write_async (self, write_job_new (WRITE_ACCEPT), NULL, _("The sheet was accepted."));
}

static void
on_open_cycle (MamoriInspectionsPage *self)
{
  WriteJob *job = write_job_new (WRITE_OPEN_CYCLE);
  g_autofree char *label = NULL;

  job->year = mamori_fiscal_year_current ();
  label = mamori_fiscal_year_label (job->year);
  job->texts[0] = g_strdup_printf (_("Information security inspection, %s"), label);
  job->texts[1] = mamori_date_to_iso (job->year, 12, 25);
  self->cycle_id = 0;
  write_async (self, job, NULL, _("This year’s inspection is open."));
}

/* Small dialogs ---------------------------------------------------------------------------- */

static GtkWidget *
labelled_entry (GtkGrid    *grid,
                int         row,
                const char *label,
                const char *text)
{
  GtkWidget *caption = gtk_label_new (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (caption), 1);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_grid_attach (grid, caption, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  return entry;
}

/* A drop-down of @labels (taken) beside its caption, at @selected. */
static GtkDropDown *
labelled_drop (GtkGrid       *grid,
               int            row,
               const char    *label,
               GtkStringList *labels,
               guint          selected)
{
  GtkWidget *caption = gtk_label_new (label);
  GtkDropDown *drop = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (labels), NULL));

  gtk_label_set_xalign (GTK_LABEL (caption), 1);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_drop_down_set_selected (drop, selected);
  gtk_widget_set_hexpand (GTK_WIDGET (drop), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_grid_attach (grid, caption, 0, row, 1, 1);
  gtk_grid_attach (grid, GTK_WIDGET (drop), 1, row, 1, 1);
  return drop;
}

static GtkWidget *
form_grid (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  return grid;
}

static GtkWidget *
dialog_new (MamoriInspectionsPage *self,
            const char            *title,
            GtkWidget            **content,
            GtkWidget            **ok_button,
            const char            *ok_label)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_label (_("Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 560);
  *ok_button = gtk_button_new_with_label (ok_label);
  gtk_widget_add_css_class (*ok_button, "suggested-action");
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), *ok_button);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  gtk_box_append (GTK_BOX (box), header);
  *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (*content, 18);
  gtk_widget_set_margin_end (*content, 18);
  gtk_widget_set_margin_top (*content, 18);
  gtk_widget_set_margin_bottom (*content, 18);
  {
    /* What the core refuses is said in the dialog, beside what is to be fixed. */
    GtkWidget *error = gtk_label_new (NULL);

    gtk_label_set_wrap (GTK_LABEL (error), TRUE);
    gtk_label_set_xalign (GTK_LABEL (error), 0);
    gtk_widget_add_css_class (error, "error");
    gtk_widget_set_visible (error, FALSE);
    gtk_widget_set_margin_start (error, 18);
    gtk_widget_set_margin_end (error, 18);
    gtk_widget_set_margin_top (error, 12);
    gtk_box_append (GTK_BOX (box), error);
    g_object_set_data (G_OBJECT (window), "error-label", error);
  }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), *content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  return window;
}

static void
dialog_refused (GtkWidget  *window,
                const char *message)
{
  GtkWidget *error = g_object_get_data (G_OBJECT (window), "error-label");

  gtk_label_set_label (GTK_LABEL (error), message);
  gtk_widget_set_visible (error, TRUE);
}

static GtkWidget *
wrapped_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Returning a sheet */

static void
on_return_confirmed (GtkWidget *window)
{
  MamoriInspectionsPage *self = g_object_get_data (G_OBJECT (window), "page");
  GtkEditable *reason = g_object_get_data (G_OBJECT (window), "reason");
  WriteJob *job = write_job_new (WRITE_RETURN);

  job->texts[0] = g_strdup (gtk_editable_get_text (reason));
  write_async (self, job, window, _("The sheet was returned to the section."));
}

static void
on_return (MamoriInspectionsPage *self)
{
  GtkWidget *content, *ok;
  GtkWidget *window = dialog_new (self, _("Return the Sheet"), &content, &ok, _("Return"));
  GtkWidget *grid = form_grid ();
  GtkWidget *reason;

  gtk_box_append (GTK_BOX (content),
                  wrapped_label (_("The section reads the reason, fixes the sheet and submits "
                                   "it again."), NULL));
  reason = labelled_entry (GTK_GRID (grid), 0, _("Reason for returning"), NULL);
  gtk_box_append (GTK_BOX (content), grid);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 240);
  g_object_set_data (G_OBJECT (window), "page", self);
  g_object_set_data (G_OBJECT (window), "reason", reason);
  g_signal_connect_swapped (ok, "clicked", G_CALLBACK (on_return_confirmed), window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Answering an item */

typedef struct
{
  MamoriInspectionsPage *page;
  gint64                 item_id;
  GPtrArray             *options;   /* MamoriAnswerOption */
  GtkDropDown           *answer;
  GtkWidget             *entries[8];
} AnswerDialog;

enum { E_EVIDENCE, E_OBSERVATION, E_REASON, E_PLAN, E_OWNER, E_DUE, E_DONE, E_NOTE };

static void
answer_dialog_free (gpointer data)
{
  AnswerDialog *a = data;

  g_clear_pointer (&a->options, g_ptr_array_unref);
  g_free (a);
}

static const char *
entry_text (AnswerDialog *a,
            int           which)
{
  return gtk_editable_get_text (GTK_EDITABLE (a->entries[which]));
}

/* A date as people type it (和暦 or ISO) as ISO, or the text itself so that the core names
 * what is wrong. */
static char *
date_of (const char *text)
{
  char *iso;

  if (text == NULL || *text == '\0')
    return NULL;
  iso = mamori_date_parse_human (text);
  return iso ? iso : g_strdup (text);
}

static void
on_answer_save (GtkWidget *window)
{
  AnswerDialog *a = g_object_get_data (G_OBJECT (window), "dialog");
  guint selected = gtk_drop_down_get_selected (a->answer);
  WriteJob *job;

  if (selected >= a->options->len)
    return;
  job = write_job_new (WRITE_ANSWER);
  job->item_id = a->item_id;
  job->texts[0] = g_strdup (((MamoriAnswerOption *)g_ptr_array_index (a->options,
                                                                       selected))->code);
  for (int i = E_EVIDENCE; i <= E_NOTE; i++)
    job->texts[1 + i] = i == E_DUE || i == E_DONE ? date_of (entry_text (a, i))
                                                  : g_strdup (entry_text (a, i));
  write_async (a->page, job, window, _("The answer was saved."));
}

static void
on_open_record (GtkButton *button)
{
  MamoriApplication *app = mamori_application_get_default ();
  const char *table = g_object_get_data (G_OBJECT (button), "table");
  const char *uuid = g_object_get_data (G_OBJECT (button), "uuid");
  gint64 id = mamori_facts_record_id (store (), table, uuid);

  if (id == 0)
    return;
  if (g_strcmp0 (table, "assets") == 0)
    mamori_asset_editor_open (app, id, GTK_WIDGET (button));
  else if (g_strcmp0 (table, "contracts") == 0)
    mamori_contract_editor_open (app, id, GTK_WIDGET (button));
  else if (g_strcmp0 (table, "areas") == 0)
    {
      MamoriInspectionsPage *self = g_object_get_data (G_OBJECT (button), "page");
      GtkWidget *views = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);
      GtkWidget *areas = views ? adw_view_stack_get_child_by_name (ADW_VIEW_STACK (views),
                                                                   "areas") : NULL;

      /* The area shows in its own view, behind the dialog: close the dialog to read it. */
      gtk_widget_activate_action (GTK_WIDGET (self), "win.view", "s", "areas");
      if (MAMORI_IS_AREAS_PAGE (areas))
        mamori_areas_page_select (MAMORI_AREAS_PAGE (areas), id);
    }
}

static void
add_findings (MamoriInspectionsPage *self,
              GtkBox                *content,
              MamoriSheetLine       *l)
{
  static const char *const openable[] = { "assets", "areas", "contracts", NULL };
  g_autofree char *head = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
    "The registers hold %u finding on this item: “Done” needs a note explaining the "
    "difference.",
    "The registers hold %u findings on this item: “Done” needs a note explaining the "
    "difference.", l->findings->len), l->findings->len);

  gtk_box_append (content, wrapped_label (head, "warning"));
  for (guint i = 0; i < l->findings->len && i < 20; i++)
    {
      MamoriFinding *f = g_ptr_array_index (l->findings, i);
      g_autofree char *text = g_strdup_printf ("%s — %s: %s", f->ref, f->record_label,
                                               f->summary);
      g_autofree char *name = g_strdup_printf (_("Open %s"), f->record_label);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = wrapped_label (text, NULL);

      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), label);
      if (g_strv_contains (openable, f->record_table))
        {
          GtkWidget *open = gtk_button_new_with_label (_("Open"));

          gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          name, -1);
          g_object_set_data_full (G_OBJECT (open), "table", g_strdup (f->record_table), g_free);
          g_object_set_data_full (G_OBJECT (open), "uuid", g_strdup (f->record_uuid), g_free);
          g_object_set_data (G_OBJECT (open), "page", self);
          g_signal_connect (open, "clicked", G_CALLBACK (on_open_record), NULL);
          gtk_box_append (GTK_BOX (row), open);
        }
      gtk_box_append (content, row);
    }
}

static void
open_answer_dialog (MamoriInspectionsPage *self,
                    MamoriSheetLine       *l)
{
  AnswerDialog *a = g_new0 (AnswerDialog, 1);
  GtkWidget *content, *ok, *grid;
  GtkWidget *window = dialog_new (self, l->code, &content, &ok, _("Save"));
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *previous = NULL;
  g_autofree char *due = l->plan_due ? mamori_date_display (l->plan_due) : NULL;
  g_autofree char *done = l->plan_done_on ? mamori_date_display (l->plan_done_on) : NULL;
  guint selected = 0;
  struct { const char *label; const char *text; } fields[] = {
    { N_("Evidence"), l->evidence },
    { N_("Observation"), l->observation },
    { N_("Reason it does not apply"), l->reason },
    { N_("Improvement: what will be done"), l->plan_action },
    { N_("Improvement: who is responsible"), l->plan_owner },
    { N_("Improvement: due date"), due },
    { N_("Improvement: done on"), done },
    { N_("Note on the registers’ findings"), l->fact_note },
  };

  a->page = self;
  a->item_id = l->item_id;
  a->options = mamori_answer_options (store (), self->standard_id, l->scale, NULL);
  if (a->options == NULL)
    a->options = g_ptr_array_new ();
  for (guint i = 0; i < a->options->len; i++)
    {
      MamoriAnswerOption *o = g_ptr_array_index (a->options, i);

      gtk_string_list_append (labels, o->label);
      if (g_strcmp0 (o->code, l->answer) == 0)
        selected = i;
    }

  gtk_box_append (GTK_BOX (content), wrapped_label (l->question, "title-4"));
  if (l->gloss && *l->gloss)
    gtk_box_append (GTK_BOX (content), wrapped_label (l->gloss, "dim-label"));
  previous = g_strdup_printf (_("Cites %s · last year: %s"), l->refs ? l->refs : "",
                              l->previous_label ? l->previous_label : _("none"));
  gtk_box_append (GTK_BOX (content), wrapped_label (previous, "dim-label"));
  if (l->prohibition)
    gtk_box_append (GTK_BOX (content),
                    wrapped_label (_("A prohibition: “Done” means it is complied with — the "
                                     "prohibited act does not happen."), NULL));
  if (l->findings->len > 0)
    add_findings (self, GTK_BOX (content), l);

  grid = form_grid ();
  a->answer = labelled_drop (GTK_GRID (grid), 0, _("Answer"), g_object_ref (labels), selected);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    a->entries[i] = labelled_entry (GTK_GRID (grid), 1 + i, _(fields[i].label), fields[i].text);
  gtk_box_append (GTK_BOX (content), grid);
  gtk_box_append (GTK_BOX (content),
                  wrapped_label (_("“Partly done” and “Not done” need the improvement (what, "
                                   "who, by when); “Not applicable” needs the reason."),
                                 "dim-label"));

  g_object_set_data_full (G_OBJECT (window), "dialog", a, answer_dialog_free);
  g_signal_connect_swapped (ok, "clicked", G_CALLBACK (on_answer_save), window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Recording an audit finding */

static void
on_finding_save (GtkWidget *window)
{
  MamoriInspectionsPage *self = g_object_get_data (G_OBJECT (window), "page");
  GtkDropDown *item = g_object_get_data (G_OBJECT (window), "item");
  GtkDropDown *auditor = g_object_get_data (G_OBJECT (window), "auditor");
  GtkDropDown *severity = g_object_get_data (G_OBJECT (window), "severity");
  guint i = gtk_drop_down_get_selected (item);
  guint p = gtk_drop_down_get_selected (auditor);
  WriteJob *job;

  if (p >= self->people->len)
    {
      dialog_refused (window, _("Choose the auditor."));
      return;
    }
  job = write_job_new (WRITE_FINDING);
  job->item_id = i > 0 && self->lines && i <= self->lines->len
                 ? ((MamoriSheetLine *)g_ptr_array_index (self->lines, i - 1))->item_id : 0;
  job->target_id = ((MamoriPerson *)g_ptr_array_index (self->people, p))->id;
  job->texts[0] = g_strdup (mamori_audit_severities[gtk_drop_down_get_selected (severity)]);
  job->texts[1] = g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (window),
                                                                      "finding")));
  job->texts[2] = date_of (gtk_editable_get_text (g_object_get_data (G_OBJECT (window),
                                                                     "found-on")));
  write_async (self, job, window, _("The audit finding was recorded."));
}

static void
on_record_finding (MamoriInspectionsPage *self)
{
  GtkWidget *content, *ok;
  GtkWidget *window = dialog_new (self, _("Record an Audit Finding"), &content, &ok, _("Record"));
  GtkWidget *grid = form_grid ();
  GtkStringList *items = gtk_string_list_new (NULL);
  GtkStringList *people = gtk_string_list_new (NULL);
  GtkStringList *severities = gtk_string_list_new (NULL);
  GSettings *settings = mamori_application_get_settings (mamori_application_get_default ());
  g_autofree char *me = g_settings_get_string (settings, "profile-name");
  g_autofree char *today_iso = mamori_date_today_iso ();
  g_autofree char *today = mamori_date_display (today_iso);
  guint auditor = 0;
  GtkWidget *entry;

  gtk_string_list_append (items, _("The section as a whole"));
  for (guint i = 0; self->lines && i < self->lines->len; i++)
    {
      MamoriSheetLine *l = g_ptr_array_index (self->lines, i);
      g_autofree char *text = g_strdup_printf ("%s %s", l->code, l->question);

      gtk_string_list_append (items, text);
    }
  for (guint i = 0; i < self->people->len; i++)
    {
      MamoriPerson *p = g_ptr_array_index (self->people, i);

      gtk_string_list_append (people, p->name);
      if (g_strcmp0 (p->name, me) == 0)
        auditor = i;
    }
  for (guint i = 0; mamori_audit_severities[i]; i++)
    gtk_string_list_append (severities, mamori_audit_severity_label (mamori_audit_severities[i]));

  gtk_box_append (GTK_BOX (content),
                  wrapped_label (_("An audit is independent of what it audits: the finding is "
                                   "refused when the auditor belongs to the audited section."),
                                 "dim-label"));
  g_object_set_data (G_OBJECT (window), "item",
                     labelled_drop (GTK_GRID (grid), 0, _("Item"), items, 0));
  g_object_set_data (G_OBJECT (window), "auditor",
                     labelled_drop (GTK_GRID (grid), 1, _("Auditor"), people, auditor));
  g_object_set_data (G_OBJECT (window), "severity",
                     labelled_drop (GTK_GRID (grid), 2, _("Kind of finding"), severities, 0));
  entry = labelled_entry (GTK_GRID (grid), 3, _("What the auditor found"), NULL);
  g_object_set_data (G_OBJECT (window), "finding", entry);
  entry = labelled_entry (GTK_GRID (grid), 4, _("Found on"), today);
  g_object_set_data (G_OBJECT (window), "found-on", entry);
  gtk_box_append (GTK_BOX (content), grid);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 380);
  g_object_set_data (G_OBJECT (window), "page", self);
  g_signal_connect_swapped (ok, "clicked", G_CALLBACK (on_finding_save), window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Evaluating a chapter */

static MamoriChapterEvaluation *
chapter_of (MamoriInspectionsPage *self,
            GtkButton             *button)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  return self->chapters && i < self->chapters->len ? g_ptr_array_index (self->chapters, i)
                                                   : NULL;
}

static void
on_evaluation_save (GtkWidget *window)
{
  MamoriInspectionsPage *self = g_object_get_data (G_OBJECT (window), "page");
  GtkDropDown *rating = g_object_get_data (G_OBJECT (window), "rating");
  WriteJob *job = write_job_new (WRITE_EVALUATE);

  job->texts[0] = g_strdup (g_object_get_data (G_OBJECT (window), "chapter"));
  job->texts[1] = g_strdup (mamori_evaluation_ratings[gtk_drop_down_get_selected (rating)]);
  job->texts[2] = g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (window),
                                                                      "assessment")));
  job->texts[3] = g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (window),
                                                                      "circumstances")));
  write_async (self, job, window, _("The evaluation was saved."));
}

static void
on_evaluate (MamoriInspectionsPage *self,
             GtkButton             *button)
{
  MamoriChapterEvaluation *e = chapter_of (self, button);
  g_autofree char *title = NULL;
  g_autofree char *basis = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *previous = NULL;
  GtkWidget *content, *ok, *window, *grid, *entry;
  GtkStringList *ratings;
  guint selected = 0;

  if (e == NULL)
    return;
  title = g_strdup_printf (_("Evaluate %s"), e->chapter_ref);
  window = dialog_new (self, title, &content, &ok, _("Save"));
  grid = form_grid ();
  ratings = gtk_string_list_new (NULL);
  for (guint i = 0; mamori_evaluation_ratings[i]; i++)
    {
      gtk_string_list_append (ratings,
                              mamori_evaluation_rating_label (mamori_evaluation_ratings[i]));
      if (g_strcmp0 (e->rating, mamori_evaluation_ratings[i]) == 0)
        selected = i;
    }
  rate = mamori_rollup_rate_text (e->rate);
  previous = mamori_rollup_rate_text (e->previous_rate);
  basis = g_strdup_printf (_("Rate %s (last year %s) · audit findings %u"), rate, previous,
                           e->audit_findings);
  gtk_box_append (GTK_BOX (content), wrapped_label (e->chapter_title, "title-4"));
  gtk_box_append (GTK_BOX (content), wrapped_label (basis, "dim-label"));
  g_object_set_data (G_OBJECT (window), "rating",
                     labelled_drop (GTK_GRID (grid), 0, _("Rating"), ratings, selected));
  entry = labelled_entry (GTK_GRID (grid), 1, _("Assessment"), e->assessment);
  g_object_set_data (G_OBJECT (window), "assessment", entry);
  entry = labelled_entry (GTK_GRID (grid), 2, _("Changes in circumstances"), e->circumstances);
  g_object_set_data (G_OBJECT (window), "circumstances", entry);
  gtk_box_append (GTK_BOX (content), grid);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 340);
  g_object_set_data (G_OBJECT (window), "page", self);
  g_object_set_data_full (G_OBJECT (window), "chapter", g_strdup (e->chapter_ref), g_free);
  g_signal_connect_swapped (ok, "clicked", G_CALLBACK (on_evaluation_save), window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Proposing a review, deciding on it */

static void
on_proposal_save (GtkWidget *window)
{
  MamoriInspectionsPage *self = g_object_get_data (G_OBJECT (window), "page");
  WriteJob *job = write_job_new (WRITE_PROPOSE);

  job->target_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (window), "evaluation"));
  job->texts[0] = g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (window),
                                                                      "ref")));
  job->texts[1] = g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (window),
                                                                      "proposal")));
  write_async (self, job, window, _("The review proposal was recorded."));
}

static void
on_propose (MamoriInspectionsPage *self,
            GtkButton             *button)
{
  MamoriChapterEvaluation *e = chapter_of (self, button);
  g_autofree char *title = NULL;
  GtkWidget *content, *ok, *window, *grid, *entry;

  if (e == NULL || e->evaluation_id == 0)
    return;
  title = g_strdup_printf (_("Propose a review of %s"), e->chapter_ref);
  window = dialog_new (self, title, &content, &ok, _("Propose"));
  grid = form_grid ();
  gtk_box_append (GTK_BOX (content),
                  wrapped_label (_("What the evaluation shows should change (見直し): the "
                                   "standard, a procedure, or how it is run."), "dim-label"));
  entry = labelled_entry (GTK_GRID (grid), 0, _("Article"), e->chapter_ref);
  g_object_set_data (G_OBJECT (window), "ref", entry);
  entry = labelled_entry (GTK_GRID (grid), 1, _("Proposal"), NULL);
  g_object_set_data (G_OBJECT (window), "proposal", entry);
  gtk_box_append (GTK_BOX (content), grid);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 300);
  g_object_set_data (G_OBJECT (window), "page", self);
  g_object_set_data (G_OBJECT (window), "evaluation", GSIZE_TO_POINTER (e->evaluation_id));
  g_signal_connect_swapped (ok, "clicked", G_CALLBACK (on_proposal_save), window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_decide (MamoriInspectionsPage *self,
           GtkButton             *button)
{
  WriteJob *job = write_job_new (WRITE_DECIDE);
  const char *status = g_object_get_data (G_OBJECT (button), "status");

  job->target_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "id"));
  job->texts[0] = g_strdup (status);
  write_async (self, job, NULL, g_strcmp0 (status, "adopted") == 0
                                ? _("The review proposal was adopted.")
                                : _("The review proposal was rejected."));
}

/* A new cycle: a year's or an ad-hoc one, its scope, due date and starting point */

static const char *const cycle_kinds[] = { "fiscal-year", "ad-hoc" };

/* The years offered: next year's, this year's and the past ones an inspection may still be
 * recorded for (a late one, or an earlier year's taken over from paper). */
#define CYCLE_YEARS_BACK 5

static void
on_new_cycle_save (GtkWidget *window)
{
  MamoriInspectionsPage *self = g_object_get_data (G_OBJECT (window), "page");
  GtkDropDown *kind = g_object_get_data (G_OBJECT (window), "kind");
  GtkDropDown *year = g_object_get_data (G_OBJECT (window), "year");
  GPtrArray *checks = g_object_get_data (G_OBJECT (window), "scope");
  WriteJob *job = write_job_new (WRITE_NEW_CYCLE);
  const char *const fields[] = { "title", "from", "to", "due" };

  job->texts[0] = g_strdup (cycle_kinds[gtk_drop_down_get_selected (kind) ? 1 : 0]);
  job->year = mamori_fiscal_year_current () - CYCLE_YEARS_BACK +
              (int)gtk_drop_down_get_selected (year);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *text = gtk_editable_get_text (g_object_get_data (G_OBJECT (window),
                                                                   fields[i]));

      job->texts[1 + i] = i == 0 ? g_strdup (text) : date_of (text);
    }
  job->scope = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < checks->len && i < self->sections->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      g_array_append_val (job->scope, ((MamoriSection *)g_ptr_array_index (self->sections, i))->id);
  if (job->scope->len == 0)
    {
      write_job_free (job);
      dialog_refused (window, _("Choose at least one section for the inspection."));
      return;
    }
  job->from_previous = gtk_check_button_get_active (g_object_get_data (G_OBJECT (window),
                                                                       "from-previous"));
  self->cycle_id = 0;
  write_async (self, job, window, _("The inspection cycle is open."));
}

static void
on_new_cycle (MamoriInspectionsPage *self)
{
  GtkWidget *content, *ok;
  GtkWidget *window = dialog_new (self, _("New Inspection Cycle"), &content, &ok, _("Open"));
  GtkWidget *grid = form_grid ();
  GtkWidget *scope = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *from_previous;
  GtkStringList *kinds = gtk_string_list_new (NULL);
  GtkStringList *years = gtk_string_list_new (NULL);
  GPtrArray *checks = g_ptr_array_new ();
  int year = mamori_fiscal_year_current ();
  g_autofree char *label = mamori_fiscal_year_label (year);
  g_autofree char *title = g_strdup_printf (_("Information security inspection, %s"), label);
  g_autofree char *due_iso = mamori_date_to_iso (year, 12, 25);
  g_autofree char *due = mamori_date_display (due_iso);

  gtk_string_list_append (kinds, _("Yearly inspection (年度)"));
  gtk_string_list_append (kinds, _("Ad-hoc inspection"));
  for (int y = year - CYCLE_YEARS_BACK; y <= year + 1; y++)
    {
      g_autofree char *name = mamori_fiscal_year_label (y);

      gtk_string_list_append (years, name);
    }
  gtk_box_append (GTK_BOX (content),
                  wrapped_label (_("A yearly inspection covers its 年度 (April to March), one "
                                   "per year; an ad-hoc one covers the period it is given. Leave "
                                   "the period empty for the whole 年度."), "dim-label"));
  if (self->catalogue)
    gtk_box_append (GTK_BOX (content), wrapped_label (self->catalogue, NULL));
  g_object_set_data (G_OBJECT (window), "kind",
                     labelled_drop (GTK_GRID (grid), 0, _("Kind of inspection"), kinds, 0));
  g_object_set_data (G_OBJECT (window), "year",
                     labelled_drop (GTK_GRID (grid), 1, _("Fiscal year"), years,
                                    CYCLE_YEARS_BACK));
  g_object_set_data (G_OBJECT (window), "title",
                     labelled_entry (GTK_GRID (grid), 2, _("Title"), title));
  g_object_set_data (G_OBJECT (window), "from",
                     labelled_entry (GTK_GRID (grid), 3, _("Period from"), NULL));
  g_object_set_data (G_OBJECT (window), "to",
                     labelled_entry (GTK_GRID (grid), 4, _("Period to"), NULL));
  g_object_set_data (G_OBJECT (window), "due",
                     labelled_entry (GTK_GRID (grid), 5, _("Due date"), due));
  gtk_box_append (GTK_BOX (content), grid);

  from_previous = gtk_check_button_new_with_label (_("Start from last year’s answers"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (from_previous), TRUE);
  gtk_box_append (GTK_BOX (content), from_previous);
  g_object_set_data (G_OBJECT (window), "from-previous", from_previous);

  gtk_box_append (GTK_BOX (content), wrapped_label (_("Sections in scope"), "heading"));
  for (guint i = 0; self->sections && i < self->sections->len; i++)
    {
      MamoriSection *section = g_ptr_array_index (self->sections, i);
      GtkWidget *check = gtk_check_button_new_with_label (section->name);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_box_append (GTK_BOX (scope), check);
      g_ptr_array_add (checks, check);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (scope), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sections in scope"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), scope);
  gtk_widget_set_margin_start (scope, 6);
  gtk_box_append (GTK_BOX (content), frame);
  g_object_set_data_full (G_OBJECT (window), "scope", checks,
                          (GDestroyNotify)g_ptr_array_unref);
  g_object_set_data (G_OBJECT (window), "page", self);
  g_signal_connect_swapped (ok, "clicked", G_CALLBACK (on_new_cycle_save), window);
  gtk_window_present (GTK_WINDOW (window));
}

/* The class ------------------------------------------------------------------------------------ */

static void
mamori_inspections_page_dispose (GObject *object)
{
  MamoriInspectionsPage *self = MAMORI_INSPECTIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cycles, g_ptr_array_unref);
  g_clear_pointer (&self->sheets, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->chapters, g_ptr_array_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->catalogue, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->denied); i++)
    g_clear_pointer (&self->denied[i], g_free);
  G_OBJECT_CLASS (mamori_inspections_page_parent_class)->dispose (object);
}

static void
mamori_inspections_page_class_init (MamoriInspectionsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mamori_inspections_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-inspections-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, cycle_drop);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, section_drop);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, return_button);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, accept_button);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, views);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, sheet_list);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, rollup_list);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, audit_list);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, evaluation_list);
  gtk_widget_class_bind_template_child (widget_class, MamoriInspectionsPage, review_list);
  gtk_widget_class_bind_template_callback (widget_class, on_open_cycle);
  gtk_widget_class_bind_template_callback (widget_class, on_new_cycle);
  gtk_widget_class_bind_template_callback (widget_class, on_submit);
  gtk_widget_class_bind_template_callback (widget_class, on_return);
  gtk_widget_class_bind_template_callback (widget_class, on_accept);
}

static void
mamori_inspections_page_init (MamoriInspectionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->cycle_drop, "notify::selected",
                            G_CALLBACK (on_cycle_selected), self);
  g_signal_connect_swapped (self->section_drop, "notify::selected",
                            G_CALLBACK (on_section_selected), self);
  mamori_page_follow_database (GTK_WIDGET (self), reload);
  {
    MamoriApplication *app = mamori_application_get_default ();
    GSettings *settings = app ? mamori_application_get_settings (app) : NULL;

    /* Who may do what follows the profile's name. */
    if (settings != NULL)
      g_signal_connect_object (settings, "changed::profile-name", G_CALLBACK (reload), self,
                               G_CONNECT_SWAPPED);
  }
}
