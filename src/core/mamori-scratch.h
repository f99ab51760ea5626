/* mamori-scratch.h — private copies handed to other applications, removed on quitting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    *mamori_scratch_write (const char  *name,
                               GBytes      *bytes,
                               GError     **error);
char    *mamori_scratch_dir   (void);
void     mamori_scratch_clear (void);

G_END_DECLS
