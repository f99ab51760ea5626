/* mamori-mapping-step.c — the column-mapping step of an import dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drop-down a field of the kind of file imported ("Not imported" or one of the file's
 * columns), set as the headers say or as a mapping kept by name says; the mappings kept are
 * offered by name, and the one shown can be kept under a new name (written on the worker).
 * The inventory's ledger import and the card-reader import both show it.
 */

#include "config.h"

#include "mamori-mapping-step.h"

#include <glib/gi18n.h>
#include <string.h>

/**
 * mamori_mapping_step_init:
 * @owner: the dialog that shows the step: it toasts through @toast and is kept alive while a
 *   mapping is written
 */
void
mamori_mapping_step_init (MamoriMappingStep       *step,
                          const MamoriMappingKind *kind,
                          GtkWidget               *owner,
                          MamoriApplication       *application,
                          MamoriMappingToast       toast)
{
  *step = (MamoriMappingStep) { .kind = kind, .owner = owner, .application = application,
                                .toast = toast };
  step->field_rows = g_new0 (GtkWidget *, kind->n_fields);
}

void
mamori_mapping_step_clear (MamoriMappingStep *step)
{
  g_clear_pointer (&step->saved_names, g_strfreev);
  g_clear_pointer (&step->field_rows, g_free);
}

/* Whether the rows are there: a file was read, and the dialog is not being destroyed. */
static gboolean
built (MamoriMappingStep *step)
{
  return step->field_rows != NULL && step->field_rows[0] != NULL;
}

static guint
n_columns (MamoriMappingStep *step)
{
  return step->headers ? g_strv_length ((GStrv)step->headers) : 0;
}

/**
 * mamori_mapping_step_fill:
 * @mapping: (nullable): a mapping of the step's kind; %NULL: as the headers say
 *
 * Shows the columns @mapping finds in the file.  A mapping that does not fit the file is
 * named in a toast and the columns are shown as the headers say: the person chooses the rest.
 */
void
mamori_mapping_step_fill (MamoriMappingStep *step,
                          gconstpointer      mapping)
{
  const MamoriMappingKind *kind = step->kind;
  g_autofree int *columns = g_new (int, kind->n_fields);
  g_autoptr(GError) error = NULL;

  if (mapping != NULL &&
      kind->resolve (mapping, step->headers, n_columns (step), columns, &error))
    ;
  else if (step->recognised != NULL)
    memcpy (columns, step->recognised, kind->n_fields * sizeof *columns);
  else
    {
      gpointer by_headers = kind->mapping_new ();

      for (guint f = 0; f < kind->n_fields; f++)
        columns[f] = -1;
      kind->resolve (by_headers, step->headers, n_columns (step), columns, NULL);
      kind->mapping_free (by_headers);
    }
  if (error != NULL)
    step->toast (step->owner, error->message);

  step->filling = TRUE;
  for (guint f = 0; f < kind->n_fields; f++)
    adw_combo_row_set_selected (ADW_COMBO_ROW (step->field_rows[f]),
                                columns[f] >= 0 ? (guint)columns[f] + 1 : 0);
  step->filling = FALSE;
}

/**
 * mamori_mapping_step_build:
 * @headers: the file's headers (or its first row), kept by the caller while the step shows
 * @recognised: (nullable): the column found by header for each field, as the preview found
 *   them; %NULL: resolved by a new mapping of the kind
 * @rows: where the rows made are listed, for the caller to take out again
 * @group: where they are shown
 */
void
mamori_mapping_step_build (MamoriMappingStep   *step,
                           const char *const   *headers,
                           const int           *recognised,
                           GPtrArray           *rows,
                           AdwPreferencesGroup *group)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  step->headers = headers;
  step->recognised = recognised;
  gtk_string_list_append (choices, _("Not imported"));
  for (guint c = 0; c < n_columns (step); c++)
    {
      g_autofree char *label = g_strdup_printf (_("Column %u: %s"), c + 1, headers[c]);

      gtk_string_list_append (choices, label);
    }
  for (guint f = 0; f < step->kind->n_fields; f++)
    {
      GtkWidget *row = adw_combo_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), step->kind->field_label (f));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
      adw_preferences_group_add (group, row);
      g_ptr_array_add (rows, row);
      step->field_rows[f] = row;
    }
  mamori_mapping_step_fill (step, NULL);
}

/* Offers the mappings kept, after "as the headers say". */
void
mamori_mapping_step_fill_saved (MamoriMappingStep *step)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_clear_pointer (&step->saved_names, g_strfreev);
  step->saved_names = step->kind->list (mamori_application_get_store (step->application), NULL);
  gtk_string_list_append (names, _("As the headers say"));
  for (guint i = 0; step->saved_names && step->saved_names[i]; i++)
    gtk_string_list_append (names, step->saved_names[i]);
  step->filling = TRUE;
  adw_combo_row_set_model (step->saved_row, G_LIST_MODEL (names));
  step->filling = FALSE;
}

/**
 * mamori_mapping_step_current:
 *
 * Returns: (transfer full): the mapping the rows show: each field from the column chosen, by
 *   its header (free it with the kind's mapping_free)
 */
gpointer
mamori_mapping_step_current (MamoriMappingStep *step)
{
  gpointer mapping = step->kind->mapping_new ();

  for (guint f = 0; f < step->kind->n_fields; f++)
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (step->field_rows[f]));

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > n_columns (step))
        step->kind->set_ignored (mapping, f);
      else
        step->kind->set_header (mapping, f, step->headers[selected - 1]);
    }
  return mapping;
}

/* The saved-columns row changed: show what the mapping chosen finds. */
void
mamori_mapping_step_saved_chosen (MamoriMappingStep *step)
{
  guint i = adw_combo_row_get_selected (step->saved_row);
  g_autoptr(GError) error = NULL;
  gpointer mapping;

  if (step->filling || !built (step))
    return;
  if (i == 0 || step->saved_names == NULL || i > g_strv_length (step->saved_names))
    {
      mamori_mapping_step_fill (step, NULL);
      return;
    }
  mapping = step->kind->load (mamori_application_get_store (step->application),
                              step->saved_names[i - 1], &error);
  if (mapping == NULL)
    {
      step->toast (step->owner, error->message);
      return;
    }
  mamori_mapping_step_fill (step, mapping);
  step->kind->mapping_free (mapping);
}

typedef struct
{
  MamoriMappingStep *step;     /* in the owner, kept alive by the job's reference to it */
  GtkWidget         *owner;
  char              *name;
  gpointer           mapping;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->name);
  job->step->kind->mapping_free (job->mapping);
  g_object_unref (job->owner);
  g_free (job);
}

static gpointer
write_mapping (MamoriStore   *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  SaveJob *job = data;

  job->step->kind->save (store, job->name, job->mapping, error);
  return NULL;
}

static void
mapping_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  SaveJob *job = data;
  g_autoptr(GError) error = NULL;

  mamori_worker_run_finish (MAMORI_WORKER (source), result, &error);
  job->step->toast (job->owner, error ? error->message
                                      : _("The columns are kept for the next import."));
  if (error == NULL)
    mamori_mapping_step_fill_saved (job->step);
  save_job_free (job);
}

/* Keeps the columns shown under the name typed, on the worker. */
void
mamori_mapping_step_save (MamoriMappingStep *step)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (step->save_name_row))));
  SaveJob *job;

  if (!built (step))
    return;
  if (*name == '\0')
    {
      step->toast (step->owner, _("Give the columns a name to keep them."));
      gtk_widget_grab_focus (GTK_WIDGET (step->save_name_row));
      return;
    }
  job = g_new0 (SaveJob, 1);
  job->step = step;
  job->owner = g_object_ref (step->owner);
  job->name = g_steal_pointer (&name);
  job->mapping = mamori_mapping_step_current (step);
  mamori_worker_run_async (mamori_application_get_worker (step->application), write_mapping, job,
                           NULL, NULL, NULL, mapping_written, job);
}
