/* mamori-inspection.h — the inspection cycle (点検): cycles, sections' sheets, answers, review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

#define MAMORI_INSPECTION_ERROR (mamori_inspection_error_quark ())

typedef enum
{
  MAMORI_INSPECTION_ERROR_INVALID,    /* a field is wrong; the message names it */
  MAMORI_INSPECTION_ERROR_STATE,      /* not in this state: a submitted sheet is frozen, … */
  MAMORI_INSPECTION_ERROR_NOT_FOUND,
  MAMORI_INSPECTION_ERROR_FORBIDDEN,  /* an auditor of their own section */
} MamoriInspectionError;

typedef struct
{
  gint64  id;
  char   *uuid;
  char   *kind;          /* fiscal-year, ad-hoc */
  int     fiscal_year;
  char   *title;
  gint64  standard_id;
  char   *catalogue_version;
  char   *period_from;
  char   *period_to;
  char   *due_on;
  gint64  previous_id;   /* the cycle last year's answers come from; 0: none */
  char   *status;        /* open, closed */
  guint   sheets;
  guint   accepted;
} MamoriCycle;

typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  cycle_id;
  gint64  section_id;
  char   *section_code;
  char   *section_name;
  int     version;
  char   *status;        /* draft, submitted, returned, accepted */
  char   *content_hash;
  char   *submitted_by;
  char   *submitted_at;
  char   *reviewed_by;
  char   *reviewed_at;
  char   *return_reason;
  guint   answered;
  guint   items;
} MamoriSheet;

typedef struct
{
  char *code;
  char *label;
  char *meaning;         /* complied, partial, not-complied, not-applicable */
  char *requires;        /* none, reason, plan */
} MamoriAnswerOption;

/* What a person writes for one item. */
typedef struct
{
  gint64      item_id;
  const char *answer;    /* an option code of the item's scale */
  const char *evidence;
  const char *observation;
  const char *reason;    /* required for not-applicable */
  const char *plan_action;
  const char *plan_owner;
  const char *plan_due;  /* ISO date; action, owner and due required for partial/not-complied */
  const char *plan_done_on;
  const char *fact_note; /* required for complied when the registers know otherwise */
} MamoriAnswerInput;

/* One item of a sheet, with its answer (answer NULL: not answered yet), last year's and what
 * the registers know. */
typedef struct
{
  gint64     item_id;
  char      *code;
  char      *chapter_ref;
  char      *chapter_title;
  char      *question;
  char      *gloss;
  char      *scale;
  char      *refs;       /* cited articles joined by "、" */
  gboolean   prohibition;
  gboolean   evidence_required;
  char      *answer;
  char      *answer_label;
  char      *meaning;
  char      *evidence;
  char      *observation;
  char      *reason;
  char      *plan_action;
  char      *plan_owner;
  char      *plan_due;
  char      *plan_done_on;
  char      *fact_note;
  char      *previous_answer;
  char      *previous_label;
  char      *previous_meaning;
  char      *previous_plan_action;
  char      *previous_plan_due;
  char      *previous_plan_done_on;
  GPtrArray *findings;   /* MamoriFinding */
} MamoriSheetLine;

GQuark       mamori_inspection_error_quark   (void);

gboolean     mamori_cycle_create         (MamoriStore        *store,
                                          const char         *kind,
                                          int                 fiscal_year,
                                          const char         *title,
                                          const char         *period_from,
                                          const char         *period_to,
                                          const char         *due_on,
                                          const gint64       *section_ids,
                                          guint               n_sections,
                                          gboolean            from_previous,
                                          gint64             *out_id,
                                          GError            **error);
gboolean     mamori_cycle_close          (MamoriStore        *store,
                                          gint64              cycle_id,
                                          GError            **error);
GPtrArray   *mamori_cycle_list           (MamoriStore        *store,
                                          GError            **error);
MamoriCycle *mamori_cycle_get            (MamoriStore        *store,
                                          gint64              cycle_id,
                                          GError            **error);
gint64       mamori_cycle_find_year      (MamoriStore        *store,
                                          int                 fiscal_year);

GPtrArray   *mamori_sheet_list           (MamoriStore        *store,
                                          gint64              cycle_id,
                                          GError            **error);
MamoriSheet *mamori_sheet_get            (MamoriStore        *store,
                                          gint64              sheet_id,
                                          GError            **error);
gint64       mamori_sheet_find           (MamoriStore        *store,
                                          gint64              cycle_id,
                                          gint64              section_id);
GPtrArray   *mamori_sheet_lines          (MamoriStore        *store,
                                          gint64              sheet_id,
                                          gboolean            with_facts,
                                          GError            **error);
GPtrArray   *mamori_answer_options       (MamoriStore        *store,
                                          gint64              standard_id,
                                          const char         *scale,
                                          GError            **error);

gboolean     mamori_sheet_answer         (MamoriStore        *store,
                                          gint64              sheet_id,
                                          const MamoriAnswerInput *input,
                                          GError            **error);
gboolean     mamori_sheet_submit         (MamoriStore        *store,
                                          gint64              sheet_id,
                                          GError            **error);
gboolean     mamori_sheet_accept         (MamoriStore        *store,
                                          gint64              sheet_id,
                                          GError            **error);
gboolean     mamori_sheet_return         (MamoriStore        *store,
                                          gint64              sheet_id,
                                          const char         *reason,
                                          GError            **error);
char        *mamori_sheet_content_hash   (MamoriStore        *store,
                                          gint64              sheet_id,
                                          GError            **error);
gboolean     mamori_sheet_verify         (MamoriStore        *store,
                                          gint64              sheet_id,
                                          GError            **error);

const char  *mamori_sheet_status_label   (const char         *status);

void         mamori_cycle_free           (MamoriCycle        *cycle);
void         mamori_sheet_free           (MamoriSheet        *sheet);
void         mamori_sheet_line_free      (MamoriSheetLine    *line);
void         mamori_answer_option_free   (MamoriAnswerOption *option);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriCycle, mamori_cycle_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriSheet, mamori_sheet_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriSheetLine, mamori_sheet_line_free)

G_END_DECLS
