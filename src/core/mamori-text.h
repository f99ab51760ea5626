/* mamori-text.h — text helpers: search folding, UUIDs, timestamps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <nettle/sha2.h>

G_BEGIN_DECLS

char     *mamori_text_fold           (const char *text);
char     *mamori_text_fold_general   (const char *text);
gboolean  mamori_text_is_blank       (const char *text);
char     *mamori_text_strip_dup      (const char *text);
char     *mamori_uuid_new            (void);
char     *mamori_timestamp_now       (void);
char     *mamori_sha256_hex          (const void *data, gsize len);
char     *mamori_sha256_finish_hex   (struct sha256_ctx *ctx);

G_END_DECLS
