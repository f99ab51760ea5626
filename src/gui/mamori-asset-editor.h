/* mamori-asset-editor.h — one asset: its record, its registers, its history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mamori-application.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_ASSET_EDITOR (mamori_asset_editor_get_type ())

G_DECLARE_FINAL_TYPE (MamoriAssetEditor, mamori_asset_editor, MAMORI, ASSET_EDITOR, AdwWindow)

void mamori_asset_editor_open   (MamoriApplication *application,
                                 gint64             asset_id,
                                 GtkWidget         *parent);
void mamori_asset_editor_reload (MamoriAssetEditor *self);

G_END_DECLS
