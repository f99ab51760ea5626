/* mamori-area-dialogs.h — designating an area, permitting a person, logging a visit or a move
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-application.h"

G_BEGIN_DECLS

/* Called on the main thread after a write, with the id of what changed (0 if nothing). */
typedef void (*MamoriAreaDialogDone) (gint64   id,
                                      gpointer user_data);

void mamori_area_dialog_designate (GtkWindow            *parent,
                                   MamoriApplication    *application,
                                   MamoriAreaDialogDone  done,
                                   gpointer              user_data);
void mamori_area_dialog_permit    (GtkWindow            *parent,
                                   MamoriApplication    *application,
                                   gint64                area_id,
                                   MamoriAreaDialogDone  done,
                                   gpointer              user_data);
void mamori_area_dialog_visit     (GtkWindow            *parent,
                                   MamoriApplication    *application,
                                   gint64                area_id,
                                   MamoriAreaDialogDone  done,
                                   gpointer              user_data);
void mamori_area_dialog_move      (GtkWindow            *parent,
                                   MamoriApplication    *application,
                                   gint64                area_id,
                                   MamoriAreaDialogDone  done,
                                   gpointer              user_data);
void mamori_area_dialog_import    (GtkWindow            *parent,
                                   MamoriApplication    *application,
                                   gint64                area_id,
                                   MamoriAreaDialogDone  done,
                                   gpointer              user_data);
void mamori_area_save_measure    (GtkWindow            *parent,
                                   MamoriApplication    *application,
                                   gint64                area_id,
                                   const char           *measure_code,
                                   const char           *how,
                                   MamoriAreaDialogDone  done,
                                   gpointer              user_data);
void mamori_area_dialog_lend_key  (GtkWindow            *parent,
                                   MamoriApplication    *application,
                                   gint64                area_id,
                                   MamoriAreaDialogDone  done,
                                   gpointer              user_data);
void mamori_area_return_key       (GtkWindow            *parent,
                                   MamoriApplication    *application,
                                   gint64                loan_id,
                                   MamoriAreaDialogDone  done,
                                   gpointer              user_data);
void mamori_area_dialog_sample    (GtkWindow            *parent,
                                   MamoriApplication    *application,
                                   gint64                area_id);

G_END_DECLS
