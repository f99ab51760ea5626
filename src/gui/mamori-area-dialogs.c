/* mamori-area-dialogs.c — designating an area, permitting a person, logging a visit or a move
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small forms in an AdwMessageDialog, quicker than the paper log: the visit form starts with
 * the time now and offers the people who came lately, Enter records, every field is reached
 * with Tab.  A form insists only on what the record cannot do without; what breaks a rule of
 * the standard (no escort, no ID check) is recorded and then flagged.  Single records are
 * written on the worker in one transaction; a refused form comes back with what was typed and
 * the reason, which names the field.  The import of a card reader's file is in
 * mamori-entry-import.c.
 */

#include "config.h"

#include "mamori-area-dialogs.h"

#include <glib/gi18n.h>

/* Forms ------------------------------------------------------------------------------------ */

static GtkWidget *
form_new (void)
{
  GtkWidget *form = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (form), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (form, "boxed-list");
  gtk_widget_set_size_request (form, 420, -1);
  return form;
}

static GtkWidget *
field (GtkWidget  *form,
       const char *key)
{
  return g_object_get_data (G_OBJECT (form), key);
}

/* Keeps @widget as the form's field @key. */
static void
remember (GtkWidget  *form,
          const char *key,
          GtkWidget  *widget)
{
  GPtrArray *keys = g_object_get_data (G_OBJECT (form), "keys");

  if (keys == NULL)
    {
      keys = g_ptr_array_new_with_free_func (g_free);
      g_object_set_data_full (G_OBJECT (form), "keys", keys, (GDestroyNotify)g_ptr_array_unref);
    }
  g_ptr_array_add (keys, g_strdup (key));
  g_object_set_data (G_OBJECT (form), key, widget);
}

static GtkWidget *
add_entry (GtkWidget  *form,
           const char *key,
           const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  if (text)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_list_box_append (GTK_LIST_BOX (form), row);
  remember (form, key, row);
  return row;
}

static GtkWidget *
add_suffix_row (GtkWidget  *form,
                const char *key,
                const char *title,
                GtkWidget  *widget)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  gtk_list_box_append (GTK_LIST_BOX (form), row);
  remember (form, key, widget);
  return widget;
}

static GtkWidget *
add_choice (GtkWidget          *form,
            const char         *key,
            const char         *title,
            const char * const *labels)
{
  return add_suffix_row (form, key, title, gtk_drop_down_new_from_strings (labels));
}

static GtkWidget *
add_check (GtkWidget  *form,
           const char *key,
           const char *title,
           gboolean    active)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  return add_suffix_row (form, key, title, check);
}

/* A drop-down of the register's people, "Nobody" first; their ids in its "ids". */
static GtkWidget *
add_person (GtkWidget         *form,
            const char        *key,
            const char        *title,
            MamoriApplication *application)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) people = mamori_org_list_people (mamori_application_get_store (application), NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkWidget *drop_down;
  gint64 none = 0;

  g_array_append_val (ids, none);
  gtk_string_list_append (names, _("Nobody"));
  for (guint i = 0; people && i < people->len; i++)
    {
      MamoriPerson *p = g_ptr_array_index (people, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", p->name, p->title);

      gtk_string_list_append (names, label);
      g_array_append_val (ids, p->id);
    }
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), expression);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), TRUE);
  g_object_set_data_full (G_OBJECT (drop_down), "ids", ids, (GDestroyNotify)g_array_unref);
  return add_suffix_row (form, key, title, drop_down);
}

/* The form's values, read on the main thread for a write on the worker: an entry's text, a
 * drop-down's position (a person's id for people, a code for a list of codes), "1" or "0"
 * for a check box. */
static GHashTable *
snapshot (GtkWidget *form)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *keys = g_object_get_data (G_OBJECT (form), "keys");

  for (guint i = 0; keys && i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      GtkWidget *widget = field (form, key);
      char *value;

      if (GTK_IS_DROP_DOWN (widget))
        {
          guint at = gtk_drop_down_get_selected (GTK_DROP_DOWN (widget));
          GArray *ids = g_object_get_data (G_OBJECT (widget), "ids");
          GStrv codes = g_object_get_data (G_OBJECT (widget), "codes");

          if (ids != NULL)
            value = g_strdup_printf ("%" G_GINT64_FORMAT,
                                     at < ids->len ? g_array_index (ids, gint64, at) : 0);
          else if (codes != NULL)
            value = g_strdup (at < g_strv_length (codes) ? codes[at] : "");
          else
            value = g_strdup_printf ("%u", at);
        }
      else if (GTK_IS_CHECK_BUTTON (widget))
        value = g_strdup (gtk_check_button_get_active (GTK_CHECK_BUTTON (widget)) ? "1" : "0");
      else
        value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget))));
      g_hash_table_insert (values, g_strdup (key), value);
    }
  return values;
}

static char *
text_of (GHashTable *values,
         const char *key)
{
  const char *text = g_hash_table_lookup (values, key);

  return g_strdup (text ? text : "");
}

/* A date as typed (令和8年4月1日 or 2026-04-01), as ISO; what was typed if it is not one, so
 * that the core names it. */
static char *
date_of (GHashTable *values,
         const char *key)
{
  g_autofree char *text = text_of (values, key);
  char *iso;

  if (*text == '\0')
    return NULL;
  iso = mamori_date_parse_human (text);
  return iso ? iso : g_steal_pointer (&text);
}

static char *
time_of (GHashTable *values,
         const char *key)
{
  g_autofree char *text = text_of (values, key);
  char *iso;

  if (*text == '\0')
    return NULL;
  iso = mamori_area_time_parse (text);
  return iso ? iso : g_steal_pointer (&text);
}

static gint64
number_of (GHashTable *values,
           const char *key)
{
  const char *text = g_hash_table_lookup (values, key);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static gboolean
checked (GHashTable *values,
         const char *key)
{
  return g_strcmp0 (g_hash_table_lookup (values, key), "1") == 0;
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d %H:%M");
}

/* Dialogs ---------------------------------------------------------------------------------- */

typedef struct _Ctx Ctx;

/* Writes what the form holds, on the worker; c->id receives the new row's id. */
typedef gboolean (*WriteFunc) (MamoriStore  *store,
                               Ctx          *c,
                               GError      **error);

/* After a write, on the main thread; instead of the caller's done. */
typedef void (*AfterFunc) (Ctx *c);

struct _Ctx
{
  MamoriApplication    *application;
  GtkWindow            *parent;
  gint64                area_id;
  WriteFunc             write;
  MamoriAreaDialogDone  done;
  gpointer              user_data;
  GtkWidget            *form;
  GHashTable           *values;
  gint64                id;
  MamoriAreaSample     *sample;
  AfterFunc             after;
  char                 *heading;   /* of the form, shown again when a write is refused */
  char                 *accept;
};

static void
ctx_free (Ctx *c)
{
  g_clear_object (&c->user_data);
  g_clear_object (&c->parent);
  g_clear_object (&c->form);
  g_clear_pointer (&c->values, g_hash_table_unref);
  g_clear_pointer (&c->sample, mamori_area_sample_free);
  g_free (c->heading);
  g_free (c->accept);
  g_free (c);
}

static void
show_error (GtkWindow  *parent,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* On the worker, with its own read-write store: one transaction. */
static gpointer
run_write (MamoriStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Ctx *c = data;

  if (!mamori_store_begin (store, error))
    return NULL;
  if (c->write (store, c, error) && mamori_store_commit (store, error))
    return GINT_TO_POINTER (TRUE);
  mamori_store_rollback (store);
  return NULL;
}

static void present_form (Ctx *c, const char *body);

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Ctx *c = data;
  g_autoptr(GError) error = NULL;

  if (mamori_worker_run_finish (MAMORI_WORKER (source), result, &error) == NULL &&
      c->form != NULL && c->heading != NULL)
    {
      /* Refused: the same form again, with what was typed and the reason, which names the
       * field. */
      g_clear_pointer (&c->values, g_hash_table_unref);
      present_form (c, error ? error->message : "");
      return;
    }
  if (error != NULL)
    show_error (c->parent, _("Not Recorded"), error->message);
  else if (c->after)
    {
      c->after (c);
      return;
    }
  else if (c->done)
    c->done (c->id, c->user_data);
  ctx_free (c);
}

static void
form_response (AdwMessageDialog *dialog,
               const char       *response,
               Ctx              *c)
{
  if (g_strcmp0 (response, "record") != 0)
    {
      ctx_free (c);
      return;
    }
  c->values = snapshot (c->form);
  /* The form outlives its dialog, to be shown again if the write is refused. */
  adw_message_dialog_set_extra_child (dialog, NULL);
  /* The callback frees the context, so the worker must not. */
  mamori_worker_run_async (mamori_application_get_worker (c->application), run_write, c, NULL,
                           NULL, NULL, write_done, c);
}

static void
present_form (Ctx        *c,
              const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (c->parent, c->heading, body);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), c->form);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("Cancel"),
                                    "record", c->accept, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (form_response), c);
  gtk_window_present (GTK_WINDOW (dialog));
}

static Ctx *
run_form (GtkWindow            *parent,
          MamoriApplication    *application,
          gint64                area_id,
          const char           *heading,
          const char           *body,
          GtkWidget            *form,
          const char           *accept,
          WriteFunc             write,
          MamoriAreaDialogDone  done,
          gpointer              user_data)
{
  Ctx *c = g_new0 (Ctx, 1);

  c->application = application;
  c->parent = parent ? g_object_ref (parent) : NULL;
  c->area_id = area_id;
  c->write = write;
  c->done = done;
  c->user_data = user_data ? g_object_ref (user_data) : NULL;
  c->form = g_object_ref_sink (form);
  c->heading = g_strdup (heading);
  c->accept = g_strdup (accept);
  present_form (c, body);
  return c;
}

static const char * const kind_ids[] = { "staff", "contractor", "other" };

static const char * const *
kind_labels (void)
{
  static const char *labels[4];

  for (guint i = 0; i < 3; i++)
    labels[i] = mamori_area_kind_label (kind_ids[i]);
  return labels;
}

/* Measures --------------------------------------------------------------------------------- */

static gboolean
write_measure (MamoriStore  *store,
               Ctx          *c,
               GError      **error)
{
  return mamori_area_set_measure (store, c->area_id, g_hash_table_lookup (c->values, "code"),
                                  g_hash_table_lookup (c->values, "how"), error);
}

/**
 * mamori_area_save_measure:
 *
 * Records, on the worker, how the area meets one measure of its class.
 */
void
mamori_area_save_measure (GtkWindow            *parent,
                          MamoriApplication    *application,
                          gint64                area_id,
                          const char           *measure_code,
                          const char           *how,
                          MamoriAreaDialogDone  done,
                          gpointer              user_data)
{
  Ctx *c = g_new0 (Ctx, 1);

  c->application = application;
  c->parent = parent ? g_object_ref (parent) : NULL;
  c->area_id = area_id;
  c->write = write_measure;
  c->done = done;
  c->user_data = user_data ? g_object_ref (user_data) : NULL;
  c->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (c->values, (gpointer)"code", g_strdup (measure_code));
  g_hash_table_insert (c->values, (gpointer)"how", g_strdup (how));
  mamori_worker_run_async (mamori_application_get_worker (application), run_write, c, NULL,
                           NULL, NULL, write_done, c);
}

/* Designate -------------------------------------------------------------------------------- */

static gboolean
write_area (MamoriStore  *store,
            Ctx          *c,
            GError      **error)
{
  GHashTable *values = c->values;
  g_autofree char *class_code = text_of (values, "class");
  g_autofree char *code = text_of (values, "code"), *name = text_of (values, "name");
  g_autofree char *building = text_of (values, "building"), *floor = text_of (values, "floor");
  g_autofree char *room = text_of (values, "room"), *designated = date_of (values, "designated");
  MamoriArea a = { 0 };

  a.code = code;
  a.name = name;
  a.class_code = class_code;
  a.building = building;
  a.floor = floor;
  a.room = room;
  a.officer_id = number_of (values, "officer");
  a.designated_on = designated;
  return mamori_area_insert (store, &a, &c->id, error);
}

/**
 * mamori_area_dialog_designate:
 *
 * Asks for a new area's code, name, class, place and responsible officer, and designates it.
 */
void
mamori_area_dialog_designate (GtkWindow            *parent,
                              MamoriApplication    *application,
                              MamoriAreaDialogDone  done,
                              gpointer              user_data)
{
  GStrv codes = NULL;
  g_auto(GStrv) label_list = NULL;
  GtkWidget *form = form_new ();
  g_autofree char *today = mamori_date_today_iso ();
  g_autofree char *today_text = mamori_era_format_iso (today, MAMORI_ERA_STYLE_LONG);

  mamori_area_classes (mamori_application_get_store (application), &codes, &label_list);

  add_entry (form, "code", C_("area", "Code"), NULL);
  add_entry (form, "name", C_("area", "Name"), NULL);
  g_object_set_data_full (G_OBJECT (add_choice (form, "class", C_("area", "Class"),
                                                (const char * const *)label_list)),
                          "codes", codes, (GDestroyNotify)g_strfreev);
  add_entry (form, "building", _("Building"), NULL);
  add_entry (form, "floor", _("Floor"), NULL);
  add_entry (form, "room", _("Room or section of the floor"), NULL);
  add_person (form, "officer", _("Responsible officer"), application);
  add_entry (form, "designated", _("Designated on"), today_text);
  run_form (parent, application, 0, _("Designate a Managed Area"),
            _("The standard's class decides which measures the area must take."), form,
            _("Designate"), write_area, done, user_data);
}

/* Permit ----------------------------------------------------------------------------------- */

static gboolean
write_permit (MamoriStore  *store,
              Ctx          *c,
              GError      **error)
{
  GHashTable *values = c->values;
  g_autofree char *name = text_of (values, "name"), *affiliation = text_of (values, "affiliation");
  g_autofree char *contract = text_of (values, "contract"), *card = text_of (values, "card");
  g_autofree char *from = date_of (values, "from"), *to = date_of (values, "to");
  MamoriAreaPermit p = { 0 };

  p.area_id = c->area_id;
  p.person_id = number_of (values, "staff");
  p.name = name;
  p.affiliation = affiliation;
  p.kind = (char *)kind_ids[CLAMP (number_of (values, "kind"), 0, 2)];
  p.contract_number = contract;
  p.card_number = card;
  p.valid_from = from;
  p.valid_to = to;
  return mamori_area_permit_insert (store, &p, &c->id, error);
}

/**
 * mamori_area_dialog_permit:
 *
 * Asks for a person to permit into the area — a staff member of the register or someone
 * named, with the contract a contractor works under, the key or card number and the period.
 */
void
mamori_area_dialog_permit (GtkWindow            *parent,
                           MamoriApplication    *application,
                           gint64                area_id,
                           MamoriAreaDialogDone  done,
                           gpointer              user_data)
{
  GtkWidget *form = form_new ();
  g_autofree char *today = mamori_date_today_iso ();
  g_autofree char *today_text = mamori_era_format_iso (today, MAMORI_ERA_STYLE_LONG);

  add_person (form, "staff", _("Staff member"), application);
  add_entry (form, "name", _("Name (if not a staff member)"), NULL);
  add_entry (form, "affiliation", _("Affiliation or company"), NULL);
  add_choice (form, "kind", _("Kind of person"), kind_labels ());
  add_entry (form, "contract", _("Contract number (contractors)"), NULL);
  add_entry (form, "card", _("Key or card number"), NULL);
  add_entry (form, "from", _("Permitted from"), today_text);
  add_entry (form, "to", _("Permitted until (empty: no end)"), NULL);
  run_form (parent, application, area_id, _("Permit a Person to Enter"),
            _("Entries by people not permitted on that day are flagged in the log."), form,
            _("Permit"), write_permit, done, user_data);
}

/* Visit ------------------------------------------------------------------------------------ */

static gboolean
write_visit (MamoriStore  *store,
             Ctx          *c,
             GError      **error)
{
  GHashTable *values = c->values;
  g_autofree char *name = text_of (values, "name"), *affiliation = text_of (values, "affiliation");
  g_autofree char *purpose = text_of (values, "purpose"), *items = text_of (values, "items");
  g_autofree char *in = time_of (values, "in"), *out = time_of (values, "out");
  g_autofree char *card = text_of (values, "card");
  MamoriAreaEntry e = { 0 };

  e.area_id = c->area_id;
  e.name = name;
  e.affiliation = affiliation;
  e.kind = (char *)kind_ids[CLAMP (number_of (values, "kind"), 0, 2)];
  e.purpose = purpose;
  e.entered_at = in;
  e.left_at = out;
  e.escort_id = number_of (values, "escort");
  e.id_checked = checked (values, "id-checked");
  e.card_number = card;
  e.items = items;
  e.unissued_media = checked (values, "unissued");
  return mamori_area_entry_insert (store, &e, &c->id, error);
}

/* The recent person chosen in the form's "recent" drop-down (after "Someone new"), or NULL. */
static MamoriAreaEntry *
recent_pick (GtkDropDown *drop_down,
             GtkWidget   *form)
{
  GPtrArray *recent = g_object_get_data (G_OBJECT (form), "recent");
  guint i = gtk_drop_down_get_selected (drop_down);

  if (i == 0 || i == GTK_INVALID_LIST_POSITION || recent == NULL || i > recent->len)
    return NULL;
  return g_ptr_array_index (recent, i - 1);
}

static void
recent_chosen (GtkDropDown *drop_down,
               GParamSpec  *pspec,
               GtkWidget   *form)
{
  MamoriAreaEntry *e = recent_pick (drop_down, form);

  if (e == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (field (form, "name")), e->name);
  gtk_editable_set_text (GTK_EDITABLE (field (form, "affiliation")), e->affiliation);
  gtk_editable_set_text (GTK_EDITABLE (field (form, "purpose")), e->purpose);
  gtk_editable_set_text (GTK_EDITABLE (field (form, "card")), e->card_number);
  for (guint k = 0; k < G_N_ELEMENTS (kind_ids); k++)
    if (g_strcmp0 (kind_ids[k], e->kind) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (field (form, "kind")), k);
}

/**
 * mamori_area_dialog_visit:
 *
 * The entry log's form: who came, from where, why, when they came and left, who escorted
 * them, whether their ID was checked, what they brought in or out.
 */
void
mamori_area_dialog_visit (GtkWindow            *parent,
                          MamoriApplication    *application,
                          gint64                area_id,
                          MamoriAreaDialogDone  done,
                          gpointer              user_data)
{
  MamoriStore *store = mamori_application_get_store (application);
  GPtrArray *recent = mamori_area_recent_people (store, area_id, 12, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) name_list = NULL;
  g_autofree char *now = now_text ();
  GtkWidget *form = form_new ();
  GtkWidget *recent_drop;

  g_strv_builder_add (names, _("Someone new"));
  for (guint i = 0; recent && i < recent->len; i++)
    {
      MamoriAreaEntry *e = g_ptr_array_index (recent, i);
      g_autofree char *label = *e->affiliation ? g_strdup_printf ("%s (%s)", e->name, e->affiliation)
                                               : g_strdup (e->name);
      g_strv_builder_add (names, label);
    }
  name_list = g_strv_builder_end (names);
  g_object_set_data_full (G_OBJECT (form), "recent", recent, (GDestroyNotify)g_ptr_array_unref);

  recent_drop = add_choice (form, "recent", _("Recent visitors"), (const char * const *)name_list);
  add_entry (form, "name", C_("person", "Name"), NULL);
  add_entry (form, "affiliation", _("Affiliation or company"), NULL);
  add_choice (form, "kind", _("Kind of person"), kind_labels ());
  add_entry (form, "purpose", _("Purpose"), NULL);
  add_entry (form, "in", _("Entered at"), now);
  add_entry (form, "out", _("Left at"), NULL);
  add_person (form, "escort", _("Escorting staff member"), application);
  add_check (form, "id-checked", _("ID checked"), FALSE);
  add_entry (form, "card", _("Key or card number"), NULL);
  add_entry (form, "items", _("Media or equipment brought in or out"), NULL);
  add_check (form, "unissued", _("Media not issued by the ward among them"), FALSE);
  g_signal_connect (recent_drop, "notify::selected", G_CALLBACK (recent_chosen), form);
  run_form (parent, application, area_id, _("Log a Visit"),
            _("Times are written as 2026-04-01 09:30."), form, _("Log"), write_visit, done,
            user_data);
}

/* Keys and cards --------------------------------------------------------------------------- */

static gboolean
write_loan (MamoriStore  *store,
            Ctx          *c,
            GError      **error)
{
  GHashTable *values = c->values;
  g_autofree char *name = text_of (values, "name"), *key = text_of (values, "key");
  g_autofree char *lent = time_of (values, "lent"), *due = time_of (values, "due");
  MamoriAreaKeyLoan k = { 0 };

  k.area_id = c->area_id;
  k.name = name;
  k.key_number = key;
  k.approver_id = number_of (values, "approver");
  k.lent_at = lent;
  k.due_at = due;
  return mamori_area_key_lend (store, &k, &c->id, error);
}

static void
recent_borrower_chosen (GtkDropDown *drop_down,
                        GParamSpec  *pspec,
                        GtkWidget   *form)
{
  MamoriAreaEntry *e = recent_pick (drop_down, form);

  if (e == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (field (form, "name")), e->name);
  gtk_editable_set_text (GTK_EDITABLE (field (form, "key")), e->card_number);
}

/**
 * mamori_area_dialog_lend_key:
 *
 * The lending register's form (鍵・入館証 貸出簿): who borrows which key or card, approved by
 * whom, when, and by when it is due back (the end of the day if not given).
 */
void
mamori_area_dialog_lend_key (GtkWindow            *parent,
                             MamoriApplication    *application,
                             gint64                area_id,
                             MamoriAreaDialogDone  done,
                             gpointer              user_data)
{
  MamoriStore *store = mamori_application_get_store (application);
  GPtrArray *recent = mamori_area_recent_people (store, area_id, 12, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) name_list = NULL;
  g_autofree char *now = now_text ();
  GtkWidget *form = form_new ();
  GtkWidget *recent_drop;

  g_strv_builder_add (names, _("Someone new"));
  for (guint i = 0; recent && i < recent->len; i++)
    g_strv_builder_add (names, ((MamoriAreaEntry *)g_ptr_array_index (recent, i))->name);
  name_list = g_strv_builder_end (names);
  g_object_set_data_full (G_OBJECT (form), "recent", recent, (GDestroyNotify)g_ptr_array_unref);

  recent_drop = add_choice (form, "recent", _("Recent people"), (const char * const *)name_list);
  add_entry (form, "name", _("Borrower"), NULL);
  add_entry (form, "key", _("Key or card number"), NULL);
  add_person (form, "approver", _("Approved by"), application);
  add_entry (form, "lent", _("Lent at"), now);
  add_entry (form, "due", _("Due back at"), NULL);
  g_signal_connect (recent_drop, "notify::selected", G_CALLBACK (recent_borrower_chosen), form);
  run_form (parent, application, area_id, _("Lend a Key or Card"),
            _("Times are written as 2026-04-01 09:30. Without a due time the key is due back "
              "by the end of the day."), form, _("Lend"), write_loan, done, user_data);
}

static gboolean
write_return (MamoriStore  *store,
              Ctx          *c,
              GError      **error)
{
  return mamori_area_key_return (store, c->id, NULL, NULL, error);
}

/**
 * mamori_area_return_key:
 *
 * Records, on the worker, that loan @loan_id came back now.
 */
void
mamori_area_return_key (GtkWindow            *parent,
                        MamoriApplication    *application,
                        gint64                loan_id,
                        MamoriAreaDialogDone  done,
                        gpointer              user_data)
{
  Ctx *c = g_new0 (Ctx, 1);

  c->application = application;
  c->parent = parent ? g_object_ref (parent) : NULL;
  c->id = loan_id;
  c->write = write_return;
  c->done = done;
  c->user_data = user_data ? g_object_ref (user_data) : NULL;
  mamori_worker_run_async (mamori_application_get_worker (application), run_write, c, NULL,
                           NULL, NULL, write_done, c);
}

/* Move ------------------------------------------------------------------------------------- */

static gboolean
write_move (MamoriStore  *store,
            Ctx          *c,
            GError      **error)
{
  GHashTable *values = c->values;
  g_autofree char *at = time_of (values, "at"), *item = text_of (values, "item");
  g_autofree char *carried = text_of (values, "carried");
  MamoriAreaMove m = { 0 };

  m.area_id = c->area_id;
  m.direction = number_of (values, "direction") == 1 ? (char *)"out" : (char *)"in";
  m.moved_at = at;
  m.item = item;
  m.is_medium = checked (values, "medium");
  m.issued = !checked (values, "unissued");
  m.carried_by = carried;
  m.witness_id = number_of (values, "witness");
  return mamori_area_move_insert (store, &m, &c->id, error);
}

/**
 * mamori_area_dialog_move:
 *
 * Records equipment or a medium carried in or out, with the staff member who witnessed it.
 */
void
mamori_area_dialog_move (GtkWindow            *parent,
                         MamoriApplication    *application,
                         gint64                area_id,
                         MamoriAreaDialogDone  done,
                         gpointer              user_data)
{
  const char *directions[] = { _("Carried in"), _("Carried out"), NULL };
  g_autofree char *now = now_text ();
  GtkWidget *form = form_new ();

  add_choice (form, "direction", _("Direction"), directions);
  add_entry (form, "at", _("Time"), now);
  add_entry (form, "item", _("Equipment or medium"), NULL);
  add_check (form, "medium", _("It is a storage medium"), FALSE);
  add_check (form, "unissued", _("Not issued by the ward"), FALSE);
  add_entry (form, "carried", _("Carried by"), NULL);
  add_person (form, "witness", _("Witnessing staff member"), application);
  run_form (parent, application, area_id, _("Record an Equipment Move"),
            _("The standard asks for a staff member to witness every move."), form,
            _("Record"), write_move, done, user_data);
}

/* Sampling check --------------------------------------------------------------------------- */

static gboolean
keep_sample (MamoriStore  *store,
             Ctx          *c,
             GError      **error)
{
  return mamori_reconcile_sample_record (store, c->sample, error);
}

static void
keep_response (AdwMessageDialog *dialog,
               const char       *response,
               Ctx              *c)
{
  if (g_strcmp0 (response, "keep") != 0)
    {
      ctx_free (c);
      return;
    }
  c->write = keep_sample;
  c->after = NULL;
  mamori_worker_run_async (mamori_application_get_worker (c->application), run_write, c, NULL,
                           NULL, NULL, write_done, c);
}

/* On the worker: draws the days (it writes nothing; the transaction stays empty). */
static gboolean
draw_sample (MamoriStore  *store,
             Ctx          *c,
             GError      **error)
{
  g_autofree char *from = date_of (c->values, "from"), *to = date_of (c->values, "to");
  gint64 days = g_ascii_strtoll (g_hash_table_lookup (c->values, "days"), NULL, 10);

  c->sample = mamori_reconcile_sample (store, c->area_id, from ? from : "", to ? to : "",
                                       (guint)CLAMP (days, 0, 366), g_random_int (), error);
  return c->sample != NULL;
}

/* On the main thread: what the draw found, and the offer to keep it. */
static void
show_sample (Ctx *c)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  g_string_append_printf (body, _("Records sampled: %lld; defective: %lld"),
                          (long long)c->sample->sampled, (long long)c->sample->defective);
  g_string_append (body, "\n");
  for (guint i = 0; c->sample->days[i]; i++)
    {
      g_autofree char *shown = mamori_date_display (c->sample->days[i]);
      g_string_append_printf (body, "%s%s", i ? _(", ") : "", shown);
    }
  dialog = adw_message_dialog_new (c->parent, _("Sampling Check of the Entry Log"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("Close"),
                                    "keep", _("Keep as Evidence"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "keep",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (keep_response), c);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * mamori_area_dialog_sample:
 *
 * The sampling check of the entry log: draws days of a period and shows what the records of
 * those days fail; the result can be kept as the inspection's evidence.
 */
void
mamori_area_dialog_sample (GtkWindow         *parent,
                           MamoriApplication *application,
                           gint64             area_id)
{
  GtkWidget *form = form_new ();
  g_autofree char *from = mamori_fiscal_year_start_iso (mamori_fiscal_year_current ());
  g_autofree char *to = mamori_date_today_iso ();
  g_autofree char *from_text = mamori_era_format_iso (from, MAMORI_ERA_STYLE_LONG);
  g_autofree char *to_text = mamori_era_format_iso (to, MAMORI_ERA_STYLE_LONG);

  add_entry (form, "from", _("From"), from_text);
  add_entry (form, "to", _("To"), to_text);
  add_entry (form, "days", _("Days to draw"), "5");
  run_form (parent, application, area_id, _("Sampling Check of the Entry Log"),
            _("Days with records are drawn at random; each record of those days is checked."),
            form, _("Draw"), draw_sample, NULL, NULL)->after = show_sample;
}
