/* mamori-contracts-page.h — the Contracts view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MAMORI_TYPE_CONTRACTS_PAGE (mamori_contracts_page_get_type ())

G_DECLARE_FINAL_TYPE (MamoriContractsPage, mamori_contracts_page, MAMORI, CONTRACTS_PAGE, AdwBin)

void mamori_contracts_page_reload (MamoriContractsPage *self);

G_END_DECLS
