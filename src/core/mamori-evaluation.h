/* mamori-evaluation.h — 監査 (audit findings), 評価 (evaluation) and 見直し (review)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  section_id;
  char   *section_name;
  char   *item_code;     /* NULL: the section as a whole */
  char   *auditor_name;
  char   *severity;      /* nonconformity, observation, good */
  char   *finding;
  char   *found_on;
} MamoriAuditFinding;

/* One chapter of the catalogue in a cycle: what the evaluation rests on, and the evaluation
 * once made (rating NULL until then). */
typedef struct
{
  gint64  evaluation_id;
  char   *chapter_ref;
  char   *chapter_title;
  double  rate;
  double  previous_rate;
  guint   audit_findings;
  char   *rating;        /* adequate, improvement-needed, inadequate */
  char   *assessment;
  char   *circumstances;
  char   *evaluated_by;
  char   *evaluated_on;
} MamoriChapterEvaluation;

typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  evaluation_id;
  char   *chapter_ref;
  char   *ref;
  char   *proposal;
  char   *status;        /* proposed, adopted, rejected */
  char   *decided_on;
} MamoriReviewProposal;

gboolean   mamori_audit_finding_add   (MamoriStore  *store,
                                       gint64        cycle_id,
                                       gint64        section_id,
                                       gint64        item_id,
                                       gint64        auditor_id,
                                       const char   *severity,
                                       const char   *finding,
                                       const char   *found_on,
                                       gint64       *out_id,
                                       GError      **error);
GPtrArray *mamori_audit_findings      (MamoriStore  *store,
                                       gint64        cycle_id,
                                       gint64        section_id,
                                       GError      **error);

gboolean   mamori_evaluation_set      (MamoriStore  *store,
                                       gint64        cycle_id,
                                       const char   *chapter_ref,
                                       const char   *rating,
                                       const char   *assessment,
                                       const char   *circumstances,
                                       gint64       *out_id,
                                       GError      **error);
GPtrArray *mamori_evaluation_chapters (MamoriStore  *store,
                                       gint64        cycle_id,
                                       GError      **error);

gboolean   mamori_review_propose      (MamoriStore  *store,
                                       gint64        evaluation_id,
                                       const char   *ref,
                                       const char   *proposal,
                                       gint64       *out_id,
                                       GError      **error);
gboolean   mamori_review_decide       (MamoriStore  *store,
                                       gint64        proposal_id,
                                       const char   *status,
                                       GError      **error);
GPtrArray *mamori_review_list         (MamoriStore  *store,
                                       gint64        cycle_id,
                                       GError      **error);

extern const char *const mamori_audit_severities[];
extern const char *const mamori_evaluation_ratings[];

const char *mamori_audit_severity_label    (const char *severity);
const char *mamori_evaluation_rating_label (const char *rating);
const char *mamori_review_status_label     (const char *status);

void       mamori_audit_finding_free  (MamoriAuditFinding *finding);
void       mamori_chapter_evaluation_free (MamoriChapterEvaluation *evaluation);
void       mamori_review_proposal_free (MamoriReviewProposal *proposal);

G_END_DECLS
