/* mamori-overview-page.h — ダッシュボード: what needs attention now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MAMORI_TYPE_OVERVIEW_PAGE (mamori_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (MamoriOverviewPage, mamori_overview_page, MAMORI, OVERVIEW_PAGE, AdwBin)

G_END_DECLS
