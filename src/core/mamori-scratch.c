/* mamori-scratch.c — private copies handed to other applications, removed on quitting
 *
 * A contract's document is stored in the database; to show it, the desktop's viewer needs a
 * file.  The copies go into one folder per process that only this user can read (0700), each
 * in its own sub-folder so that two documents of the same name do not collide, and the whole
 * folder is removed when Mamori quits: documents of a ward's contracts must not pile up in
 * /tmp.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-scratch.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>

G_LOCK_DEFINE_STATIC (scratch);
static char *scratch_dir;
static guint scratch_serial;

/**
 * mamori_scratch_dir:
 *
 * Returns: (transfer full) (nullable): the folder of this process's copies, or %NULL if
 *   none was made yet
 */
char *
mamori_scratch_dir (void)
{
  char *dir;

  G_LOCK (scratch);
  dir = g_strdup (scratch_dir);
  G_UNLOCK (scratch);
  return dir;
}

/**
 * mamori_scratch_write:
 * @name: the file's name as the user knows it (no folder part is kept)
 *
 * Writes a private copy of @bytes for another application to open.
 *
 * Returns: (transfer full) (nullable): the copy's path
 */
char *
mamori_scratch_write (const char  *name,
                      GBytes      *bytes,
                      GError     **error)
{
  g_autofree char *base = g_path_get_basename (name != NULL && *name != '\0' ? name : "document");
  g_autofree char *sub = NULL;
  g_autofree char *path = NULL;
  char *dir;

  /* "." or "/" would name the folder itself. */
  if (g_str_equal (base, ".") || g_str_equal (base, "..") || g_str_equal (base, G_DIR_SEPARATOR_S))
    {
      g_free (base);
      base = g_strdup ("document");
    }

  G_LOCK (scratch);
  if (scratch_dir == NULL)
    scratch_dir = g_dir_make_tmp ("mamori-XXXXXX", error);
  dir = scratch_dir;
  if (dir != NULL)
    sub = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%u", dir, ++scratch_serial);
  G_UNLOCK (scratch);
  if (sub == NULL)
    return NULL;
  if (g_mkdir (sub, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not make a private folder for a copy: %s"), g_strerror (saved));
      return NULL;
    }
  path = g_build_filename (sub, base, NULL);
  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  return g_steal_pointer (&path);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

/**
 * mamori_scratch_clear:
 *
 * Removes every copy this process made, and their folder.
 */
void
mamori_scratch_clear (void)
{
  g_autofree char *dir = NULL;

  G_LOCK (scratch);
  dir = g_steal_pointer (&scratch_dir);
  G_UNLOCK (scratch);
  if (dir != NULL)
    remove_tree (dir);
}
