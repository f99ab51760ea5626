/* mamori-search.c — Japanese search: folded text in character pairs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Japanese has no spaces between words and its most common queries are two characters long
 * (台帳, 総務, 設定), which a trigram index cannot answer.  The mamori_bigram tokenizer cuts
 * text into overlapping pairs of characters (a lone character stays a token of its own), the
 * approach of Groonga's TokenBigram.  Text and query are folded alike by mamori_text_fold()
 * before they reach it: full- and half-width forms, case and kana variants all match.
 *
 * A query word of n ≥ 2 characters becomes the n − 1 pairs it contains, all required; one
 * character becomes a prefix query.  The index says which rows may match; the caller confirms
 * each word as a substring of the row's folded text, so the result is exactly a substring
 * search.
 */

#include "config.h"

#include "mamori-search.h"
#include "mamori-text.h"

#include <string.h>

typedef struct
{
  int unused;
} Tokenizer;

static int
tokenizer_create (void        *context,
                  const char **argv,
                  int          argc,
                  Fts5Tokenizer **out)
{
  *out = (Fts5Tokenizer *)g_new0 (Tokenizer, 1);
  return SQLITE_OK;
}

static void
tokenizer_delete (Fts5Tokenizer *tokenizer)
{
  g_free (tokenizer);
}

static gboolean
is_separator (gunichar c)
{
  return g_unichar_isspace (c) || c == 0;
}

/* Emits the pairs of one run of non-space characters.  In a document (not a query), the
 * run's last character is also emitted alone, so that a one-character query, a prefix query,
 * finds a character that only ends a run (課 in 総務課). */
static int
emit_run (void        *ctx,
          int          flags,
          const char  *text,
          int          start,
          int          end,
          int        (*token) (void *, int, const char *, int, int, int))
{
  const char *p = text + start;
  const char *stop = text + end;
  const char *next;

  next = g_utf8_next_char (p);
  if (next >= stop)
    return token (ctx, 0, p, (int)(stop - p), start, end);

  while (next < stop)
    {
      const char *after = g_utf8_next_char (next);
      int rc = token (ctx, 0, p, (int)(after - p), (int)(p - text), (int)(after - text));

      if (rc != SQLITE_OK)
        return rc;
      p = next;
      next = after;
    }
  if (flags & FTS5_TOKENIZE_DOCUMENT)
    return token (ctx, 0, p, (int)(stop - p), (int)(p - text), end);
  return SQLITE_OK;
}

static int
tokenizer_tokenize (Fts5Tokenizer *tokenizer,
                    void          *ctx,
                    int            flags,
                    const char    *text,
                    int            n_text,
                    int          (*token) (void *, int, const char *, int, int, int))
{
  int start = -1;
  int i = 0;

  if (text == NULL || !g_utf8_validate (text, n_text, NULL))
    return SQLITE_OK;

  while (i < n_text)
    {
      gunichar c = g_utf8_get_char (text + i);
      int len = (int)(g_utf8_next_char (text + i) - (text + i));

      if (is_separator (c))
        {
          if (start >= 0)
            {
              int rc = emit_run (ctx, flags, text, start, i, token);
              if (rc != SQLITE_OK)
                return rc;
            }
          start = -1;
        }
      else if (start < 0)
        start = i;
      i += len;
    }
  if (start >= 0)
    return emit_run (ctx, flags, text, start, n_text, token);
  return SQLITE_OK;
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return api;
}

/**
 * mamori_search_register:
 *
 * Registers the mamori_bigram tokenizer on a connection.  Every connection that writes to or
 * searches a table using it needs this.
 */
gboolean
mamori_search_register (sqlite3  *db,
                        GError  **error)
{
  static fts5_tokenizer tokenizer = { tokenizer_create, tokenizer_delete, tokenizer_tokenize };
  fts5_api *api = get_fts5_api (db);

  if (api == NULL ||
      api->xCreateTokenizer (api, "mamori_bigram", NULL, &tokenizer, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "this SQLite has no full-text search (FTS5)");
      return FALSE;
    }
  return TRUE;
}

/**
 * mamori_search_words:
 * @query: (nullable): what a person typed
 *
 * Returns: (transfer full): the folded words of @query, an empty vector for nothing
 */
GStrv
mamori_search_words (const char *query)
{
  g_autofree char *folded = mamori_text_fold (query);

  if (*folded == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (folded, " ", -1);
}

static void
append_quoted (GString    *match,
               const char *token,
               gssize      len)
{
  g_string_append_c (match, '"');
  for (gssize i = 0; i < len; i++)
    {
      if (token[i] == '"')
        g_string_append_c (match, '"');
      g_string_append_c (match, token[i]);
    }
  g_string_append_c (match, '"');
}

/**
 * mamori_search_match:
 * @words: folded words from mamori_search_words()
 *
 * Returns: (transfer full) (nullable): the FTS5 MATCH expression that finds every row that
 *   may contain all @words, or %NULL if there are none
 */
char *
mamori_search_match (char * const *words)
{
  g_autoptr(GString) match = g_string_new (NULL);

  for (guint w = 0; words && words[w]; w++)
    {
      const char *p = words[w];
      const char *next;

      if (*p == '\0')
        continue;
      next = g_utf8_next_char (p);
      if (*next == '\0')
        {
          if (match->len)
            g_string_append (match, " AND ");
          append_quoted (match, p, next - p);
          g_string_append_c (match, '*');
          continue;
        }
      while (*next != '\0')
        {
          const char *after = g_utf8_next_char (next);

          if (match->len)
            g_string_append (match, " AND ");
          append_quoted (match, p, after - p);
          p = next;
          next = after;
        }
    }
  return match->len ? g_string_free (g_steal_pointer (&match), FALSE) : NULL;
}
