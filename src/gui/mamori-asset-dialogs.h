/* mamori-asset-dialogs.h — recording a take-out, a disposal, an access right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mamori-application.h"

G_BEGIN_DECLS

/* Called on the main thread once the write is done; @error is NULL on success. */
typedef void (*MamoriAssetDialogDone) (gpointer      user_data,
                                       const GError *error);

void mamori_asset_dialog_takeout        (GtkWindow             *parent,
                                         MamoriApplication     *application,
                                         gint64                 asset_id,
                                         MamoriAssetDialogDone  done,
                                         gpointer               user_data);
void mamori_asset_dialog_disposal       (GtkWindow             *parent,
                                         MamoriApplication     *application,
                                         gint64                 asset_id,
                                         MamoriAssetDialogDone  done,
                                         gpointer               user_data);
void mamori_asset_dialog_access         (GtkWindow             *parent,
                                         MamoriApplication     *application,
                                         gint64                 asset_id,
                                         MamoriAssetDialogDone  done,
                                         gpointer               user_data);
void mamori_asset_write_access_removal  (MamoriApplication     *application,
                                         gint64                 access_id,
                                         MamoriAssetDialogDone  done,
                                         gpointer               user_data);
void mamori_asset_write_return          (MamoriApplication     *application,
                                         gint64                 takeout_id,
                                         MamoriAssetDialogDone  done,
                                         gpointer               user_data);

G_END_DECLS
