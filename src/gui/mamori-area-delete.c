/* mamori-area-delete.c — deleting an entry of the log, a permit or an area, with Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entry or a permit is deleted at once, through the audit log, and Undo writes the same
 * record again under its uuid (the audit log keeps both steps).  An area is taken out of the
 * list at once and deleted only when its toast goes away without Undo, like the inventory's
 * assets; an area whose log holds entries is refused before anything is hidden.  Every write
 * goes to the application's worker.
 */

#include "config.h"

#include "mamori-area-delete.h"
#include "mamori-application.h"
#include "mamori-window.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef struct
{
  GtkWidget               *page;
  gboolean                 permit;    /* else an entry */
  gint64                   id;
  MamoriAreaEntry         *entry;     /* as it was, for Undo */
  MamoriAreaPermit        *saved_permit;
  gboolean                 undo;
  MamoriAreaDeleteRefresh  refresh;
} RowJob;

static void
row_job_free (RowJob *job)
{
  g_clear_object (&job->page);
  g_clear_pointer (&job->entry, mamori_area_entry_free);
  g_clear_pointer (&job->saved_permit, mamori_area_permit_free);
  g_free (job);
}

static MamoriWorker *
worker (void)
{
  return mamori_application_get_worker (mamori_application_get_default ());
}

static void
show_toast (GtkWidget *page,
            AdwToast  *toast)
{
  GtkRoot *root = gtk_widget_get_root (page);

  if (MAMORI_IS_WINDOW (root))
    mamori_window_add_toast_widget (MAMORI_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* On the worker: the deletion, or the record written again; one transaction. */
static gpointer
write_row (MamoriStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  RowJob *job = data;
  gboolean ok;

  if (!mamori_store_begin (store, error))
    return NULL;
  if (job->permit)
    ok = job->undo ? mamori_area_permit_insert (store, job->saved_permit, NULL, error)
                   : mamori_area_permit_delete (store, job->id, error);
  else
    ok = job->undo ? mamori_area_entry_insert (store, job->entry, NULL, error)
                   : mamori_area_entry_delete (store, job->id, error);
  if (ok && mamori_store_commit (store, error))
    return GINT_TO_POINTER (TRUE);
  mamori_store_rollback (store);
  return NULL;
}

static void run_row (RowJob *job);

static void
row_undone (AdwToast *toast,
            gpointer  data)
{
  RowJob *job = g_object_steal_data (G_OBJECT (toast), "job");

  if (job == NULL)
    return;
  job->undo = TRUE;
  run_row (job);
}

static void
row_written (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  RowJob *job = data;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (mamori_worker_run_finish (MAMORI_WORKER (source), result, &error) == NULL)
    toast = adw_toast_new (error->message);
  else if (job->undo)
    toast = adw_toast_new (job->permit ? _("The permit is back.") : _("The entry is back."));
  else
    {
      g_autofree char *text = job->permit
        ? g_strdup_printf (_("The permit of %s is deleted."), job->saved_permit->name)
        : g_strdup_printf (_("The entry of %s is deleted."), job->entry->name);

      toast = adw_toast_new (text);
      adw_toast_set_button_label (toast, _("Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      /* The toast keeps what Undo writes back. */
      g_object_set_data_full (G_OBJECT (toast), "job", job, (GDestroyNotify)row_job_free);
      g_signal_connect (toast, "button-clicked", G_CALLBACK (row_undone), NULL);
      job->refresh (job->page);
      show_toast (job->page, toast);
      return;
    }
  job->refresh (job->page);
  show_toast (job->page, toast);
  row_job_free (job);
}

static void
run_row (RowJob *job)
{
  mamori_worker_run_async (worker (), write_row, job, NULL, NULL, NULL, row_written, job);
}

/**
 * mamori_area_delete_entry:
 *
 * Deletes an entry of the log; its toast offers Undo.
 */
void
mamori_area_delete_entry (GtkWidget               *page,
                          gint64                   entry_id,
                          MamoriAreaDeleteRefresh  refresh)
{
  MamoriStore *store = mamori_application_get_store (mamori_application_get_default ());
  g_autoptr(GError) error = NULL;
  RowJob *job;
  MamoriAreaEntry *entry = mamori_area_entry_load (store, entry_id, &error);

  if (entry == NULL)
    {
      show_toast (page, adw_toast_new (error->message));
      return;
    }
  job = g_new0 (RowJob, 1);
  job->page = g_object_ref (page);
  job->id = entry_id;
  job->entry = entry;
  job->refresh = refresh;
  run_row (job);
}

/**
 * mamori_area_delete_permit:
 *
 * Takes a person off an area's permitted list; its toast offers Undo.
 */
void
mamori_area_delete_permit (GtkWidget               *page,
                           gint64                   area_id,
                           gint64                   permit_id,
                           MamoriAreaDeleteRefresh  refresh)
{
  MamoriStore *store = mamori_application_get_store (mamori_application_get_default ());
  g_autoptr(GPtrArray) permits = mamori_area_permits (store, area_id, NULL);
  RowJob *job;

  for (guint i = 0; permits && i < permits->len; i++)
    {
      MamoriAreaPermit *p = g_ptr_array_index (permits, i);

      if (p->id != permit_id)
        continue;
      job = g_new0 (RowJob, 1);
      job->page = g_object_ref (page);
      job->permit = TRUE;
      job->id = permit_id;
      job->saved_permit = g_ptr_array_steal_index (permits, i);
      job->refresh = refresh;
      run_row (job);
      return;
    }
}

/* Areas ------------------------------------------------------------------------------------ */

typedef struct
{
  GtkWidget               *page;
  gint64                   id;
  gboolean                 undone;
  MamoriAreaDeleteRefresh  show;
} AreaJob;

static void
area_job_free (AreaJob *job)
{
  g_clear_object (&job->page);
  g_free (job);
}

static gpointer
write_area_delete (MamoriStore   *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  AreaJob *job = data;

  if (!mamori_store_begin (store, error))
    return NULL;
  if (mamori_area_delete (store, job->id, error) && mamori_store_commit (store, error))
    return GINT_TO_POINTER (TRUE);
  mamori_store_rollback (store);
  return NULL;
}

static void
area_written (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  AreaJob *job = data;
  g_autoptr(GError) error = NULL;

  if (mamori_worker_run_finish (MAMORI_WORKER (source), result, &error) == NULL)
    show_toast (job->page, adw_toast_new (error->message));
  job->show (job->page);
  area_job_free (job);
}

static void
area_toast_undone (AdwToast *toast,
                   AreaJob  *job)
{
  job->undone = TRUE;
  job->show (job->page);
}

static void
area_toast_dismissed (AdwToast *toast,
                      AreaJob  *job)
{
  AreaJob *copy;

  if (job->undone)
    return;
  copy = g_memdup2 (job, sizeof *job);
  g_object_ref (copy->page);
  mamori_worker_run_async (worker (), write_area_delete, copy, NULL, NULL, NULL, area_written,
                           copy);
}

/**
 * mamori_area_delete_area:
 * @hide: takes the area out of the list
 * @show: shows the list as the database has it
 *
 * Refuses at once an area whose log holds entries; else takes it out of the list and deletes
 * it, with all it records, when the toast goes away without Undo.
 */
void
mamori_area_delete_area (GtkWidget               *page,
                         gint64                   area_id,
                         MamoriAreaDeleteRefresh  hide,
                         MamoriAreaDeleteRefresh  show)
{
  MamoriStore *store = mamori_application_get_store (mamori_application_get_default ());
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriArea) area = mamori_area_load (store, area_id, &error);
  g_autofree char *text = NULL;
  AreaJob *job;
  AdwToast *toast;

  if (area == NULL || !mamori_area_check_deletable (store, area_id, &error))
    {
      show_toast (page, adw_toast_new (error->message));
      return;
    }
  job = g_new0 (AreaJob, 1);
  job->page = g_object_ref (page);
  job->id = area_id;
  job->show = show;
  hide (page);
  text = g_strdup_printf (_("The area %s %s is deleted."), area->code, area->name);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (area_toast_undone), job);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (area_toast_dismissed), job,
                         (GClosureNotify)(void (*) (void))area_job_free, 0);
  show_toast (page, toast);
}
