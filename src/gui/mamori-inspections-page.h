/* mamori-inspections-page.h — the Inspections view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MAMORI_TYPE_INSPECTIONS_PAGE (mamori_inspections_page_get_type ())

G_DECLARE_FINAL_TYPE (MamoriInspectionsPage, mamori_inspections_page, MAMORI, INSPECTIONS_PAGE, AdwBin)

G_END_DECLS
