/* mamori-submission-dialog.h — importing a section's submission with a preview, exporting one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MAMORI_TYPE_SUBMISSION_DIALOG (mamori_submission_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MamoriSubmissionDialog, mamori_submission_dialog, MAMORI,
                      SUBMISSION_DIALOG, AdwWindow)

GtkWidget *mamori_submission_dialog_new       (GtkWindow      *parent,
                                               GFile          *file);

/* win.import-submission and win.export-submission, for the primary menu. */
void       mamori_submission_actions_install  (GtkWidgetClass *widget_class);

G_END_DECLS
