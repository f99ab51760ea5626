/* mamori-rollup.h — とりまとめ: the sections' answers counted by section and by chapter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;             /* section id, or 0 for a chapter */
  char   *key;            /* section code or chapter ref */
  char   *label;
  char   *status;         /* the sheet's status (by section only) */
  guint   complied;
  guint   partial;
  guint   not_complied;
  guint   not_applicable;
  guint   unanswered;
  double  rate;           /* 実施率, or < 0 when nothing counts */
  double  previous_rate;  /* the same in the previous cycle, or < 0 */
} MamoriRollupRow;

typedef struct
{
  gint64           cycle_id;
  GPtrArray       *by_section;   /* MamoriRollupRow */
  GPtrArray       *by_chapter;   /* MamoriRollupRow */
  MamoriRollupRow  total;
  /* Follow-up of the previous cycle's improvement plans. */
  guint            plans;
  guint            plans_done;
  guint            plans_overdue;
} MamoriRollup;

/* One answer, for the drill-down. */
typedef struct
{
  char *section_name;
  char *item_code;
  char *question;
  char *answer_label;
  char *meaning;
  char *observation;
  char *plan_action;
  char *plan_due;
} MamoriRollupAnswer;

double         mamori_rollup_rate          (guint          complied,
                                            guint          answers,
                                            guint          not_applicable);
MamoriRollup  *mamori_rollup_compute       (MamoriStore   *store,
                                            gint64         cycle_id,
                                            GError       **error);
GPtrArray     *mamori_rollup_answers       (MamoriStore   *store,
                                            gint64         cycle_id,
                                            gint64         section_id,
                                            const char    *chapter_ref,
                                            GError       **error);
GPtrArray     *mamori_rollup_years         (MamoriStore   *store,
                                            GError       **error);
char          *mamori_rollup_rate_text     (double         rate);

void           mamori_rollup_free          (MamoriRollup  *rollup);
void           mamori_rollup_row_free      (MamoriRollupRow *row);
void           mamori_rollup_answer_free   (MamoriRollupAnswer *answer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriRollup, mamori_rollup_free)

G_END_DECLS
