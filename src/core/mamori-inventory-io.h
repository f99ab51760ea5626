/* mamori-inventory-io.h — the inventory in and out: CSV ledgers and XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-csv.h"
#include "mamori-demo.h"
#include "mamori-store.h"

G_BEGIN_DECLS

#define MAMORI_INVENTORY_NAMESPACE "https://mamori.github.io/ns/inventory/1"
#define MAMORI_INVENTORY_SCHEMA_RESOURCE \
  "/io/github/mamori/Mamori/core/schema/mamori-inventory-1.xsd"

#define MAMORI_INVENTORY_ERROR (mamori_inventory_error_quark ())

typedef enum
{
  MAMORI_INVENTORY_ERROR_NO_CODE_COLUMN, /* the mapping finds no column for the asset code */
  MAMORI_INVENTORY_ERROR_MAPPING,        /* a mapping names a column the file does not have */
  MAMORI_INVENTORY_ERROR_EMPTY,          /* the file holds no header */
  MAMORI_INVENTORY_ERROR_NOT_FOUND,      /* a saved mapping or a section that does not exist */
  MAMORI_INVENTORY_ERROR_EXISTS,         /* the export's file exists */
  MAMORI_INVENTORY_ERROR_UNWRITABLE,     /* text XML cannot hold (a control character) */
} MamoriInventoryError;

/* The columns of a ledger, in the order of the export. */
typedef enum
{
  MAMORI_INVENTORY_FIELD_CODE,
  MAMORI_INVENTORY_FIELD_NAME,
  MAMORI_INVENTORY_FIELD_DESCRIPTION,
  MAMORI_INVENTORY_FIELD_KIND,
  MAMORI_INVENTORY_FIELD_OWNER_SECTION_CODE,
  MAMORI_INVENTORY_FIELD_OWNER_SECTION,
  MAMORI_INVENTORY_FIELD_HOLDING_SECTION_CODE,
  MAMORI_INVENTORY_FIELD_ORIGINAL_CODE,
  MAMORI_INVENTORY_FIELD_CLASS,
  MAMORI_INVENTORY_FIELD_CRITERIA,
  MAMORI_INVENTORY_FIELD_CIA_NOTE,
  MAMORI_INVENTORY_FIELD_MEDIUM,
  MAMORI_INVENTORY_FIELD_STORAGE_PLACE,
  MAMORI_INVENTORY_FIELD_AREA_CODE,
  MAMORI_INVENTORY_FIELD_LOCKABLE,
  MAMORI_INVENTORY_FIELD_FINALISED,
  MAMORI_INVENTORY_FIELD_WRITE_PROTECTED,
  MAMORI_INVENTORY_FIELD_MARKING,
  MAMORI_INVENTORY_FIELD_BACKUP_CYCLE_DAYS,
  MAMORI_INVENTORY_FIELD_LAST_BACKUP_ON,
  MAMORI_INVENTORY_FIELD_STATUS,
  MAMORI_INVENTORY_FIELD_REGISTERED_ON,
  MAMORI_INVENTORY_N_FIELDS
} MamoriInventoryField;

typedef enum
{
  MAMORI_INVENTORY_FORMAT_CSV,
  MAMORI_INVENTORY_FORMAT_XML,
} MamoriInventoryFormat;

/* Export --------------------------------------------------------------------------------------- */

typedef struct
{
  gint64              section_id;  /* 0: every asset; else those the section made or holds */
  MamoriCsvEncoding   encoding;    /* CSV: UTF8 (written with a BOM, for Excel) or CP932 */
  /* CSV, CP932: write 〓 for a character CP932 lacks (counted in the stats) instead of
   * failing, naming the asset. */
  gboolean            substitute;
  /* CSV: a header of field ids (code, name, …) and values as codes (electronic, 1/0) instead
   * of the Japanese column names and words (資産番号, 電子データ, はい/いいえ). */
  gboolean            field_ids;
  MamoriProgressFunc  progress;
  gpointer            progress_data;
} MamoriInventoryExportOptions;

typedef struct
{
  gint64  assets;
  guint64 substituted;          /* characters written as 〓 */
  char   *first_substitution;   /* where the first one was, and which character */
} MamoriInventoryExportStats;

GQuark   mamori_inventory_error_quark         (void);

void     mamori_inventory_export_options_init (MamoriInventoryExportOptions       *options);
void     mamori_inventory_export_stats_clear  (MamoriInventoryExportStats         *stats);

gboolean mamori_inventory_export_csv          (MamoriStore                        *store,
                                               GOutputStream                      *stream,
                                               const MamoriInventoryExportOptions *options,
                                               MamoriInventoryExportStats         *stats,
                                               GCancellable                       *cancellable,
                                               GError                            **error);
gboolean mamori_inventory_export_xml          (MamoriStore                        *store,
                                               GOutputStream                      *stream,
                                               const MamoriInventoryExportOptions *options,
                                               MamoriInventoryExportStats         *stats,
                                               GCancellable                       *cancellable,
                                               GError                            **error);
gboolean mamori_inventory_export_file         (MamoriStore                        *store,
                                               const char                         *path,
                                               MamoriInventoryFormat               format,
                                               gboolean                            overwrite,
                                               const MamoriInventoryExportOptions *options,
                                               MamoriInventoryExportStats         *stats,
                                               GCancellable                       *cancellable,
                                               GError                            **error);
gboolean mamori_inventory_validate_xml_file   (const char                         *path,
                                               gint64                             *n_assets,
                                               GCancellable                       *cancellable,
                                               GError                            **error);

/* Fields and mappings ---------------------------------------------------------------------------- */

typedef struct _MamoriInventoryMapping MamoriInventoryMapping;

const char             *mamori_inventory_field_id          (MamoriInventoryField  field);
const char             *mamori_inventory_field_header      (MamoriInventoryField  field);
const char             *mamori_inventory_field_label       (MamoriInventoryField  field);
gboolean                mamori_inventory_field_from_id     (const char           *id,
                                                            MamoriInventoryField *field);

MamoriInventoryMapping *mamori_inventory_mapping_new       (void);
MamoriInventoryMapping *mamori_inventory_mapping_copy      (const MamoriInventoryMapping *mapping);
void                    mamori_inventory_mapping_free      (MamoriInventoryMapping *mapping);
void                    mamori_inventory_mapping_set_auto  (MamoriInventoryMapping *mapping,
                                                            MamoriInventoryField    field);
void                    mamori_inventory_mapping_set_index (MamoriInventoryMapping *mapping,
                                                            MamoriInventoryField    field,
                                                            int                     index);
void                    mamori_inventory_mapping_set_header (MamoriInventoryMapping *mapping,
                                                             MamoriInventoryField    field,
                                                             const char             *header);
void                    mamori_inventory_mapping_set_ignored (MamoriInventoryMapping *mapping,
                                                              MamoriInventoryField    field);
void                    mamori_inventory_mapping_set_has_header (MamoriInventoryMapping *mapping,
                                                                 gboolean                has_header);
gboolean                mamori_inventory_mapping_get_has_header (const MamoriInventoryMapping *mapping);
gboolean                mamori_inventory_mapping_resolve   (const MamoriInventoryMapping *mapping,
                                                            const char *const      *headers,
                                                            guint                   n_columns,
                                                            int                    *columns,
                                                            GError                **error);
char                   *mamori_inventory_mapping_to_json   (const MamoriInventoryMapping *mapping);
MamoriInventoryMapping *mamori_inventory_mapping_from_json (const char             *json,
                                                            GError                **error);
gboolean                mamori_inventory_mapping_save      (MamoriStore            *store,
                                                            const char             *name,
                                                            const MamoriInventoryMapping *mapping,
                                                            GError                **error);
MamoriInventoryMapping *mamori_inventory_mapping_load      (MamoriStore            *store,
                                                            const char             *name,
                                                            GError                **error);
GStrv                   mamori_inventory_mapping_list      (MamoriStore            *store,
                                                            GError                **error);
gboolean                mamori_inventory_mapping_delete    (MamoriStore            *store,
                                                            const char             *name,
                                                            GError                **error);

/* Import ------------------------------------------------------------------------------------------ */

/* The most rejections a report describes one by one; the counts are always complete. */
#define MAMORI_INVENTORY_MAX_PROBLEMS 1000

typedef struct
{
  MamoriCsvEncoding              encoding;  /* AUTO to detect */
  const MamoriInventoryMapping  *mapping;   /* NULL: the default (the headers, recognised) */
  gboolean                       dry_run;
  MamoriProgressFunc             progress;
  gpointer                       progress_data;
} MamoriInventoryImportOptions;

typedef struct
{
  guint64  line;      /* where the row starts in the file, from 1 */
  char    *column;    /* the column as the file names it (its header), or its number */
  char    *field;     /* the field id (code, name, …) */
  char    *message;   /* one translated sentence */
} MamoriInventoryProblem;

typedef struct
{
  gint64             rows;        /* data rows read (blank rows not counted) */
  gint64             added;
  gint64             updated;
  gint64             unchanged;
  gint64             rejected;    /* rows with at least one problem */
  GPtrArray         *problems;    /* MamoriInventoryProblem, by line; at most
                                   * MAMORI_INVENTORY_MAX_PROBLEMS */
  gint64             problems_omitted;
  gboolean           written;     /* TRUE once the changes are committed */
  MamoriCsvEncoding  encoding;    /* the encoding the file was read in */
} MamoriInventoryImportReport;

typedef struct
{
  MamoriCsvEncoding  encoding;
  GStrv              headers;     /* the first record, as it is */
  GPtrArray         *rows;        /* GStrv each: up to max_rows records after it */
  int                columns[MAMORI_INVENTORY_N_FIELDS]; /* the default mapping, -1: none */
} MamoriInventoryPreview;

void                         mamori_inventory_import_options_init (MamoriInventoryImportOptions *options);
MamoriInventoryImportReport *mamori_inventory_import_csv     (MamoriStore                        *store,
                                                              GFile                              *file,
                                                              const MamoriInventoryImportOptions *options,
                                                              GCancellable                       *cancellable,
                                                              GError                            **error);
void                         mamori_inventory_import_report_free (MamoriInventoryImportReport *report);
void                         mamori_inventory_problem_free   (MamoriInventoryProblem *problem);

MamoriInventoryPreview      *mamori_inventory_preview        (GFile                   *file,
                                                              MamoriCsvEncoding        encoding,
                                                              guint                    max_rows,
                                                              GCancellable            *cancellable,
                                                              GError                 **error);
void                         mamori_inventory_preview_free   (MamoriInventoryPreview *preview);

gboolean                     mamori_inventory_parse_date     (const char *text,
                                                              char      **iso);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriInventoryMapping, mamori_inventory_mapping_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriInventoryImportReport, mamori_inventory_import_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriInventoryPreview, mamori_inventory_preview_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriInventoryProblem, mamori_inventory_problem_free)

G_END_DECLS
