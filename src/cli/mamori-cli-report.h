/* mamori-cli-report.h — mamori-cli export report, report --pdf, validate of a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int mamori_cli_export_report   (const char *db_path, const char *actor, int argc, char **argv);
int mamori_cli_report          (const char *db_path, const char *actor, int argc, char **argv);
int mamori_cli_validate_report (const char *path);

G_END_DECLS
