/* test-scratch.c — private copies for other applications, removed on quitting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static void
test_write_and_clear (void)
{
  static const char text[] = "契約書";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *second = NULL, *odd = NULL, *dir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *parent = NULL;

  g_assert_null (mamori_scratch_dir ());
  first = mamori_scratch_write ("/home/a/契約書.pdf", bytes, &error);
  g_assert_no_error (error);
  second = mamori_scratch_write ("契約書.pdf", bytes, &error);
  g_assert_no_error (error);
  odd = mamori_scratch_write ("..", bytes, &error);
  g_assert_no_error (error);

  dir = mamori_scratch_dir ();
  g_assert_nonnull (dir);
  /* Same name, two copies; only the base name is kept, inside the private folder. */
  g_assert_cmpstr (first, !=, second);
  g_assert_true (g_str_has_prefix (first, dir));
  g_assert_true (g_str_has_prefix (odd, dir));
  g_assert_true (g_str_has_suffix (first, "/契約書.pdf"));
  g_assert_true (g_str_has_suffix (odd, "/document"));
  g_assert_true (g_file_get_contents (second, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
  assert_mode (dir, 0700);
  parent = g_path_get_dirname (first);
  assert_mode (parent, 0700);
  assert_mode (first, 0600);

  mamori_scratch_clear ();
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_null (mamori_scratch_dir ());
  /* Clearing twice is harmless. */
  mamori_scratch_clear ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/scratch/write-and-clear", test_write_and_clear);
  return g_test_run ();
}
