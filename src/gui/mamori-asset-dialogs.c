/* mamori-asset-dialogs.c — recording a take-out, a disposal, an access right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small forms in an AdwMessageDialog.  What is recorded is what happened: a take-out without
 * approval can be entered (the checks then flag it), a form only insists on what the record
 * cannot do without (a purpose, a date).  Dates are typed as people write them (令和8年4月1
 * 日 or 2026-04-01) and stored as ISO.  The write goes to the worker.
 */

#include "config.h"

#include "mamori-asset-dialogs.h"

#include <glib/gi18n.h>

typedef enum
{
  WRITE_TAKEOUT,
  WRITE_DISPOSAL,
  WRITE_ACCESS,
  WRITE_ACCESS_REMOVAL,
  WRITE_RETURN,
} WriteKind;

typedef struct
{
  WriteKind              kind;
  gint64                 id;          /* asset, access right or take-out */
  MamoriTakeout          takeout;
  MamoriDisposal         disposal;
  gint64                 person_id;
  char                  *description;
  char                  *date;
  MamoriAssetDialogDone  done;
  gpointer               user_data;
} Write;

static void
write_free (Write *w)
{
  g_free (w->takeout.kind);
  g_free (w->takeout.purpose);
  g_free (w->takeout.method);
  g_free (w->takeout.handling);
  g_free (w->takeout.destination);
  g_free (w->takeout.approved_on);
  g_free (w->takeout.out_on);
  g_free (w->disposal.approved_on);
  g_free (w->disposal.erasure_method);
  g_free (w->disposal.disposed_on);
  g_free (w->description);
  g_free (w->date);
  g_clear_object (&w->user_data);
  g_free (w);
}

static gpointer
run_write (MamoriStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Write *w = data;
  gboolean ok = FALSE;

  if (!mamori_store_begin (store, error))
    return NULL;
  switch (w->kind)
    {
    case WRITE_TAKEOUT:
      ok = mamori_asset_add_takeout (store, w->id, &w->takeout, error);
      break;
    case WRITE_DISPOSAL:
      ok = mamori_asset_dispose (store, w->id, &w->disposal, error);
      break;
    case WRITE_ACCESS:
      ok = mamori_asset_add_access (store, w->id, w->person_id, w->description, error);
      break;
    case WRITE_ACCESS_REMOVAL:
      ok = mamori_asset_remove_access (store, w->id, error);
      break;
    case WRITE_RETURN:
      ok = mamori_asset_return_takeout (store, w->id, w->date, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (ok)
    ok = mamori_store_commit (store, error);
  else
    mamori_store_rollback (store);
  return ok ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Write *w = user_data;
  g_autoptr(GError) error = NULL;

  mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  w->done (w->user_data, error);
  write_free (w);
}

static void
submit (MamoriApplication *application,
        Write             *w)
{
  /* The callback frees the write, so the worker must not. */
  mamori_worker_run_async (mamori_application_get_worker (application), run_write, w, NULL, NULL,
                           NULL, written, w);
}

static Write *
write_new (WriteKind              kind,
           gint64                 id,
           MamoriAssetDialogDone  done,
           gpointer               user_data)
{
  Write *w = g_new0 (Write, 1);

  w->kind = kind;
  w->id = id;
  w->done = done;
  w->user_data = g_object_ref (user_data);
  return w;
}

/* Form rows ---------------------------------------------------------------------------------- */

static GtkWidget *
form_new (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return list;
}

static GtkWidget *
entry_row (GtkWidget  *form,
           const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (text)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_list_box_append (GTK_LIST_BOX (form), row);
  return row;
}

/* A drop-down of the register's people, searchable; position 0 is “nobody”. */
static GtkWidget *
person_row (GtkWidget         *form,
            const char        *title,
            MamoriApplication *application,
            GArray           **ids)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) people = mamori_org_list_people (mamori_application_get_store (application), NULL);
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *drop_down;
  gint64 none = 0;

  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (*ids, none);
  gtk_string_list_append (names, _("Nobody"));
  for (guint i = 0; people && i < people->len; i++)
    {
      MamoriPerson *p = g_ptr_array_index (people, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", p->name, p->title);

      gtk_string_list_append (names, label);
      g_array_append_val (*ids, p->id);
    }
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), expression);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), TRUE);
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop_down);
  gtk_list_box_append (GTK_LIST_BOX (form), row);
  return drop_down;
}

static gint64
chosen_person (GtkWidget *drop_down,
               GArray    *ids)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down));

  return i < ids->len ? g_array_index (ids, gint64, i) : 0;
}

static char *
row_text (GtkWidget *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* A date as typed, as ISO, or what was typed if it is not a date (the core then says so). */
static char *
row_date (GtkWidget *row)
{
  g_autofree char *text = row_text (row);
  char *iso;

  if (*text == '\0')
    return NULL;
  iso = mamori_date_parse_human (text);
  return iso ? iso : g_steal_pointer (&text);
}

static GtkWidget *
dialog_new (GtkWindow  *parent,
            const char *heading,
            const char *body,
            GtkWidget  *form,
            const char *accept)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), form);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("Cancel"),
                                    "record", accept, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

/* Take-out ---------------------------------------------------------------------------------- */

typedef struct
{
  MamoriApplication     *application;
  gint64                 asset_id;
  MamoriAssetDialogDone  done;
  gpointer               user_data;
  GtkWidget             *kind, *purpose, *method, *handling, *destination, *out_on;
  GtkWidget             *approver, *approved_on, *disposal_erasure, *witness;
  GArray                *approver_ids, *witness_ids;
} Form;

static void
form_free (Form *f)
{
  g_clear_pointer (&f->approver_ids, g_array_unref);
  g_clear_pointer (&f->witness_ids, g_array_unref);
  g_clear_object (&f->user_data);
  g_free (f);
}

static Form *
form_data_new (MamoriApplication     *application,
               gint64                 asset_id,
               MamoriAssetDialogDone  done,
               gpointer               user_data)
{
  Form *f = g_new0 (Form, 1);

  f->application = application;
  f->asset_id = asset_id;
  f->done = done;
  f->user_data = g_object_ref (user_data);
  return f;
}

static void
takeout_response (AdwMessageDialog *dialog,
                  const char       *response,
                  Form             *f)
{
  Write *w;

  if (g_strcmp0 (response, "record") == 0)
    {
      w = write_new (WRITE_TAKEOUT, f->asset_id, f->done, f->user_data);
      w->takeout.kind = g_strdup (gtk_drop_down_get_selected (GTK_DROP_DOWN (f->kind)) == 1
                                  ? "transmission" : "take-out");
      w->takeout.purpose = row_text (f->purpose);
      w->takeout.method = row_text (f->method);
      w->takeout.handling = row_text (f->handling);
      w->takeout.destination = row_text (f->destination);
      w->takeout.out_on = row_date (f->out_on);
      w->takeout.approver_id = chosen_person (f->approver, f->approver_ids);
      w->takeout.approved_on = row_date (f->approved_on);
      submit (f->application, w);
    }
  form_free (f);
}

/**
 * mamori_asset_dialog_takeout:
 *
 * Asks for a take-out or transmission — purpose, method, handling, where to, the date, who
 * approved it and when — and records it.
 */
void
mamori_asset_dialog_takeout (GtkWindow             *parent,
                             MamoriApplication     *application,
                             gint64                 asset_id,
                             MamoriAssetDialogDone  done,
                             gpointer               user_data)
{
  Form *f = form_data_new (application, asset_id, done, user_data);
  GtkWidget *form = form_new ();
  g_autofree char *today_iso = mamori_date_today_iso ();
  g_autofree char *today_text = mamori_era_format_iso (today_iso, MAMORI_ERA_STYLE_LONG);
  const char *kinds[] = { _("Taken out of the section"), _("Transmitted"), NULL };
  GtkWidget *kind_row = adw_action_row_new ();
  GtkWidget *dialog;

  f->kind = gtk_drop_down_new_from_strings (kinds);
  gtk_widget_set_valign (f->kind, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (kind_row), _("What happened"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (f->kind), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What happened"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (kind_row), f->kind);
  gtk_list_box_append (GTK_LIST_BOX (form), kind_row);
  f->purpose = entry_row (form, _("Purpose"), NULL);
  f->method = entry_row (form, _("Method (carried, mail, encrypted transfer…)"), NULL);
  f->handling = entry_row (form, _("Handling while out"), NULL);
  f->destination = entry_row (form, _("Taken or sent to"), NULL);
  f->out_on = entry_row (form, _("Date"), today_text);
  f->approver = person_row (form, _("Approved by"), application, &f->approver_ids);
  f->approved_on = entry_row (form, _("Date of approval"), NULL);

  dialog = dialog_new (parent, _("Record a Take-out or Transmission"),
                       _("An asset of the highest class needs the approval of the officer "
                         "responsible for it, with its content, purpose, method and handling "
                         "made clear."), form, _("Record"));
  g_signal_connect (dialog, "response", G_CALLBACK (takeout_response), f);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Disposal --------------------------------------------------------------------------------- */

static void
disposal_response (AdwMessageDialog *dialog,
                   const char       *response,
                   Form             *f)
{
  Write *w;

  if (g_strcmp0 (response, "record") == 0)
    {
      w = write_new (WRITE_DISPOSAL, f->asset_id, f->done, f->user_data);
      w->disposal.disposed_on = row_date (f->out_on);
      w->disposal.approver_id = chosen_person (f->approver, f->approver_ids);
      w->disposal.approved_on = row_date (f->approved_on);
      w->disposal.erasure_method = row_text (f->disposal_erasure);
      w->disposal.witness_id = chosen_person (f->witness, f->witness_ids);
      submit (f->application, w);
    }
  form_free (f);
}

/**
 * mamori_asset_dialog_disposal:
 *
 * Asks for the disposal — date, approval, erasure method, witness — and records it; the
 * asset is read-only afterwards.
 */
void
mamori_asset_dialog_disposal (GtkWindow             *parent,
                              MamoriApplication     *application,
                              gint64                 asset_id,
                              MamoriAssetDialogDone  done,
                              gpointer               user_data)
{
  Form *f = form_data_new (application, asset_id, done, user_data);
  GtkWidget *form = form_new ();
  g_autofree char *today_iso = mamori_date_today_iso ();
  g_autofree char *today_text = mamori_era_format_iso (today_iso, MAMORI_ERA_STYLE_LONG);
  GtkWidget *dialog;

  f->out_on = entry_row (form, _("Date of disposal"), today_text);
  f->approver = person_row (form, _("Approved by"), application, &f->approver_ids);
  f->approved_on = entry_row (form, _("Date of approval"), NULL);
  f->disposal_erasure = entry_row (form, _("Erasure (software, physical destruction, …)"), NULL);
  f->witness = person_row (form, _("Witness"), application, &f->witness_ids);

  dialog = dialog_new (parent, _("Record the Disposal"),
                       _("The record stays in the inventory, read-only, as the record of the "
                         "disposal. Media of the highest class are disposed of with the approval "
                         "of the responsible officer, erased beyond recovery."),
                       form, _("Record the Disposal"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect (dialog, "response", G_CALLBACK (disposal_response), f);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Access rights ---------------------------------------------------------------------------- */

static void
access_response (AdwMessageDialog *dialog,
                 const char       *response,
                 Form             *f)
{
  Write *w;

  if (g_strcmp0 (response, "record") == 0)
    {
      w = write_new (WRITE_ACCESS, f->asset_id, f->done, f->user_data);
      w->person_id = chosen_person (f->approver, f->approver_ids);
      w->description = row_text (f->purpose);
      submit (f->application, w);
    }
  form_free (f);
}

void
mamori_asset_dialog_access (GtkWindow             *parent,
                            MamoriApplication     *application,
                            gint64                 asset_id,
                            MamoriAssetDialogDone  done,
                            gpointer               user_data)
{
  Form *f = form_data_new (application, asset_id, done, user_data);
  GtkWidget *form = form_new ();
  GtkWidget *dialog;

  f->approver = person_row (form, _("Person"), application, &f->approver_ids);
  f->purpose = entry_row (form, _("Or a group, in words"), NULL);
  dialog = dialog_new (parent, _("Grant Access"),
                       _("Name a person of the register, or describe a group (for example, "
                         "the staff of one unit)."), form, _("Grant"));
  g_signal_connect (dialog, "response", G_CALLBACK (access_response), f);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
mamori_asset_write_access_removal (MamoriApplication     *application,
                                   gint64                 access_id,
                                   MamoriAssetDialogDone  done,
                                   gpointer               user_data)
{
  submit (application, write_new (WRITE_ACCESS_REMOVAL, access_id, done, user_data));
}

void
mamori_asset_write_return (MamoriApplication     *application,
                           gint64                 takeout_id,
                           MamoriAssetDialogDone  done,
                           gpointer               user_data)
{
  Write *w = write_new (WRITE_RETURN, takeout_id, done, user_data);

  w->date = mamori_date_today_iso ();
  submit (application, w);
}
