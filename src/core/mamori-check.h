/* mamori-check.h — is this database whole and true to its audit log?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-audit.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray          *problems;   /* of char*, one translated sentence each */
  MamoriAuditSummary  audit;
  int                 schema_version;
} MamoriCheckReport;

MamoriCheckReport *mamori_check_run          (MamoriStore        *store,
                                              GCancellable       *cancellable,
                                              GError            **error);
void               mamori_check_report_free  (MamoriCheckReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriCheckReport, mamori_check_report_free)

G_END_DECLS
