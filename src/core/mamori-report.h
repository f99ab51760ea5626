/* mamori-report.h — the year's report for the headquarters (情報化戦略本部), as XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-evaluation.h"
#include "mamori-inspection.h"
#include "mamori-overview.h"
#include "mamori-rollup.h"
#include "mamori-worker.h"

G_BEGIN_DECLS

#define MAMORI_REPORT_NAMESPACE "https://mamori.github.io/ns/report/1"
#define MAMORI_REPORT_SCHEMA_RESOURCE \
  "/io/github/mamori/Mamori/core/schema/mamori-report-1.xsd"

#define MAMORI_REPORT_ERROR (mamori_report_error_quark ())

typedef enum
{
  MAMORI_REPORT_ERROR_NO_CYCLE,   /* the fiscal year has no inspection cycle */
  MAMORI_REPORT_ERROR_EXISTS,     /* the target file exists */
  MAMORI_REPORT_ERROR_DIGEST,     /* the digest does not match the content */
  MAMORI_REPORT_ERROR_INVALID,    /* what Mamori wrote fails its own schema (a bug) */
} MamoriReportError;

/* A breakdown line: a section, class, kind, rule… and how many. */
typedef struct
{
  char   *code;
  char   *name;
  char   *ref;
  gint64  count;
  gint64  attention;   /* < 0: not counted */
} MamoriReportCount;

typedef struct
{
  char   *code;
  char   *name;
  char   *class_code;
  char   *section;
  gint64  entries;
  gint64  defective;
  gint64  samples;
  gint64  sampled;
  gint64  sampled_defective;
} MamoriReportArea;

typedef struct
{
  char     *code;
  char     *function;
  char     *name;
} MamoriReportRole;

/* Everything the report says, collected once for the XML and the PDF alike. */
typedef struct
{
  int             fiscal_year;
  char           *report_date;        /* ISO, today */
  char           *generated_at;       /* ISO 8601 date-time with offset */
  char           *organisation;
  gboolean        sample;
  char           *standard_code;
  char           *standard_title;
  char           *standard_version;
  char           *catalogue_version;
  MamoriReportRole *reporter;         /* nullable */
  MamoriReportRole *addressee;        /* nullable */
  MamoriCycle    *cycle;
  int             previous_year;      /* 0: no previous cycle */
  MamoriRollup   *rollup;
  GPtrArray      *years;              /* MamoriRollupRow, oldest first */
  GPtrArray      *findings;           /* MamoriRollupAnswer: partial and not-complied */
  GPtrArray      *audit_findings;     /* MamoriAuditFinding */
  GPtrArray      *evaluations;        /* MamoriChapterEvaluation */
  GPtrArray      *proposals;          /* MamoriReviewProposal */
  gint64          assets_active;
  gint64          assets_disposed;
  gint64          assets_attention;
  GPtrArray      *assets_by_section;  /* MamoriReportCount (attention counted) */
  GPtrArray      *assets_by_class;    /* MamoriReportCount */
  GPtrArray      *assets_by_kind;     /* MamoriReportCount */
  GPtrArray      *assets_by_rule;     /* MamoriReportCount, ref: the article */
  GPtrArray      *area_classes;       /* MamoriReportCount */
  GPtrArray      *areas;              /* MamoriReportArea */
  MamoriReportArea area_total;
  gint64          contracts;
  GPtrArray      *contracts_by_kind;  /* MamoriReportCount */
  GPtrArray      *contracts_by_status;/* MamoriReportCount */
  gint64          clauses;
  gint64          clauses_stated;
  gint64          clauses_not_stated;
  gint64          clauses_not_applicable;
  gint64          clauses_unanswered;
  gint64          contracts_with_missing;
} MamoriReportData;

typedef struct
{
  guint  sections;
  guint  findings;
  gint64 bytes;
  char  *digest;   /* hex SHA-256 */
} MamoriReportStats;

typedef struct
{
  int     fiscal_year;
  char   *fiscal_year_display;
  char   *standard_code;
  char   *standard_version;
  char   *catalogue_version;
  char   *organisation;
  char   *digest;
  guint   sections;
  guint   findings;
  double  rate;      /* < 0: none */
} MamoriReportInfo;

GQuark            mamori_report_error_quark    (void);

MamoriReportData *mamori_report_data_collect   (MamoriStore        *store,
                                                int                 fiscal_year,
                                                GCancellable       *cancellable,
                                                GError            **error);
void              mamori_report_data_free      (MamoriReportData   *data);

gboolean          mamori_report_write_xml      (MamoriReportData   *data,
                                                GOutputStream      *stream,
                                                MamoriReportStats  *stats,
                                                GCancellable       *cancellable,
                                                GError            **error);
gboolean          mamori_report_export_file    (MamoriStore        *store,
                                                int                 fiscal_year,
                                                GFile              *out,
                                                gboolean            overwrite,
                                                MamoriReportStats  *stats,
                                                GCancellable       *cancellable,
                                                GError            **error);
gboolean          mamori_report_validate_file  (const char         *path,
                                                MamoriReportInfo  **info_out,
                                                GError            **error);

void              mamori_report_export_async   (MamoriWorker       *worker,
                                                int                 fiscal_year,
                                                GFile              *out,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
MamoriReportStats *mamori_report_export_finish (MamoriWorker       *worker,
                                                GAsyncResult       *result,
                                                GError            **error);

GArray           *mamori_report_years          (MamoriStore        *store,
                                                GError            **error);

/* Saving a file whole or not at all: the XML's and the PDF's. */
typedef gboolean (*MamoriReportWriteFunc) (GOutputStream  *stream,
                                           gpointer        data,
                                           GCancellable   *cancellable,
                                           GError        **error);
typedef gboolean (*MamoriReportCheckFunc) (const char     *path,
                                           gpointer        data,
                                           GError        **error);
gboolean          mamori_report_save           (GFile                 *out,
                                                gboolean               overwrite,
                                                MamoriReportWriteFunc  write,
                                                MamoriReportCheckFunc  check,
                                                gpointer               data,
                                                GCancellable          *cancellable,
                                                GError               **error);

void              mamori_report_stats_clear    (MamoriReportStats  *stats);
void              mamori_report_info_free      (MamoriReportInfo   *info);
void              mamori_report_count_free     (MamoriReportCount  *count);
void              mamori_report_area_free      (MamoriReportArea   *area);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriReportData, mamori_report_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriReportInfo, mamori_report_info_free)

G_END_DECLS
