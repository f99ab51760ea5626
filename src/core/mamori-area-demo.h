/* mamori-area-demo.h — the managed areas of the sample ward
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

typedef void (*MamoriAreaDemoProgress) (double fraction, gpointer user_data);

#define MAMORI_DEMO_DEFAULT_AREAS   5
#define MAMORI_DEMO_DEFAULT_ENTRIES 600

gboolean mamori_area_demo_build (MamoriStore             *store,
                                 GKeyFile                *ward,
                                 GRand                   *rand,
                                 guint                    n_areas,
                                 guint64                  n_entries,
                                 MamoriAreaDemoProgress   progress,
                                 gpointer                 progress_data,
                                 GCancellable            *cancellable,
                                 GError                 **error);

G_END_DECLS
