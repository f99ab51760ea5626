/* mamori-area-io.h — import of a card reader's export into the entry log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"
#include "mamori-csv.h"
#include "mamori-inventory-io.h"

G_BEGIN_DECLS

/* The fields of the entry log a card reader's column can fill. */
typedef enum
{
  MAMORI_ENTRY_FIELD_AREA,         /* the area's code */
  MAMORI_ENTRY_FIELD_NAME,
  MAMORI_ENTRY_FIELD_CARD,
  MAMORI_ENTRY_FIELD_AFFILIATION,
  MAMORI_ENTRY_FIELD_KIND,
  MAMORI_ENTRY_FIELD_PURPOSE,
  MAMORI_ENTRY_FIELD_ENTERED,
  MAMORI_ENTRY_FIELD_LEFT,
  MAMORI_ENTRY_FIELD_ESCORT,       /* a staff member: staff number or name */
  MAMORI_ENTRY_FIELD_ID_CHECKED,
  MAMORI_ENTRY_N_FIELDS
} MamoriEntryField;

typedef struct
{
  MamoriCsvEncoding  encoding;      /* AUTO to detect */
  /* The column of each field, from 0; -1: not in the file.  All -1 (the default): found by
   * the header's names. */
  int                columns[MAMORI_ENTRY_N_FIELDS];
  gint64             area_id;       /* the area of rows without an area column */
  gboolean           dry_run;
} MamoriEntryImportOptions;

typedef struct
{
  gint64      rows;
  gint64      added;
  gint64      rejected;
  GPtrArray  *problems;            /* MamoriInventoryProblem, by line */
  gboolean    written;
} MamoriEntryImportReport;

const char              *mamori_entry_field_id           (MamoriEntryField field);
const char              *mamori_entry_field_label        (MamoriEntryField field);
gboolean                 mamori_entry_field_from_id      (const char       *id,
                                                          MamoriEntryField *field);
void                     mamori_entry_import_options_init (MamoriEntryImportOptions *options);
MamoriEntryImportReport *mamori_entry_import_csv         (MamoriStore                    *store,
                                                          GInputStream                   *stream,
                                                          const MamoriEntryImportOptions *options,
                                                          GCancellable                   *cancellable,
                                                          GError                        **error);
void                     mamori_entry_import_report_free (MamoriEntryImportReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriEntryImportReport, mamori_entry_import_report_free)

G_END_DECLS
