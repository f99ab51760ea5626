/* mamori-inspection-roles.h — who may do what in the inspection cycle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

typedef enum
{
  MAMORI_INSPECTION_ACT_ANSWER,    /* answer and submit a section's sheet */
  MAMORI_INSPECTION_ACT_DECIDE,    /* return or accept a submitted sheet */
  MAMORI_INSPECTION_ACT_AUDIT,     /* record an audit finding on a section */
  MAMORI_INSPECTION_ACT_EVALUATE,  /* evaluate a chapter, propose and decide a review */
} MamoriInspectionAct;

void     mamori_inspection_set_person (MamoriStore          *store,
                                       gint64                person_id);
gint64   mamori_inspection_get_person (MamoriStore          *store);
gboolean mamori_inspection_may        (MamoriStore          *store,
                                       gint64                person_id,
                                       MamoriInspectionAct   act,
                                       gint64                section_id,
                                       GError              **error);
gboolean mamori_inspection_check_act  (MamoriStore          *store,
                                       MamoriInspectionAct   act,
                                       gint64                section_id,
                                       GError              **error);
gint64   mamori_inspection_find_person (MamoriStore         *store,
                                        const char          *name);

G_END_DECLS
