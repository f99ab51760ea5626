/* mamori-overview.h — what the dashboard shows, in one read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *code;
  char   *name;
  gint64  count;
} MamoriCount;

typedef struct
{
  char      *organisation_name;
  gboolean   sample;
  gint64     departments;
  gint64     sections;
  gint64     people;
  gint64     assets;
  gint64     audit_entries;
  GPtrArray *assets_by_class;  /* MamoriCount, in rank order, every class of the standard */
  GPtrArray *assets_by_kind;   /* MamoriCount, code = kind */
  char      *standard_title;
  char      *standard_version;
  char      *catalogue_version;
  int        fiscal_year;
} MamoriOverview;

MamoriOverview *mamori_overview_load  (MamoriStore     *store,
                                       GCancellable    *cancellable,
                                       GError         **error);
void            mamori_overview_free  (MamoriOverview  *overview);
void            mamori_count_free     (MamoriCount     *count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriOverview, mamori_overview_free)

G_END_DECLS
