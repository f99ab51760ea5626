/* mamori-contract-demo.h — the sample ward's contracts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

G_BEGIN_DECLS

#define MAMORI_DEMO_DEFAULT_CONTRACTS 12

gboolean mamori_contract_demo_build (MamoriStore   *store,
                                     GKeyFile      *ward,
                                     GRand         *rand,
                                     guint          count,
                                     GCancellable  *cancellable,
                                     GError       **error);

G_END_DECLS
