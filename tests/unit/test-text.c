/* test-text.c — search folding, in C and in SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same fold is applied to indexed text and to what a person types, so "ｼﾝｼﾞｭｸ",
 * "シンジュク" and "しんじゅく" must all come out the same; the SQL function mamori_fold is
 * the same code on every connection a store opens.
 */

#include "config.h"

#include "mamori-test-utils.h"

static void
assert_fold (const char *input, const char *expected)
{
  g_autofree char *folded = mamori_text_fold (input);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_full_width_ascii (void)
{
  assert_fold ("ＡＢＣ１２３", "abc123");
  assert_fold ("ＰＣ－０１", "pc-01");
  /* The ideographic space is white space like any other. */
  assert_fold ("情報　資産", "情報 資産");
}

static void
test_half_width_katakana (void)
{
  assert_fold ("ｼﾝｼﾞｭｸ", "しんじゅく");
  assert_fold ("ﾃﾞｰﾀ", "でーた");
  assert_fold ("ﾊﾟｿｺﾝ", "ぱそこん");
}

static void
test_katakana (void)
{
  g_autofree char *half = mamori_text_fold ("ｼﾝｼﾞｭｸ");
  g_autofree char *full = mamori_text_fold ("シンジュク");
  g_autofree char *hira = mamori_text_fold ("しんじゅく");

  assert_fold ("シンジュク", "しんじゅく");
  assert_fold ("ヴァイオリン", "ゔぁいおりん");
  assert_fold ("ヶ", "ゖ");
  g_assert_cmpstr (half, ==, full);
  g_assert_cmpstr (full, ==, hira);
  /* Kanji and the prolonged sound mark are left as they are. */
  assert_fold ("情報セキュリティー", "情報せきゅりてぃー");
}

static void
test_case (void)
{
  assert_fold ("USB Memory", "usb memory");
  assert_fold ("ＵＳＢメモリ", "usbめもり");
  assert_fold ("Straße", "strasse");
}

static void
test_whitespace (void)
{
  assert_fold ("  a \t\n b   c  ", "a b c");
  assert_fold ("\t \n", "");
  assert_fold ("一\u3000\u3000二", "一 二");
}

static void
test_null_and_invalid (void)
{
  assert_fold (NULL, "");
  assert_fold ("", "");
  assert_fold ("abc\xff\xfe", "");
  assert_fold ("\xe3\x81", ""); /* a truncated sequence */
}

static void
test_sql_function (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriStore) again = NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt = NULL;
  static const char *inputs[] = { "ｼﾝｼﾞｭｸ　ＡＢＣ", "シンジュク  Abc", "Straße" };

  dir = mt_tmpdir_new ();
  store = mt_store_new (dir, "t.db");
  path = g_build_filename (dir, "t.db", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *expected = mamori_text_fold (inputs[i]);

      g_assert_cmpint (sqlite3_prepare_v2 (mamori_store_get_db (store), "SELECT mamori_fold (?)",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, inputs[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, expected);
      sqlite3_finalize (stmt);
    }

  /* NULL folds to the empty string in SQL too. */
  g_assert_cmpint (sqlite3_prepare_v2 (mamori_store_get_db (store), "SELECT mamori_fold (NULL)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "");
  sqlite3_finalize (stmt);

  /* Every connection: a second store, and a read-only one, on the same file. */
  again = mamori_store_open (path, MAMORI_STORE_OPEN_READ_ONLY, NULL);
  g_assert_nonnull (again);
  {
    g_autofree char *folded = mt_sqlite_text (mamori_store_get_db (again),
                                              "SELECT mamori_fold ('ﾃﾞｰﾀ')");
    g_assert_cmpstr (folded, ==, "でーた");
  }

  /* A search through it finds the row whatever the spelling. */
  mt_sqlite_exec (mamori_store_get_db (store),
                  "CREATE TEMP TABLE t (name TEXT); "
                  "INSERT INTO t VALUES ('シンジュク区'), ('渋谷区'), ('ｼﾝｼﾞｭｸ出張所')");
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (store),
                                  "SELECT count (*) FROM t WHERE instr (mamori_fold (name), "
                                  "mamori_fold ('しんじゅく')) > 0"), ==, 2);

  g_clear_object (&again);
  g_clear_object (&store);
  mt_tmpdir_free (g_steal_pointer (&dir));
}

/* The shortcut for text NFKC and case folding would leave alone gives what they give: every
 * character of the ranges it takes, alone and between others, and random mixtures. */
static void
test_simple_shortcut (void)
{
  static const gunichar ranges[][2] = {
    { 0x01, 0x7F }, { 0x3001, 0x3002 }, { 0x300C, 0x300F }, { 0x3041, 0x3096 },
    { 0x30A1, 0x30FC }, { 0x4E00, 0x9FFF },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gunichar));

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    for (gunichar c = ranges[r][0]; c <= ranges[r][1]; c++)
      {
        g_autoptr(GString) text = g_string_new ("Ab ");
        g_autofree char *ours = NULL, *general = NULL;

        g_string_append_unichar (text, c);
        g_string_append (text, "  Zカ\t");
        ours = mamori_text_fold (text->str);
        general = mamori_text_fold_general (text->str);
        g_assert_cmpstr (ours, ==, general);
        g_array_append_val (all, c);
      }
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *ours = NULL, *general = NULL;
      guint n = g_rand_int_range (rand, 1, 12);

      for (guint k = 0; k < n; k++)
        g_string_append_unichar (text, g_array_index (all, gunichar,
                                                      g_rand_int_range (rand, 0, all->len)));
      ours = mamori_text_fold (text->str);
      general = mamori_text_fold_general (text->str);
      g_assert_cmpstr (ours, ==, general);
    }
  /* Outside the ranges the whole folding is done. */
  {
    g_autofree char *folded = mamori_text_fold ("新宿ＡＢＣ ｼﾝｼﾞｭｸ");

    g_assert_cmpstr (folded, ==, "新宿abc しんじゅく");
  }
}

/* The SHA-256 Mamori computes with nettle is the one GLib computes, at every length around the
 * block boundaries (55/56/64 bytes) and for text that is not ASCII. */
static void
test_sha256 (void)
{
  static const gsize lengths[] = { 0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 100000 };
  g_autoptr(GString) text = g_string_new (NULL);

  for (gsize i = 0; i < 100000; i++)
    g_string_append_c (text, (char)(i % 251 + 1));
  for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *ours = mamori_sha256_hex (text->str, lengths[i]);
      g_autofree char *glib = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                           (const guchar *)text->str,
                                                           lengths[i]);

      g_assert_cmpstr (ours, ==, glib);
    }
  {
    const char *kanji = "情報資産目録 第2-1-(1)";
    g_autofree char *ours = mamori_sha256_hex (kanji, strlen (kanji));

    g_assert_cmpstr (ours, ==, "a16fbb3a2b29b1a37d10b755a205b5cfd2e26147ba5478f08e78c2bcd5196f48");
  }
}

/* Record uuids are RFC 9562 version 7: valid, the time of their making in front, and each one
 * after the one before (a burst of many in one millisecond too), so that new rows go at the end
 * of the indexes on uuids. */
static gpointer
make_uuids (gpointer data)
{
  GPtrArray *uuids = data;

  for (guint i = 0; i < 50000; i++)
    g_ptr_array_add (uuids, mamori_uuid_new ());
  return NULL;
}

static void
test_uuid_v7 (void)
{
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 before = g_get_real_time () / 1000, after;
  GThread *thread;

  thread = g_thread_new ("uuids", make_uuids, second);
  make_uuids (first);
  g_thread_join (thread);
  after = g_get_real_time () / 1000;

  for (guint t = 0; t < 2; t++)
    {
      GPtrArray *uuids = t ? second : first;

      for (guint i = 0; i < uuids->len; i++)
        {
          const char *u = g_ptr_array_index (uuids, i);
          g_autofree char *hex = g_strndup (u, 8);
          gint64 ms;

          g_assert_true (g_uuid_string_is_valid (u));
          g_assert_cmpint (u[14], ==, '7');
          g_assert_nonnull (strchr ("89ab", u[19]));
          ms = (gint64)g_ascii_strtoull (hex, NULL, 16) << 16 |
               (gint64)g_ascii_strtoull (u + 9, NULL, 16);
          /* A burst may borrow the milliseconds after this one, never more than the sequence's
           * share of a hundred thousand uuids. */
          g_assert_cmpint (ms, >=, before);
          g_assert_cmpint (ms, <=, after + 100000 / 2048 + 1);
          if (i > 0)
            g_assert_cmpstr (g_ptr_array_index (uuids, i - 1), <, u);
          g_assert_true (g_hash_table_add (seen, (gpointer)u));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  mt_add_func ("/text/fold/full-width-ascii", test_full_width_ascii);
  mt_add_func ("/text/fold/half-width-katakana", test_half_width_katakana);
  mt_add_func ("/text/fold/katakana", test_katakana);
  mt_add_func ("/text/fold/case", test_case);
  mt_add_func ("/text/fold/whitespace", test_whitespace);
  mt_add_func ("/text/fold/null-and-invalid", test_null_and_invalid);
  mt_add_func ("/text/fold/sql-function", test_sql_function);
  mt_add_func ("/text/sha256", test_sha256);
  mt_add_func ("/text/fold/simple-shortcut", test_simple_shortcut);
  mt_add_func ("/text/uuid-v7", test_uuid_v7);

  return g_test_run ();
}
