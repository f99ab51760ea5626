/* mamori-inventory-actions.c — what the inventory's buttons do: bulk changes with one undo,
 * deletion with an undo toast, import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write goes to the application's worker.  A bulk change is one transaction and is
 * undone as one; a deletion waits for its toast to go away before it is written, so Undo
 * costs nothing.  Both leave the whole story in the audit log.
 */

#include "config.h"

#include "mamori-inventory-actions.h"
#include "mamori-application.h"
#include "mamori-assets-page.h"
#include "mamori-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

static MamoriWorker *
worker (void)
{
  return mamori_application_get_worker (mamori_application_get_default ());
}

static MamoriWindow *
window_of (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return MAMORI_IS_WINDOW (root) ? MAMORI_WINDOW (root) : NULL;
}

static void
reload_page (GtkWidget *page)
{
  if (MAMORI_IS_ASSETS_PAGE (page))
    mamori_assets_page_reload (MAMORI_ASSETS_PAGE (page));
}

static void
toast (GtkWidget  *page,
       const char *message)
{
  MamoriWindow *window = window_of (page);

  if (window != NULL)
    mamori_window_add_toast (window, message);
}

/* Bulk change ---------------------------------------------------------------------------------- */

typedef struct
{
  GArray           *ids;
  MamoriAssetField  field;
  char             *value;
  GPtrArray        *before;   /* filled by the worker: the assets as they were */
} Change;

static void
change_free (gpointer data)
{
  Change *c = data;

  g_clear_pointer (&c->ids, g_array_unref);
  g_clear_pointer (&c->before, g_ptr_array_unref);
  g_free (c->value);
  g_free (c);
}

static gpointer
apply_change (MamoriStore   *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Change *c = data;
  GPtrArray *before = NULL;

  if (!mamori_asset_change_many (store, c->ids, c->field, c->value, &before, error))
    return NULL;
  return before;
}

static gpointer
undo_change (MamoriStore   *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  mamori_asset_restore_many (store, data, error);
  return NULL;
}

static void
undone (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GtkWidget) page = user_data;
  g_autoptr(GError) error = NULL;

  mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (error != NULL)
    toast (page, error->message);
  reload_page (page);
}

static void
undo_clicked (AdwToast  *toast_widget,
              GtkWidget *page)
{
  GPtrArray *before = g_object_get_data (G_OBJECT (toast_widget), "before");

  mamori_worker_run_async (worker (), undo_change, g_ptr_array_ref (before),
                           (GDestroyNotify)g_ptr_array_unref, NULL, NULL, undone,
                           g_object_ref (page));
}

static void
changed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GtkWidget) page = user_data;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  MamoriWindow *window = window_of (page);
  AdwToast *undo;

  before = mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (before == NULL)
    {
      toast (page, error->message);
      return;
    }
  reload_page (page);
  if (window == NULL)
    return;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u asset changed",
                                          "%u assets changed", before->len), before->len);
  undo = adw_toast_new (message);
  adw_toast_set_button_label (undo, _("Undo"));
  adw_toast_set_priority (undo, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (undo), "before", g_steal_pointer (&before),
                          (GDestroyNotify)g_ptr_array_unref);
  g_signal_connect_object (undo, "button-clicked", G_CALLBACK (undo_clicked), page, 0);
  mamori_window_add_toast_widget (window, undo);
}

typedef struct
{
  GtkWidget        *page;
  GArray           *ids;
  MamoriAssetField  field;
  GtkWidget        *chooser;
  GArray           *values;   /* section ids (gint64) or class codes (char*) by position */
  GPtrArray        *codes;
} ChangeDialog;

static void
change_dialog_free (ChangeDialog *d)
{
  g_clear_object (&d->page);
  g_clear_pointer (&d->ids, g_array_unref);
  g_clear_pointer (&d->values, g_array_unref);
  g_clear_pointer (&d->codes, g_ptr_array_unref);
  g_free (d);
}

static void
change_response (AdwMessageDialog *dialog,
                 const char       *response,
                 ChangeDialog     *d)
{
  Change *c;
  guint selected;

  if (g_strcmp0 (response, "change") != 0)
    {
      change_dialog_free (d);
      return;
    }

  c = g_new0 (Change, 1);
  c->ids = g_array_ref (d->ids);
  c->field = d->field;
  switch (d->field)
    {
    case MAMORI_ASSET_FIELD_SECTION:
      selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (d->chooser));
      c->value = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (d->values, gint64, selected));
      break;
    case MAMORI_ASSET_FIELD_CLASS:
      selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (d->chooser));
      c->value = g_strdup (g_ptr_array_index (d->codes, selected));
      break;
    case MAMORI_ASSET_FIELD_STORAGE:
    default:
      c->value = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->chooser)));
      break;
    }
  mamori_worker_run_async (worker (), apply_change, c, change_free,
                           (GDestroyNotify)g_ptr_array_unref, NULL, changed,
                           g_object_ref (d->page));
  change_dialog_free (d);
}

static GtkWidget *
section_chooser (MamoriStore  *store,
                 ChangeDialog *d)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) sections = mamori_org_list_sections (store, FALSE, NULL);
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkWidget *drop_down;

  d->values = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; sections && i < sections->len; i++)
    {
      MamoriSection *s = g_ptr_array_index (sections, i);

      gtk_string_list_append (names, s->name);
      g_array_append_val (d->values, s->id);
    }
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), expression);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), TRUE);
  return drop_down;
}

static GtkWidget *
class_chooser (MamoriStore  *store,
               ChangeDialog *d)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) classes = mamori_standard_list_classes (store);

  d->codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < classes->len; i++)
    {
      MamoriClassification *c = g_ptr_array_index (classes, i);

      g_ptr_array_add (d->codes, g_strdup (c->code));
      gtk_string_list_append (names, c->text);
    }
  return gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
}

/**
 * mamori_inventory_change_selected:
 * @ids: (element-type gint64): the selected assets
 * @what: "section", "storage" or "class"
 *
 * Asks for the new value, then changes every selected asset in one transaction, with a toast
 * that undoes it all.
 */
void
mamori_inventory_change_selected (GtkWidget  *page,
                                  GArray     *ids,
                                  const char *what)
{
  MamoriStore *store = mamori_application_get_store (mamori_application_get_default ());
  ChangeDialog *d;
  GtkWidget *dialog;
  g_autofree char *heading = NULL;
  const char *body;

  if (ids->len == 0 || store == NULL)
    return;

  d = g_new0 (ChangeDialog, 1);
  d->page = g_object_ref (page);
  d->ids = g_array_ref (ids);
  if (g_str_equal (what, "section"))
    {
      d->field = MAMORI_ASSET_FIELD_SECTION;
      d->chooser = section_chooser (store, d);
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Change the Section of %u Asset",
                                              "Change the Section of %u Assets", ids->len),
                                 ids->len);
      body = _("The section that created an asset is responsible for it.");
    }
  else if (g_str_equal (what, "class"))
    {
      d->field = MAMORI_ASSET_FIELD_CLASS;
      d->chooser = class_chooser (store, d);
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Change the Class of %u Asset",
                                              "Change the Class of %u Assets", ids->len),
                                 ids->len);
      body = _("Criteria are kept only where the new class takes them.");
    }
  else
    {
      d->field = MAMORI_ASSET_FIELD_STORAGE;
      d->chooser = gtk_entry_new ();
      gtk_entry_set_activates_default (GTK_ENTRY (d->chooser), TRUE);
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Change the Storage of %u Asset",
                                              "Change the Storage of %u Assets", ids->len),
                                 ids->len);
      body = _("Where the assets, or the media that hold them, are kept.");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->chooser), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  heading, -1);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (page)), heading, body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), d->chooser);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("Cancel"),
                                    "change", _("Change"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "change");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (change_response), d);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Deletion --------------------------------------------------------------------------------------- */

static gpointer
delete_assets (MamoriStore   *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  mamori_asset_delete_many (store, data, error);
  return NULL;
}

static void
deleted (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GtkWidget) page = user_data;
  g_autoptr(GError) error = NULL;

  mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  if (error != NULL)
    toast (page, error->message);
  reload_page (page);
}

static void
delete_dismissed (AdwToast  *toast_widget,
                  GtkWidget *page)
{
  GArray *ids = g_object_get_data (G_OBJECT (toast_widget), "ids");

  if (g_object_get_data (G_OBJECT (toast_widget), "undone"))
    return;
  mamori_worker_run_async (worker (), delete_assets, g_array_ref (ids),
                           (GDestroyNotify)g_array_unref, NULL, NULL, deleted,
                           g_object_ref (page));
}

static void
delete_undone (AdwToast  *toast_widget,
               GtkWidget *page)
{
  g_object_set_data (G_OBJECT (toast_widget), "undone", GINT_TO_POINTER (TRUE));
  reload_page (page);
}

/**
 * mamori_inventory_delete_selected:
 * @ids: (element-type gint64): the selected assets
 *
 * Takes the assets out of the list at once and deletes them when the undo toast goes away.
 */
void
mamori_inventory_delete_selected (GtkWidget *page,
                                  GArray    *ids)
{
  MamoriWindow *window = window_of (page);
  g_autofree char *message = NULL;
  AdwToast *undo;

  if (ids->len == 0 || window == NULL)
    return;
  if (MAMORI_IS_ASSETS_PAGE (page))
    mamori_assets_page_hide (MAMORI_ASSETS_PAGE (page), ids);

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u asset deleted",
                                          "%u assets deleted", ids->len), ids->len);
  undo = adw_toast_new (message);
  adw_toast_set_button_label (undo, _("Undo"));
  adw_toast_set_priority (undo, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (undo), "ids", g_array_ref (ids),
                          (GDestroyNotify)g_array_unref);
  /* The deletion is written when the toast goes, even if the window goes first: hold the
   * page until then. */
  g_signal_connect_data (undo, "button-clicked", G_CALLBACK (delete_undone), g_object_ref (page),
                         (GClosureNotify)(void (*) (void))g_object_unref, 0);
  g_signal_connect_data (undo, "dismissed", G_CALLBACK (delete_dismissed), g_object_ref (page),
                         (GClosureNotify)(void (*) (void))g_object_unref, 0);
  mamori_window_add_toast_widget (window, undo);
}

