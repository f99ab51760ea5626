/* mamori-mapping-step.h — the column-mapping step of an import dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mamori-application.h"

G_BEGIN_DECLS

/* What differs between the kinds of file mapped (the inventory's ledger, a card reader's
 * export): the core's mapping of that kind, through functions of these types. */
typedef gpointer    (*MamoriMappingNew)        (void);
typedef const char *(*MamoriMappingFieldLabel) (guint field);
typedef void        (*MamoriMappingSetIgnored) (gpointer mapping, guint field);
typedef void        (*MamoriMappingSetHeader)  (gpointer mapping, guint field, const char *header);
typedef gboolean    (*MamoriMappingResolve)    (gconstpointer mapping, const char *const *headers,
                                                guint n_columns, int *columns, GError **error);
typedef gpointer    (*MamoriMappingLoad)       (MamoriStore *store, const char *name,
                                                GError **error);
typedef gboolean    (*MamoriMappingSave)       (MamoriStore *store, const char *name,
                                                gconstpointer mapping, GError **error);
typedef GStrv       (*MamoriMappingList)       (MamoriStore *store, GError **error);

typedef struct
{
  guint                   n_fields;
  MamoriMappingFieldLabel field_label;
  MamoriMappingNew        mapping_new;
  GDestroyNotify          mapping_free;
  MamoriMappingSetIgnored set_ignored;
  MamoriMappingSetHeader  set_header;
  MamoriMappingResolve    resolve;
  MamoriMappingLoad       load;
  MamoriMappingSave       save;
  MamoriMappingList       list;
} MamoriMappingKind;

typedef void (*MamoriMappingToast) (GtkWidget *owner, const char *message);

/* The step, inside its dialog (the owner): the rows it made, the file's headers, the saved
 * mappings offered. */
typedef struct
{
  const MamoriMappingKind *kind;
  GtkWidget               *owner;
  MamoriApplication       *application;
  MamoriMappingToast       toast;
  AdwComboRow             *saved_row;
  AdwEntryRow             *save_name_row;
  GtkWidget              **field_rows;    /* kind->n_fields */
  const char *const       *headers;       /* the file's, owned by its preview */
  const int               *recognised;    /* (nullable) the columns found by header */
  GStrv                    saved_names;
  gboolean                 filling;       /* rows being set: their signals are not choices */
} MamoriMappingStep;

void      mamori_mapping_step_init          (MamoriMappingStep       *step,
                                             const MamoriMappingKind *kind,
                                             GtkWidget               *owner,
                                             MamoriApplication       *application,
                                             MamoriMappingToast       toast);
void      mamori_mapping_step_clear         (MamoriMappingStep       *step);
void      mamori_mapping_step_build         (MamoriMappingStep       *step,
                                             const char *const       *headers,
                                             const int               *recognised,
                                             GPtrArray               *rows,
                                             AdwPreferencesGroup     *group);
void      mamori_mapping_step_fill          (MamoriMappingStep       *step,
                                             gconstpointer            mapping);
void      mamori_mapping_step_fill_saved    (MamoriMappingStep       *step);
gpointer  mamori_mapping_step_current       (MamoriMappingStep       *step);
void      mamori_mapping_step_saved_chosen  (MamoriMappingStep       *step);
void      mamori_mapping_step_save          (MamoriMappingStep       *step);

G_END_DECLS
