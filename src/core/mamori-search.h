/* mamori-search.h — Japanese search: folded text in character pairs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean  mamori_search_register   (sqlite3     *db,
                                    GError     **error);
GStrv     mamori_search_words      (const char  *query);
char     *mamori_search_match      (char * const *words);

G_END_DECLS
