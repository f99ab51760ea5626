/* mamori-inspection-private.h — unchecked writes for the sample ward
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-inspection.h"

G_BEGIN_DECLS

gboolean mamori_inspection_write_answer (MamoriStore              *store,
                                         gint64                    sheet_id,
                                         const MamoriAnswerInput  *input,
                                         const char               *meaning,
                                         GError                  **error);
gboolean mamori_inspection_freeze       (MamoriStore              *store,
                                         gint64                    sheet_id,
                                         gboolean                  accept,
                                         GError                  **error);
gboolean mamori_inspection_demo_build   (MamoriStore              *store,
                                         GRand                    *rand,
                                         guint                     years,
                                         GError                  **error);

G_END_DECLS
