/* mamori-core.h — the core library: everything but the user interfaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-area.h"
#include "mamori-area-demo.h"
#include "mamori-area-io.h"
#include "mamori-area-keys.h"
#include "mamori-asset.h"
#include "mamori-asset-query.h"
#include "mamori-audit.h"
#include "mamori-backup.h"
#include "mamori-check.h"
#include "mamori-contract.h"
#include "mamori-contract-demo.h"
#include "mamori-csv.h"
#include "mamori-demo.h"
#include "mamori-era.h"
#include "mamori-evaluation.h"
#include "mamori-facts.h"
#include "mamori-inspection.h"
#include "mamori-inventory-io.h"
#include "mamori-org.h"
#include "mamori-overview.h"
#include "mamori-reconcile.h"
#include "mamori-rollup.h"
#include "mamori-rules.h"
#include "mamori-scratch.h"
#include "mamori-search.h"
#include "mamori-standard.h"
#include "mamori-store.h"
#include "mamori-text.h"
#include "mamori-worker.h"
#include "mamori-xml.h"

G_BEGIN_DECLS

void mamori_core_init (void);

G_END_DECLS
