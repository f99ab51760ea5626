/* mamori-demo.h — a realistic fictional ward to explore and to measure with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

typedef void (*MamoriProgressFunc) (double      fraction,
                                    const char *what,
                                    gpointer    user_data);

typedef struct
{
  guint   sections;   /* 課等, departments come with them */
  guint64 assets;
  guint   areas;      /* 管理区域 */
  guint64 entries;    /* of their entry log, over them all */
  guint   contracts;  /* 委託契約 with their checklists */
  guint32 seed;
  guint   inspection_years;  /* fiscal years of inspections up to this one */
  MamoriProgressFunc progress;
  gpointer           progress_data;
} MamoriDemoOptions;

#define MAMORI_DEMO_DEFAULT_SECTIONS 60
#define MAMORI_DEMO_DEFAULT_ASSETS   3000
#define MAMORI_DEMO_DEFAULT_SEED     2026
#define MAMORI_DEMO_DEFAULT_INSPECTION_YEARS 2

void      mamori_demo_options_init   (MamoriDemoOptions    *options);
gboolean  mamori_demo_build          (MamoriStore          *store,
                                      const MamoriDemoOptions *options,
                                      GCancellable         *cancellable,
                                      GError              **error);
void      mamori_demo_build_async    (const char           *db_path,
                                      const MamoriDemoOptions *options,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean  mamori_demo_build_finish   (GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
