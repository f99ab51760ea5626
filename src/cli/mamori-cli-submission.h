/* mamori-cli-submission.h — mamori-cli's section submissions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int mamori_cli_submission_export   (const char *db_path, const char *actor, int argc, char **argv);
int mamori_cli_submission_import   (const char *db_path, const char *actor, const char *path,
                                    gboolean dry_run);
int mamori_cli_submission_validate (const char *path);

G_END_DECLS
