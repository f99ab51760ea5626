/* mamori-submission.h — a section's year as one XML file, and its import by the coordinator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-demo.h"
#include "mamori-store.h"
#include "mamori-worker.h"

G_BEGIN_DECLS

#define MAMORI_SUBMISSION_NAMESPACE "https://mamori.github.io/ns/submission/1"
#define MAMORI_SUBMISSION_SCHEMA_RESOURCE \
  "/io/github/mamori/Mamori/core/schema/mamori-submission-1.xsd"

/* The largest file read, and the longest attribute value: configurable per call. */
#define MAMORI_SUBMISSION_MAX_FILE  (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)
#define MAMORI_SUBMISSION_MAX_TEXT  (1024 * 1024)
/* The most mismatches a preview describes one by one; n_mismatches counts them all. */
#define MAMORI_SUBMISSION_MAX_LISTED 1000

#define MAMORI_SUBMISSION_ERROR (mamori_submission_error_quark ())

typedef enum
{
  MAMORI_SUBMISSION_ERROR_BLOCKED,   /* the import is refused: see the preview's mismatches */
  MAMORI_SUBMISSION_ERROR_NOT_FOUND, /* the section or the year to export */
  MAMORI_SUBMISSION_ERROR_EXISTS,    /* the export's file exists */
} MamoriSubmissionError;

typedef enum
{
  /* Blocking: the import is refused while one of these is listed. */
  MAMORI_MISMATCH_UNKNOWN_SECTION,
  MAMORI_MISMATCH_OTHER_STANDARD,    /* other standard, version or catalogue version */
  MAMORI_MISMATCH_NO_CYCLE,          /* no inspection cycle (or sheet) for the year */
  MAMORI_MISMATCH_OTHER_SECTION,     /* a record that belongs to another section */
  MAMORI_MISMATCH_CODE_TAKEN,        /* the code is another record's here */
  MAMORI_MISMATCH_UNKNOWN_REFERENCE, /* a person, asset, item … this database lacks */
  MAMORI_MISMATCH_SHEET_ACCEPTED,    /* would change a sheet the coordinator accepted */
  MAMORI_MISMATCH_INVALID_RECORD,    /* the database refuses the record as it is */
  /* Accepted knowingly: */
  MAMORI_MISMATCH_ANSWER_MISSING,    /* an item that applies to the section, unanswered */
  MAMORI_MISMATCH_CONFLICT,          /* same record, other content: the submission's wins */
  MAMORI_MISMATCH_SKIPPED,           /* a link to a record of another section, left out */
} MamoriMismatchKind;

typedef struct
{
  MamoriMismatchKind  kind;
  gboolean            blocking;
  int                 line;      /* in the file; 0 for the file as a whole */
  char               *element;   /* asset, area, answer … */
  char               *record;    /* its code, or uuid */
  char               *message;   /* one translated sentence */
} MamoriMismatch;

typedef struct
{
  char    *element;
  const char *label;             /* translated: Assets, Entry log … */
  guint64  added;
  guint64  updated;
  guint64  unchanged;
} MamoriSubmissionTally;

typedef struct
{
  char      *section_code;
  char      *section_name;
  int        fiscal_year;
  char      *standard_code;
  char      *standard_version;
  char      *catalogue_version;
  char      *exported_at;
  char      *exported_by;
  char      *sheet_status;       /* as submitted, or NULL without a sheet */
  GPtrArray *tallies;            /* MamoriSubmissionTally, in the file's order */
  GPtrArray *mismatches;         /* MamoriMismatch, at most MAMORI_SUBMISSION_MAX_LISTED */
  guint64    n_mismatches;
  guint64    n_blocking;
  guint64    added;
  guint64    updated;
  guint64    unchanged;
  gboolean   written;            /* TRUE once committed */
} MamoriSubmissionPreview;

typedef struct
{
  guint64             max_file_size;  /* 0: MAMORI_SUBMISSION_MAX_FILE */
  gsize               max_text;       /* 0: MAMORI_SUBMISSION_MAX_TEXT */
  guint64             bulk_size;      /* from this file size on, a bulk load; 0: 8 MiB */
  MamoriProgressFunc  progress;
  gpointer            progress_data;
} MamoriSubmissionImportOptions;

typedef struct
{
  guint64 records;
  guint64 bytes;
} MamoriSubmissionExportStats;

GQuark   mamori_submission_error_quark         (void);
void     mamori_submission_import_options_init (MamoriSubmissionImportOptions *options);

gboolean mamori_submission_export_file    (MamoriStore                  *store,
                                           const char                   *section_code,
                                           int                           fiscal_year,
                                           const char                   *path,
                                           gboolean                      overwrite,
                                           MamoriSubmissionExportStats  *stats,
                                           GCancellable                 *cancellable,
                                           GError                      **error);

gboolean mamori_submission_validate_file  (GFile                        *file,
                                           guint64                      *n_records,
                                           GCancellable                 *cancellable,
                                           GError                      **error);

MamoriSubmissionPreview *
         mamori_submission_preview_file   (MamoriStore                  *store,
                                           GFile                        *file,
                                           GCancellable                 *cancellable,
                                           GError                      **error);
gboolean mamori_submission_import_file    (MamoriStore                  *store,
                                           GFile                        *file,
                                           const MamoriSubmissionImportOptions *options,
                                           MamoriSubmissionPreview     **preview_out,
                                           GCancellable                 *cancellable,
                                           GError                      **error);

/* On a worker: the preview (import FALSE) or the import (TRUE).  The result is the preview;
 * after a refused import, the error is MAMORI_SUBMISSION_ERROR_BLOCKED. */
void     mamori_submission_run_async      (MamoriWorker                 *worker,
                                           GFile                        *file,
                                           gboolean                      import,
                                           GCancellable                 *cancellable,
                                           GAsyncReadyCallback           callback,
                                           gpointer                      user_data);
MamoriSubmissionPreview *
         mamori_submission_run_finish     (MamoriWorker                 *worker,
                                           GAsyncResult                 *result,
                                           GError                      **error);
void     mamori_submission_export_async   (MamoriWorker                 *worker,
                                           const char                   *section_code,
                                           int                           fiscal_year,
                                           const char                   *path,
                                           GCancellable                 *cancellable,
                                           GAsyncReadyCallback           callback,
                                           gpointer                      user_data);
gboolean mamori_submission_export_finish  (MamoriWorker                 *worker,
                                           GAsyncResult                 *result,
                                           GError                      **error);

const char *mamori_mismatch_kind_label    (MamoriMismatchKind            kind);
void     mamori_submission_preview_free   (MamoriSubmissionPreview      *preview);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriSubmissionPreview, mamori_submission_preview_free)

G_END_DECLS
