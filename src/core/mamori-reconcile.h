/* mamori-reconcile.h — what the entry log and the moves of managed areas fail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

/* One bit per defect, as stored in area_entries.rule_flags and area_moves.rule_flags.  Never
 * renumber: add. */
typedef enum
{
  MAMORI_AREA_DEFECT_NOT_PERMITTED   = 1 << 0,  /* entry: not permitted that day, unescorted */
  MAMORI_AREA_DEFECT_NO_ESCORT       = 1 << 1,  /* entry: contractor or visitor alone */
  MAMORI_AREA_DEFECT_NO_EXIT         = 1 << 2,  /* entry: no exit recorded */
  MAMORI_AREA_DEFECT_INCOMPLETE      = 1 << 3,  /* entry: no affiliation or no purpose */
  MAMORI_AREA_DEFECT_NO_ID_CHECK     = 1 << 4,  /* entry: contractor without an ID check */
  MAMORI_AREA_DEFECT_UNISSUED_MEDIA  = 1 << 5,  /* entry: non-issued media into the top class */
  MAMORI_AREA_DEFECT_NO_WITNESS      = 1 << 6,  /* move: no witnessing staff member */
  MAMORI_AREA_DEFECT_MOVE_UNISSUED   = 1 << 7,  /* move: non-issued medium into the top class */
  MAMORI_AREA_DEFECT_KEY_NOT_RETURNED = 1 << 8, /* key loan: not returned in time; a finding
                                                 * only, never in rule_flags (mamori-area-keys.c) */
} MamoriAreaDefect;

#define MAMORI_AREA_DEFECT_ALL 0xff

typedef struct
{
  MamoriAreaDefect  defect;
  const char       *code;     /* the standard's <rule> code that enables it */
  char             *ref;      /* the article, from the standard */
  gint64            count;
} MamoriAreaFinding;

typedef struct
{
  gint64   area_id;
  char    *period_from;
  char    *period_to;
  char   **days;              /* the days drawn, ISO dates, in order */
  gint64   sampled;           /* entries and moves on those days */
  gint64   defective;         /* of them, those failing an enabled check */
  GArray  *defective_entries; /* gint64 ids of the defective entries */
} MamoriAreaSample;

const char *mamori_area_defect_code      (MamoriAreaDefect  defect);
const char *mamori_area_defect_label     (MamoriAreaDefect  defect);
char       *mamori_area_defects_describe (guint             flags);
guint       mamori_reconcile_enabled_mask (MamoriStore     *store);
char       *mamori_reconcile_rule_ref    (MamoriStore      *store,
                                          const char       *code);
gboolean    mamori_reconcile_refresh     (MamoriStore      *store,
                                          gint64            area_id,
                                          gint64            entry_id,
                                          GError          **error);
gboolean    mamori_reconcile_refresh_moves (MamoriStore    *store,
                                            gint64          area_id,
                                            gint64          move_id,
                                            GError        **error);
GPtrArray  *mamori_reconcile_findings    (MamoriStore      *store,
                                          gint64            area_id,
                                          const char       *from,
                                          const char       *to,
                                          GError          **error);
MamoriAreaSample *mamori_reconcile_sample (MamoriStore     *store,
                                           gint64           area_id,
                                           const char      *from,
                                           const char      *to,
                                           guint            n_days,
                                           guint32          seed,
                                           GError         **error);
gboolean    mamori_reconcile_sample_record (MamoriStore       *store,
                                            const MamoriAreaSample *sample,
                                            GError           **error);
void        mamori_area_sample_free      (MamoriAreaSample *sample);
void        mamori_area_finding_free     (MamoriAreaFinding *finding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriAreaSample, mamori_area_sample_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriAreaFinding, mamori_area_finding_free)

G_END_DECLS
