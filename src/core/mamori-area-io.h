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

/* Which column of a card reader's file holds each field (saved as import_mappings of kind
 * "entry-log"): a column named by its header or counted from 0, a field left out, or (the
 * default) the column whose header Mamori recognises (入室日時, 氏名, カード番号, …). */
typedef struct _MamoriEntryMapping MamoriEntryMapping;

MamoriEntryMapping *mamori_entry_mapping_new         (void);
void                mamori_entry_mapping_free        (MamoriEntryMapping *mapping);
void                mamori_entry_mapping_set_auto    (MamoriEntryMapping *mapping,
                                                      MamoriEntryField    field);
void                mamori_entry_mapping_set_header  (MamoriEntryMapping *mapping,
                                                      MamoriEntryField    field,
                                                      const char         *header);
void                mamori_entry_mapping_set_index   (MamoriEntryMapping *mapping,
                                                      MamoriEntryField    field,
                                                      int                 index);
void                mamori_entry_mapping_set_ignored (MamoriEntryMapping *mapping,
                                                      MamoriEntryField    field);
void                mamori_entry_mapping_set_has_header (MamoriEntryMapping *mapping,
                                                         gboolean            has_header);
gboolean            mamori_entry_mapping_resolve     (const MamoriEntryMapping *mapping,
                                                      const char *const  *headers,
                                                      guint               n_columns,
                                                      int                *columns,
                                                      GError            **error);
char               *mamori_entry_mapping_to_json     (const MamoriEntryMapping *mapping);
MamoriEntryMapping *mamori_entry_mapping_from_json   (MamoriStore        *store,
                                                      const char         *json,
                                                      GError            **error);
gboolean            mamori_entry_mapping_save        (MamoriStore        *store,
                                                      const char         *name,
                                                      const MamoriEntryMapping *mapping,
                                                      GError            **error);
MamoriEntryMapping *mamori_entry_mapping_load        (MamoriStore        *store,
                                                      const char         *name,
                                                      GError            **error);
GStrv               mamori_entry_mapping_list        (MamoriStore        *store,
                                                      GError            **error);

typedef struct
{
  MamoriCsvEncoding  encoding;      /* AUTO to detect */
  /* The column of each field, from 0; -1: not in the file.  All -1 (the default): found by
   * the header's names. */
  int                columns[MAMORI_ENTRY_N_FIELDS];
  const MamoriEntryMapping *mapping; /* if set, the columns are taken from it, not columns[] */
  gint64             area_id;       /* the area of rows without an area column */
  gboolean           dry_run;
} MamoriEntryImportOptions;

typedef struct
{
  gint64      rows;
  gint64      added;
  gint64      rejected;
  GPtrArray  *problems;            /* MamoriInventoryProblem, by line */
  GPtrArray  *additions;           /* MamoriEntryAddition: what the rows add, by line (at most
                                    * MAMORI_INVENTORY_MAX_PROBLEMS) */
  gboolean    written;
} MamoriEntryImportReport;

typedef struct
{
  guint64  line;
  char    *area_code;
  char    *entered_at;   /* ISO, as stored */
  char    *left_at;      /* nullable */
  char    *name;
  char    *card_number;
} MamoriEntryAddition;

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriEntryMapping, mamori_entry_mapping_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriEntryImportReport, mamori_entry_import_report_free)

G_END_DECLS
