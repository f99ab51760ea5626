/* mamori-text.c — text helpers: search folding, UUIDs, timestamps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-text.h"

#include <string.h>
#include <time.h>

/* Katakana ァ (U+30A1) … ヶ (U+30F6) fold to hiragana ぁ (U+3041) … ゖ (U+3096). */
static gunichar
fold_kana (gunichar c)
{
  if (c >= 0x30A1 && c <= 0x30F6)
    return c - 0x60;
  if (c == 0x30FD || c == 0x30FE) /* ヽ ヾ */
    return c - 0x60;
  return c;
}

/* Text that NFKC and case folding leave alone but for ASCII capitals: ASCII, hiragana,
 * katakana and the prolonged sound mark, the CJK ideographs, 、。「」『』.  Most names in a
 * ledger are only these, and normalising a million of them is a tenth of an import. */
static gboolean
is_simple (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar)*p < 0x80 ? (gunichar)(guchar)*p : g_utf8_get_char (p);

      if (c < 0x80 || (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FC) ||
          (c >= 0x4E00 && c <= 0x9FFF) || c == 0x3001 || c == 0x3002 ||
          (c >= 0x300C && c <= 0x300F))
        continue;
      return FALSE;
    }
  return TRUE;
}

/* Collapses white space and folds katakana to hiragana (and ASCII capitals to small letters,
 * with ascii_lower, where case folding was not done). */
static char *
fold_runs (const char *text,
           gboolean    ascii_lower)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean space = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      if (c < 0x80)
        g_string_append_c (out, ascii_lower ? g_ascii_tolower ((char)c) : (char)c);
      else
        g_string_append_unichar (out, fold_kana (c));
    }
  return g_string_free (out, FALSE);
}

/* mamori_text_fold() without its shortcut for simple text: for the tests, which compare the
 * two. */
char *
mamori_text_fold_general (const char *text)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *lower = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  lower = g_utf8_casefold (nfkc, -1);
  return fold_runs (lower, FALSE);
}

/**
 * mamori_text_fold:
 * @text: (nullable): UTF-8 text
 *
 * The form in which Japanese text is compared for search: NFKC (full-width letters and
 * digits become ASCII, half-width katakana become full-width), case-folded, katakana
 * folded to hiragana, runs of white space collapsed to one space.  The same function folds
 * the indexed text and the query, so "ｼﾝｼﾞｭｸ", "シンジュク" and "しんじゅく" match.
 *
 * Returns: (transfer full): the folded text; empty for %NULL or invalid UTF-8
 */
char *
mamori_text_fold (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  if (is_simple (text))
    return fold_runs (text, TRUE);
  return mamori_text_fold_general (text);
}

gboolean
mamori_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
mamori_text_strip_dup (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_strstrip (g_strdup (text));
}

/**
 * mamori_uuid_new:
 *
 * A new record's uuid, in the time-ordered form of RFC 9562 (version 7): 48 bits of the
 * Unix time in milliseconds, a 12-bit sequence, 62 random bits.  Each uuid sorts after the
 * one made before it in this process (the sequence counts within a millisecond, and a clock
 * set back is not followed), so a new row goes at the end of the indexes on uuids (the
 * records' own and the audit log's) instead of at a random place: at a million rows, random
 * places are what an import spends most of its time on.
 *
 * Returns: (transfer full): the uuid in lower-case hex with dashes
 */
char *
mamori_uuid_new (void)
{
  G_LOCK_DEFINE_STATIC (uuid_clock);
  static guint64 last_ms;
  static guint32 sequence;
  guint64 ms = (guint64)(g_get_real_time () / 1000);
  guint32 r1 = g_random_int (), r2 = g_random_int ();
  guint32 seq;

  G_LOCK (uuid_clock);
  if (ms > last_ms)
    {
      last_ms = ms;
      /* Started in the lower half, so that a millisecond has room for 2,048 uuids at least. */
      sequence = g_random_int () & 0x7ff;
    }
  else if (++sequence > 0xfff)
    {
      /* More than the sequence holds in one millisecond: borrow the next one. */
      last_ms++;
      sequence = 0;
    }
  ms = last_ms;
  seq = sequence;
  G_UNLOCK (uuid_clock);

  return g_strdup_printf ("%08x-%04x-7%03x-%04x-%04x%08x", (guint32)(ms >> 16),
                          (guint32)(ms & 0xffff), seq, 0x8000 | (r1 >> 18),
                          r1 & 0xffff, r2);
}

/**
 * mamori_timestamp_now:
 *
 * Returns: (transfer full): the current time in UTC as ISO 8601 with milliseconds,
 *   e.g. 2026-11-25T12:34:56.789Z — the form every stored timestamp takes
 */
char *
mamori_timestamp_now (void)
{
  /* Without GDateTime and its formatting: every audit entry takes one, a million in a large
   * import. */
  gint64 now = g_get_real_time ();
  time_t seconds = (time_t)(now / G_USEC_PER_SEC);
  struct tm tm;

  gmtime_r (&seconds, &tm);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                          tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                          (int)(now % G_USEC_PER_SEC / 1000));
}

/**
 * mamori_sha256_finish_hex:
 * @ctx: a nettle SHA-256 context, fed
 *
 * Returns: (transfer full): the digest of what @ctx was fed, in lower-case hex, as
 *   GChecksum writes it
 */
char *
mamori_sha256_finish_hex (struct sha256_ctx *ctx)
{
  static const char digits[] = "0123456789abcdef";
  uint8_t digest[SHA256_DIGEST_SIZE];
  char *hex = g_malloc (SHA256_DIGEST_SIZE * 2 + 1);

  sha256_digest (ctx, sizeof digest, digest);
  for (gsize i = 0; i < sizeof digest; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[SHA256_DIGEST_SIZE * 2] = '\0';
  return hex;
}

char *
mamori_sha256_hex (const void *data,
                   gsize       len)
{
  struct sha256_ctx ctx;

  sha256_init (&ctx);
  sha256_update (&ctx, len, data);
  return mamori_sha256_finish_hex (&ctx);
}
