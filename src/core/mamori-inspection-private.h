/* mamori-inspection-private.h — unchecked writes for the sample ward
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-inspection.h"

G_BEGIN_DECLS

/* Reading rows: shared by the inspection, roll-up and evaluation. */
typedef gpointer (*MamoriRowFunc) (sqlite3_stmt *stmt);

char      *mamori_column_dup       (sqlite3_stmt   *stmt,
                                    int             index);
gboolean   mamori_rows_done        (MamoriStore    *store,
                                    sqlite3_stmt   *stmt,
                                    int             rc,
                                    GError        **error);
GPtrArray *mamori_rows_collect     (MamoriStore    *store,
                                    sqlite3_stmt   *stmt,
                                    MamoriRowFunc   row,
                                    GDestroyNotify  free_func,
                                    GError        **error);
gint64     mamori_query_id         (MamoriStore    *store,
                                    const char     *sql,
                                    gint64          a,
                                    gint64          b);
gboolean   mamori_write_end        (MamoriStore    *store,
                                    gboolean        ok,
                                    GError        **error);

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
