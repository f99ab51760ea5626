/* mamori-cli.h — Mamori without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mamori-store.h"

#include <glib.h>

G_BEGIN_DECLS

int mamori_cli_main       (int argc, char **argv);
int mamori_cli_inspection (const char *db_path, const char *actor, int argc, char **argv);
int mamori_cli_contracts  (const char *db_path, const char *actor, int argc, char **argv);
int mamori_cli_keys       (const char *db_path, const char *actor, int argc, char **argv);

int mamori_cli_sub_begin  (GOptionContext *context, int *argc, char ***argv,
                           const char *db_path, const char *actor, MamoriStore **store);
int mamori_cli_fail_error (GError *error);
int mamori_cli_usage_error (GOptionContext *context, const char *message);
int mamori_cli_parse      (GOptionContext *context, int *argc, char ***argv, int min_args,
                           int max_args);

G_END_DECLS
