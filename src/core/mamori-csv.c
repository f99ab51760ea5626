/* mamori-csv.c — RFC 4180 CSV, read and written as a stream, in UTF-8 or CP932
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ledgers wards keep are Excel sheets saved as CSV: CP932 (Windows-31J) from a Japanese
 * Excel's plain "CSV", UTF-8 with a byte order mark from "CSV UTF-8".  Both are read and
 * written here, as streams: the reader holds one chunk of the file and the current record,
 * the writer one record and a buffer, whatever the size of the file.
 *
 * Reading.  The input is decoded chunk by chunk into UTF-8 (a multibyte sequence cut by a
 * chunk boundary is carried over to the next chunk), and the parser runs over the UTF-8 text,
 * where the bytes it looks for (, " CR LF) never occur inside a multibyte character.  Bytes
 * that are not text in the encoding are found ahead of the parser and reported when the parser
 * reaches them, so that the error names the line they are on.  With MAMORI_CSV_ENCODING_AUTO a
 * byte order mark means UTF-8; otherwise the first non-ASCII bytes decide (with at least 4 KiB
 * of look-ahead, or up to the end of the file): UTF-8 if they validate as UTF-8, CP932 if not.
 * Until then the text is ASCII, the same in both.  A later byte that is not valid in the
 * encoding chosen is an error naming its line.
 *
 * A quote inside an unquoted field is taken literally, as Excel does; text after the closing
 * quote of a quoted field is an error, because it means the file is not what it seems.
 *
 * Writing.  Fields are quoted when they hold a comma, a quote, a line break or white space at
 * either end; records end with CRLF, as Excel writes them.  CP932 and Unicode disagree on a few
 * characters that JIS X 0208 and Windows both have but map to different code points (〜 is
 * U+301C in JIS, U+FF5E in Windows, and Windows's is what Excel writes).  The writer puts these
 * in their CP932 form (mamori_csv_cp932_variants), which is what the file reads back as —
 * visually the same character, never a different one.  A character CP932 does not have at
 * all (𠮷, é, an emoji) is never dropped: the writer fails naming the record, the column and
 * the character, or, with MAMORI_CSV_WRITER_SUBSTITUTE, writes 〓 in its place and counts it
 * so that the caller can say so.  glibc's CP932 maps ¥ to the backslash and ‾ to the tilde,
 * and drops the tag characters U+E0000…U+E007F without a word: the writer handles those
 * itself (¥ → ￥, ‾ → ￣; tags are unmappable).
 */

#include "config.h"

#include "mamori-csv.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_QUARK (mamori-csv-error-quark, mamori_csv_error)

#define RAW_CHUNK      (64 * 1024)
#define RAW_CAPACITY   (2 * RAW_CHUNK)
#define DETECT_WINDOW  4096
#define OUT_FLUSH      (64 * 1024)

/* The CP932 geta mark 〓 (U+3013), the traditional sign of a character that could not be set. */
#define CP932_GETA "\x81\xAC"

const char *const mamori_csv_cp932_variants[] = {
  "\u301C", "\uFF5E",  /* WAVE DASH → FULLWIDTH TILDE */
  "\u2212", "\uFF0D",  /* MINUS SIGN → FULLWIDTH HYPHEN-MINUS */
  "\u2016", "\u2225",  /* DOUBLE VERTICAL LINE → PARALLEL TO */
  "\u2014", "\u2015",  /* EM DASH → HORIZONTAL BAR */
  "\u00A2", "\uFFE0",  /* CENT SIGN → FULLWIDTH CENT SIGN */
  "\u00A3", "\uFFE1",  /* POUND SIGN → FULLWIDTH POUND SIGN */
  "\u00AC", "\uFFE2",  /* NOT SIGN → FULLWIDTH NOT SIGN */
  "\u00A5", "\uFFE5",  /* YEN SIGN → FULLWIDTH YEN SIGN (glibc would write a backslash) */
  "\u203E", "\uFFE3",  /* OVERLINE → FULLWIDTH MACRON (glibc would write a tilde) */
  NULL,
};

const char *
mamori_csv_encoding_name (MamoriCsvEncoding encoding)
{
  switch (encoding)
    {
    case MAMORI_CSV_ENCODING_UTF8:
      return "UTF-8";
    case MAMORI_CSV_ENCODING_CP932:
      return "CP932";
    case MAMORI_CSV_ENCODING_AUTO:
    default:
      return "auto";
    }
}

/**
 * mamori_csv_encoding_parse:
 * @name: "auto", "utf-8", "utf8", "cp932", "windows-31j", "shift_jis" or "sjis", in any case
 *
 * Returns: %TRUE if @name is an encoding the CSV functions know
 */
gboolean
mamori_csv_encoding_parse (const char        *name,
                           MamoriCsvEncoding *encoding)
{
  static const struct { const char *name; MamoriCsvEncoding encoding; } names[] = {
    { "auto", MAMORI_CSV_ENCODING_AUTO }, { "utf-8", MAMORI_CSV_ENCODING_UTF8 },
    { "utf8", MAMORI_CSV_ENCODING_UTF8 }, { "cp932", MAMORI_CSV_ENCODING_CP932 },
    { "windows-31j", MAMORI_CSV_ENCODING_CP932 }, { "ms932", MAMORI_CSV_ENCODING_CP932 },
    { "shift_jis", MAMORI_CSV_ENCODING_CP932 }, { "shift-jis", MAMORI_CSV_ENCODING_CP932 },
    { "sjis", MAMORI_CSV_ENCODING_CP932 },
  };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i].name) == 0)
      {
        *encoding = names[i].encoding;
        return TRUE;
      }
  return FALSE;
}

static GIConv
open_cp932 (const char  *to,
            const char  *from,
            GError     **error)
{
  GIConv cd = g_iconv_open (to, from);

  if (cd == (GIConv)-1)
    g_set_error (error, MAMORI_CSV_ERROR, MAMORI_CSV_ERROR_UNSUPPORTED,
                 _("This system cannot convert text from or to CP932 (Shift_JIS); use UTF-8."));
  return cd;
}

/* Reading ----------------------------------------------------------------------------------- */

struct _MamoriCsvReader
{
  GInputStream      *stream;
  MamoriCsvEncoding  encoding;      /* AUTO until the content decides */
  GIConv             cd;
  gboolean           bom_checked;
  gboolean           bom;

  /* Input not yet decoded. */
  guint8            *raw;
  gsize              raw_len;
  gboolean           input_eof;
  guint64            bytes_read;

  /* Decoded UTF-8 text, parsed from text_pos on. */
  char              *text;
  gsize              text_len;
  gsize              text_pos;
  gsize              text_size;

  /* Bytes that are not text, found after the end of the decoded text. */
  gboolean           bad;
  guint8             bad_bytes[4];
  guint              n_bad;

  guint64            line;          /* the physical line the parser is on, from 1 */
  gboolean           after_cr;      /* inside a quoted field: the last byte was CR */
  gboolean           done;

  GString           *record;        /* the current record's fields, each ended by a NUL */
  GArray            *starts;        /* guint: where each field starts in record */
  guint64            record_line;
};

/**
 * mamori_csv_reader_new:
 * @stream: the file, read from its current position
 * @encoding: its encoding, or %MAMORI_CSV_ENCODING_AUTO to detect it
 *
 * Returns: (transfer full) (nullable): a reader, or %NULL if CP932 cannot be converted here
 */
MamoriCsvReader *
mamori_csv_reader_new (GInputStream       *stream,
                       MamoriCsvEncoding   encoding,
                       GError            **error)
{
  MamoriCsvReader *r;
  GIConv cd = (GIConv)-1;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (encoding == MAMORI_CSV_ENCODING_CP932 &&
      (cd = open_cp932 ("UTF-8", "CP932", error)) == (GIConv)-1)
    return NULL;

  r = g_new0 (MamoriCsvReader, 1);
  r->stream = g_object_ref (stream);
  r->encoding = encoding;
  r->cd = cd;
  r->raw = g_malloc (RAW_CAPACITY);
  r->text_size = 3 * RAW_CAPACITY + 16;
  r->text = g_malloc (r->text_size);
  r->line = 1;
  r->record = g_string_sized_new (1024);
  r->starts = g_array_sized_new (FALSE, FALSE, sizeof (guint), 32);
  return r;
}

void
mamori_csv_reader_free (MamoriCsvReader *r)
{
  if (r == NULL)
    return;
  if (r->cd != (GIConv)-1)
    g_iconv_close (r->cd);
  g_object_unref (r->stream);
  g_free (r->raw);
  g_free (r->text);
  g_string_free (r->record, TRUE);
  g_array_unref (r->starts);
  g_free (r);
}

static void
append_text (MamoriCsvReader *r,
             const void      *data,
             gsize            len)
{
  g_assert (r->text_len + len <= r->text_size);
  memcpy (r->text + r->text_len, data, len);
  r->text_len += len;
}

static void
consume_raw (MamoriCsvReader *r,
             gsize            n)
{
  memmove (r->raw, r->raw + n, r->raw_len - n);
  r->raw_len -= n;
}

/* Notes the bytes at @at as not text, to report when the parser gets there: the sequence that
 * is wrong, the same however the file was cut into chunks — in UTF-8 the lead byte and the
 * continuation bytes after it, in CP932 a lead byte and its second byte. */
static void
mark_bad (MamoriCsvReader *r,
          const guint8    *at,
          gsize            available)
{
  gsize n = 1;

  if (r->encoding == MAMORI_CSV_ENCODING_CP932)
    {
      if (available >= 2 && ((at[0] >= 0x81 && at[0] <= 0x9F) || (at[0] >= 0xE0 && at[0] <= 0xFC)))
        n = 2;
    }
  else
    while (n < available && n < 4 && (at[n] & 0xC0) == 0x80)
      n++;
  r->bad = TRUE;
  r->n_bad = n;
  memcpy (r->bad_bytes, at, n);
  r->raw_len = 0;
}

/* Is p[0..n) the beginning of a UTF-8 sequence that more bytes could complete? */
static gboolean
utf8_incomplete (const guint8 *p,
                 gsize         n)
{
  guint need;

  if (n == 0)
    return FALSE;
  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    need = 2;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    need = 3;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    need = 4;
  else
    return FALSE;
  if (n >= need)
    return FALSE;
  for (gsize i = 1; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return FALSE;
  return TRUE;
}

static void
decode_utf8 (MamoriCsvReader *r)
{
  gsize done = 0;

  while (done < r->raw_len)
    {
      const char *end;
      const char *start = (const char *)r->raw + done;
      gsize valid;

      if (g_utf8_validate_len (start, r->raw_len - done, &end))
        {
          append_text (r, start, r->raw_len - done);
          done = r->raw_len;
          break;
        }
      valid = end - start;
      append_text (r, start, valid);
      done += valid;
      if (r->raw[done] == 0)
        {
          /* g_utf8_validate() stops at a NUL; the parser reports it, with its line. */
          append_text (r, "", 1);
          done++;
          continue;
        }
      if (!r->input_eof && utf8_incomplete (r->raw + done, r->raw_len - done))
        break;
      mark_bad (r, r->raw + done, r->raw_len - done);
      return;
    }
  consume_raw (r, done);
}

static void
decode_cp932 (MamoriCsvReader *r)
{
  char *in = (char *)r->raw;
  gsize in_left = r->raw_len;
  char *out = r->text + r->text_len;
  gsize out_left = r->text_size - r->text_len;
  gsize rc;

  rc = g_iconv (r->cd, &in, &in_left, &out, &out_left);
  r->text_len = out - r->text;
  if (rc == (gsize)-1 && errno == EILSEQ)
    {
      mark_bad (r, (guint8 *)in, in_left);
      return;
    }
  if (rc == (gsize)-1 && errno == EINVAL && r->input_eof)
    {
      /* A lead byte at the very end of the file, without its second byte. */
      mark_bad (r, (guint8 *)in, in_left);
      return;
    }
  consume_raw (r, r->raw_len - in_left);
}

/* Does UTF-8 validation of @p[0..len) succeed, NULs aside (the parser reports those), or fail
 * only on a sequence that more input could complete? */
static gboolean
looks_like_utf8 (const char *p,
                 gsize       len,
                 gboolean    at_eof)
{
  const char *end;

  while (!g_utf8_validate_len (p, len, &end))
    {
      gsize valid = end - p;

      if (*end != '\0')
        return !at_eof && utf8_incomplete ((const guint8 *)end, len - valid);
      p = end + 1;
      len -= valid + 1;
    }
  return TRUE;
}

/* Decides the encoding of a file that did not say, from its first non-ASCII bytes.  Returns 1
 * once decided, 0 when more input is needed, -1 on an error. */
static int
detect (MamoriCsvReader  *r,
        GError          **error)
{
  gsize p = 0;

  while (p < r->raw_len && r->raw[p] < 0x80)
    p++;
  if (p == r->raw_len)
    {
      /* ASCII so far: the same text in either encoding. */
      append_text (r, r->raw, r->raw_len);
      consume_raw (r, r->raw_len);
      return 0;
    }
  if (r->raw_len - p < DETECT_WINDOW && !r->input_eof)
    {
      append_text (r, r->raw, p);
      consume_raw (r, p);
      return 0;
    }

  if (looks_like_utf8 ((const char *)r->raw + p, r->raw_len - p, r->input_eof))
    r->encoding = MAMORI_CSV_ENCODING_UTF8;
  else
    {
      r->cd = open_cp932 ("UTF-8", "CP932", error);
      if (r->cd == (GIConv)-1)
        return -1;
      r->encoding = MAMORI_CSV_ENCODING_CP932;
    }
  return 1;
}

static void
set_error (MamoriCsvReader  *r,
           GError          **error,
           MamoriCsvError    code,
           const char       *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
set_error (MamoriCsvReader  *r,
           GError          **error,
           MamoriCsvError    code,
           const char       *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (MAMORI_CSV_ERROR, code, format, args));
  va_end (args);
}

static void
set_encoding_error (MamoriCsvReader  *r,
                    GError          **error)
{
  g_autoptr(GString) bytes = g_string_new (NULL);

  for (guint i = 0; i < r->n_bad; i++)
    g_string_append_printf (bytes, "%s%02X", i ? " " : "", r->bad_bytes[i]);
  if (r->encoding == MAMORI_CSV_ENCODING_CP932)
    set_error (r, error, MAMORI_CSV_ERROR_ENCODING,
               _("line %llu: the bytes %s are not text in CP932 (Shift_JIS); "
                 "the file may be damaged or in another encoding."), (unsigned long long)r->line,
               bytes->str);
  else
    set_error (r, error, MAMORI_CSV_ERROR_ENCODING,
               _("line %llu: the bytes %s are not text in UTF-8; the file "
                 "may be damaged or in another encoding (save it from Excel as “CSV UTF-8”)."),
               (unsigned long long)r->line, bytes->str);
}

/* Makes decoded text available at text_pos.  Returns 1 if there is some, 0 at the end of the
 * file, -1 on an error. */
static int
fill (MamoriCsvReader  *r,
      GCancellable     *cancellable,
      GError          **error)
{
  for (;;)
    {
      if (r->text_pos < r->text_len)
        return 1;
      r->text_pos = r->text_len = 0;
      if (r->bad)
        {
          set_encoding_error (r, error);
          return -1;
        }
      if (r->raw_len == 0 && r->input_eof)
        return 0;

      if (!r->input_eof && r->raw_len < RAW_CHUNK)
        {
          gssize n = g_input_stream_read (r->stream, r->raw + r->raw_len,
                                          RAW_CAPACITY - r->raw_len, cancellable, error);
          if (n < 0)
            return -1;
          if (n == 0)
            r->input_eof = TRUE;
          r->raw_len += n;
          r->bytes_read += n;
        }

      if (!r->bom_checked)
        {
          if (r->raw_len < 3 && !r->input_eof)
            continue;
          r->bom_checked = TRUE;
          if (r->raw_len >= 3 && memcmp (r->raw, "\xEF\xBB\xBF", 3) == 0)
            {
              if (r->encoding == MAMORI_CSV_ENCODING_CP932)
                {
                  set_error (r, error, MAMORI_CSV_ERROR_ENCODING,
                             _("line 1: the file begins with a UTF-8 byte order mark: it is "
                               "UTF-8, not CP932."));
                  return -1;
                }
              r->bom = TRUE;
              r->encoding = MAMORI_CSV_ENCODING_UTF8;
              consume_raw (r, 3);
            }
        }

      if (r->encoding == MAMORI_CSV_ENCODING_AUTO)
        {
          int decided = detect (r, error);

          if (decided < 0)
            return -1;
          if (decided == 0)
            continue;
        }
      if (r->encoding == MAMORI_CSV_ENCODING_CP932)
        decode_cp932 (r);
      else if (r->encoding == MAMORI_CSV_ENCODING_UTF8)
        decode_utf8 (r);
    }
}

static gboolean
end_field (MamoriCsvReader  *r,
           guint             start,
           GError          **error)
{
  if (r->record->len - start > MAMORI_CSV_MAX_FIELD_BYTES)
    {
      set_error (r, error, MAMORI_CSV_ERROR_FIELD_TOO_LONG,
                 _("line %llu, column %u: the field is longer than 1 MiB."),
                 (unsigned long long)r->record_line, r->starts->len);
      return FALSE;
    }
  g_string_append_c (r->record, '\0');
  return TRUE;
}

static gboolean
field_too_long (MamoriCsvReader *r,
                guint            start)
{
  return r->record->len - start > MAMORI_CSV_MAX_FIELD_BYTES;
}

static void
set_nul_error (MamoriCsvReader  *r,
               GError          **error)
{
  set_error (r, error, MAMORI_CSV_ERROR_NUL,
             _("line %llu: the file contains a NUL byte, so it is not a text "
               "file."), (unsigned long long)r->line);
}

typedef enum
{
  FIELD_NEXT,       /* a comma: another field follows */
  FIELD_LAST,       /* a line break or the end of the file ended the record */
  FIELD_ERROR,
} FieldEnd;

/* Reads the rest of an unquoted field. */
static FieldEnd
read_unquoted (MamoriCsvReader  *r,
               guint             start,
               GCancellable     *cancellable,
               GError          **error)
{
  for (;;)
    {
      const char *p, *q, *end;
      int rc = fill (r, cancellable, error);

      if (rc < 0)
        return FIELD_ERROR;
      if (rc == 0)
        return FIELD_LAST;

      p = r->text + r->text_pos;
      end = r->text + r->text_len;
      for (q = p; q < end && *q != ',' && *q != '\n' && *q != '\r' && *q != '\0'; q++)
        ;
      g_string_append_len (r->record, p, q - p);
      r->text_pos += q - p;
      if (field_too_long (r, start))
        return FIELD_LAST; /* end_field() reports it */
      if (q == end)
        continue;

      r->text_pos++;
      switch (*q)
        {
        case ',':
          return FIELD_NEXT;
        case '\n':
          r->line++;
          return FIELD_LAST;
        case '\r':
          r->line++;
          rc = fill (r, cancellable, error);
          if (rc < 0)
            return FIELD_ERROR;
          if (rc > 0 && r->text[r->text_pos] == '\n')
            r->text_pos++;
          return FIELD_LAST;
        default:
          r->text_pos--;
          set_nul_error (r, error);
          return FIELD_ERROR;
        }
    }
}

/* Reads a quoted field, after its opening quote, and what ends it. */
static FieldEnd
read_quoted (MamoriCsvReader  *r,
             guint             start,
             GCancellable     *cancellable,
             GError          **error)
{
  guint64 first_line = r->line;

  r->after_cr = FALSE;
  for (;;)
    {
      const char *p, *q, *end;
      int rc = fill (r, cancellable, error);

      if (rc < 0)
        return FIELD_ERROR;
      if (rc == 0)
        {
          set_error (r, error, MAMORI_CSV_ERROR_UNTERMINATED,
                     _("the file ends inside a quoted field that starts on line %llu"
                       "; it may have been cut short."), (unsigned long long)first_line);
          return FIELD_ERROR;
        }

      p = r->text + r->text_pos;
      end = r->text + r->text_len;
      for (q = p; q < end && *q != '"' && *q != '\n' && *q != '\r' && *q != '\0'; q++)
        ;
      if (q > p)
        r->after_cr = FALSE;
      g_string_append_len (r->record, p, q - p);
      r->text_pos += q - p;
      if (field_too_long (r, start))
        return FIELD_LAST;
      if (q == end)
        continue;

      r->text_pos++;
      switch (*q)
        {
        case '\r':
          g_string_append_c (r->record, '\r');
          r->line++;
          r->after_cr = TRUE;
          continue;
        case '\n':
          g_string_append_c (r->record, '\n');
          if (!r->after_cr)
            r->line++;
          r->after_cr = FALSE;
          continue;
        case '\0':
          r->text_pos--;
          set_nul_error (r, error);
          return FIELD_ERROR;
        default:
          break;
        }

      /* A quote: doubled, it is one quote of the text; alone, it ends the field. */
      r->after_cr = FALSE;
      rc = fill (r, cancellable, error);
      if (rc < 0)
        return FIELD_ERROR;
      if (rc == 0)
        return FIELD_LAST;
      switch (r->text[r->text_pos])
        {
        case '"':
          g_string_append_c (r->record, '"');
          r->text_pos++;
          continue;
        case ',':
          r->text_pos++;
          return FIELD_NEXT;
        case '\n':
        case '\r':
          return read_unquoted (r, r->record->len, cancellable, error);
        default:
          set_error (r, error, MAMORI_CSV_ERROR_MALFORMED,
                     _("line %llu, column %u: text follows the closing quote "
                       "of the field; a quote inside a quoted field must be doubled (\"\")."),
                     (unsigned long long)r->line, r->starts->len);
          return FIELD_ERROR;
        }
    }
}

/**
 * mamori_csv_reader_next:
 *
 * Reads the next record.  Its fields are then available through
 * mamori_csv_reader_get_field() until the next call.
 *
 * Returns: %TRUE if a record was read; %FALSE at the end of the file, or with @error set
 */
gboolean
mamori_csv_reader_next (MamoriCsvReader  *r,
                        GCancellable     *cancellable,
                        GError          **error)
{
  int rc;

  g_string_truncate (r->record, 0);
  g_array_set_size (r->starts, 0);
  if (r->done)
    return FALSE;

  rc = fill (r, cancellable, error);
  if (rc <= 0)
    {
      r->done = TRUE;
      return FALSE;
    }
  r->record_line = r->line;

  for (;;)
    {
      guint start = r->record->len;
      FieldEnd end;

      if (r->starts->len == MAMORI_CSV_MAX_FIELDS)
        {
          set_error (r, error, MAMORI_CSV_ERROR_TOO_MANY_FIELDS,
                     _("line %llu: the record has more than %d fields."),
                     (unsigned long long)r->record_line, MAMORI_CSV_MAX_FIELDS);
          goto fail;
        }
      g_array_append_val (r->starts, start);

      rc = fill (r, cancellable, error);
      if (rc < 0)
        goto fail;
      if (rc > 0 && r->text[r->text_pos] == '"')
        {
          r->text_pos++;
          end = read_quoted (r, start, cancellable, error);
        }
      else
        end = read_unquoted (r, start, cancellable, error);

      if (end == FIELD_ERROR || !end_field (r, start, error))
        goto fail;
      if (end == FIELD_LAST)
        return TRUE;
    }

fail:
  r->done = TRUE;
  g_string_truncate (r->record, 0);
  g_array_set_size (r->starts, 0);
  return FALSE;
}

guint
mamori_csv_reader_get_n_fields (MamoriCsvReader *r)
{
  return r->starts->len;
}

/**
 * mamori_csv_reader_get_field:
 *
 * Returns: (transfer none): the text of field @index of the current record, in UTF-8; "" past
 *   its last field
 */
const char *
mamori_csv_reader_get_field (MamoriCsvReader *r,
                             guint            index)
{
  if (index >= r->starts->len)
    return "";
  return r->record->str + g_array_index (r->starts, guint, index);
}

/* Does the current record hold nothing at all (an empty line, or only commas)? */
gboolean
mamori_csv_reader_is_blank (MamoriCsvReader *r)
{
  /* Each field is followed by its NUL: only NULs means only empty fields. */
  return r->record->len == r->starts->len;
}

/* The physical line on which the current record starts, from 1. */
guint64
mamori_csv_reader_get_line (MamoriCsvReader *r)
{
  return r->record_line;
}

/* How many bytes of the stream have been read so far, for progress. */
guint64
mamori_csv_reader_get_bytes_read (MamoriCsvReader *r)
{
  return r->bytes_read;
}

/**
 * mamori_csv_reader_get_encoding:
 *
 * Returns: the encoding the file is read in: the one asked for, or the one detected (UTF-8
 *   as long as nothing but ASCII has been read)
 */
MamoriCsvEncoding
mamori_csv_reader_get_encoding (MamoriCsvReader *r)
{
  return r->encoding == MAMORI_CSV_ENCODING_AUTO ? MAMORI_CSV_ENCODING_UTF8 : r->encoding;
}

gboolean
mamori_csv_reader_had_bom (MamoriCsvReader *r)
{
  return r->bom;
}

/* Writing ----------------------------------------------------------------------------------- */

struct _MamoriCsvWriter
{
  GOutputStream        *stream;
  MamoriCsvEncoding     encoding;
  MamoriCsvWriterFlags  flags;
  GIConv                cd;
  GString              *out;        /* encoded bytes waiting to be written */
  GString              *scratch;    /* one field, escaped, before encoding */
  GString              *mapped;     /* the same with the CP932 variants mapped */
  guint                 n_fields;   /* in the current record */
  guint64               n_records;
  guint64               n_substituted;
  char                 *first_substitution;
  GError               *field_error;
  GStrv                 column_names;
};

/**
 * mamori_csv_writer_new:
 * @encoding: %MAMORI_CSV_ENCODING_UTF8 or %MAMORI_CSV_ENCODING_CP932
 *
 * Returns: (transfer full) (nullable): a writer to @stream, or %NULL if CP932 cannot be
 *   converted here
 */
MamoriCsvWriter *
mamori_csv_writer_new (GOutputStream         *stream,
                       MamoriCsvEncoding      encoding,
                       MamoriCsvWriterFlags   flags,
                       GError               **error)
{
  MamoriCsvWriter *w;
  GIConv cd = (GIConv)-1;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);
  g_return_val_if_fail (encoding != MAMORI_CSV_ENCODING_AUTO, NULL);

  if (encoding == MAMORI_CSV_ENCODING_CP932 &&
      (cd = open_cp932 ("CP932", "UTF-8", error)) == (GIConv)-1)
    return NULL;

  w = g_new0 (MamoriCsvWriter, 1);
  w->stream = g_object_ref (stream);
  w->encoding = encoding;
  w->flags = flags;
  w->cd = cd;
  w->out = g_string_sized_new (OUT_FLUSH + 4096);
  w->scratch = g_string_sized_new (256);
  w->mapped = g_string_sized_new (256);
  if (encoding == MAMORI_CSV_ENCODING_UTF8 && (flags & MAMORI_CSV_WRITER_BOM))
    g_string_append (w->out, "\xEF\xBB\xBF");
  return w;
}

/* Frees the writer, without flushing: call mamori_csv_writer_flush() first to keep what was
 * written. */
void
mamori_csv_writer_free (MamoriCsvWriter *w)
{
  if (w == NULL)
    return;
  if (w->cd != (GIConv)-1)
    g_iconv_close (w->cd);
  g_object_unref (w->stream);
  g_string_free (w->out, TRUE);
  g_string_free (w->scratch, TRUE);
  g_string_free (w->mapped, TRUE);
  g_free (w->first_substitution);
  g_clear_error (&w->field_error);
  g_strfreev (w->column_names);
  g_free (w);
}

/**
 * mamori_csv_writer_set_column_names:
 * @names: (nullable): the names of the columns, to name them in errors
 */
void
mamori_csv_writer_set_column_names (MamoriCsvWriter    *w,
                                    const char *const  *names)
{
  g_strfreev (w->column_names);
  w->column_names = g_strdupv ((char **)names);
}

static char *
column_name (MamoriCsvWriter *w,
             guint            index)
{
  if (w->column_names != NULL && index < g_strv_length (w->column_names))
    return g_strdup (w->column_names[index]);
  return g_strdup_printf ("%u", index + 1);
}

static gboolean
needs_quotes (const char *text,
              gsize       len)
{
  if (len == 0)
    return FALSE;
  if (text[0] == ' ' || text[0] == '\t' || text[len - 1] == ' ' || text[len - 1] == '\t')
    return TRUE;
  for (gsize i = 0; i < len; i++)
    if (text[i] == ',' || text[i] == '"' || text[i] == '\n' || text[i] == '\r')
      return TRUE;
  return FALSE;
}

static void
append_escaped (GString    *dest,
                const char *text,
                gsize       len)
{
  const char *p = text, *end = text + len, *q;

  g_string_append_c (dest, '"');
  while ((q = memchr (p, '"', end - p)) != NULL)
    {
      g_string_append_len (dest, p, q + 1 - p);
      g_string_append_c (dest, '"');
      p = q + 1;
    }
  g_string_append_len (dest, p, end - p);
  g_string_append_c (dest, '"');
}

/* If @p starts one of mamori_csv_cp932_variants, or a tag character, returns the length of
 * its UTF-8 sequence and, in *replacement, its CP932 form (U+FFFF for a tag, which no encoding
 * has, so that the converter stops there: glibc would drop it).  Byte tests first: Japanese
 * text is mostly E3 sequences, and this runs over every one of them. */
static gsize
variant_at (const guchar  *p,
            const guchar  *end,
            const char   **replacement)
{
  gsize n = end - p;
  const char *r = NULL;
  gsize len = 0;

  switch (p[0])
    {
    case 0xC2:
      if (n >= 2 && (p[1] == 0xA2 || p[1] == 0xA3 || p[1] == 0xA5 || p[1] == 0xAC))
        len = 2;
      break;
    case 0xE2:
      if (n >= 3 && ((p[1] == 0x80 && (p[2] == 0x94 || p[2] == 0x96 || p[2] == 0xBE)) ||
                     (p[1] == 0x88 && p[2] == 0x92)))
        len = 3;
      break;
    case 0xE3:
      if (n >= 3 && p[1] == 0x80 && p[2] == 0x9C)
        len = 3;
      break;
    case 0xF3:
      if (n >= 4 && p[1] == 0xA0 && (p[2] == 0x80 || p[2] == 0x81))
        {
          *replacement = "\uFFFF";
          return 4;
        }
      break;
    default:
      break;
    }
  if (len == 0)
    return 0;
  for (guint i = 0; mamori_csv_cp932_variants[i]; i += 2)
    if (strncmp ((const char *)p, mamori_csv_cp932_variants[i], len) == 0 &&
        mamori_csv_cp932_variants[i][len] == '\0')
      r = mamori_csv_cp932_variants[i + 1];
  g_assert (r != NULL);
  *replacement = r;
  return len;
}

static gboolean
is_tag_character (gunichar c)
{
  return c >= 0xE0000 && c <= 0xE007F;
}

/* Copies @text into w->mapped with the CP932 variants mapped.  Returns FALSE if nothing needed
 * mapping (w->mapped is then unused). */
static gboolean
map_variants (MamoriCsvWriter *w,
              const char      *text,
              gsize            len)
{
  const guchar *p = (const guchar *)text, *end = p + len, *copied = p;
  gboolean any = FALSE;

  for (; p < end; p++)
    {
      const char *replacement;
      gsize n;

      if (*p < 0xC2 || (n = variant_at (p, end, &replacement)) == 0)
        continue;
      if (!any)
        g_string_truncate (w->mapped, 0);
      any = TRUE;
      g_string_append_len (w->mapped, (const char *)copied, p - copied);
      g_string_append (w->mapped, replacement);
      p += n - 1;
      copied = p + 1;
    }
  if (any)
    g_string_append_len (w->mapped, (const char *)copied, end - copied);
  return any;
}

/* The character of the original text at @offset_in_mapped of its mapped copy. */
static gunichar
original_character (const char *text,
                    gsize       len,
                    gsize       offset_in_mapped,
                    gboolean    mapped)
{
  const guchar *p = (const guchar *)text, *end = p + len;
  gsize m = 0;

  if (!mapped)
    return g_utf8_get_char (text + offset_in_mapped);
  while (p < end)
    {
      const char *replacement;
      gsize n = *p >= 0xC2 ? variant_at (p, end, &replacement) : 0;

      if (m >= offset_in_mapped)
        return g_utf8_get_char ((const char *)p);
      if (n > 0)
        {
          m += strlen (replacement);
          p += n;
        }
      else
        {
          gsize width = g_utf8_skip[*p];

          m += width;
          p += width;
        }
    }
  return 0;
}

static void
describe_character (GString  *s,
                    gunichar  c)
{
  char utf8[8] = { 0 };

  if (g_unichar_isprint (c) && !is_tag_character (c))
    {
      g_unichar_to_utf8 (c, utf8);
      g_string_append_printf (s, "“%s” (U+%04X)", utf8, c);
    }
  else
    g_string_append_printf (s, "U+%04X", c);
}

/* Converts @len bytes of UTF-8 at @text to CP932 at the end of w->out. */
static gboolean
encode_cp932 (MamoriCsvWriter *w,
              const char      *text,
              gsize            len)
{
  gboolean mapped = map_variants (w, text, len);
  char *in = mapped ? w->mapped->str : (char *)text;
  gsize in_left = mapped ? w->mapped->len : len;
  const char *in_start = in;

  while (in_left > 0)
    {
      gsize old_len = w->out->len;
      /* glibc decodes the whole input of a call before converting it, so that each stop at an
       * unmappable character would cost the rest of the field again: a window bounds that. */
      gsize window = MIN (in_left, (gsize)1024);
      gsize window_left;
      char *out;
      gsize out_left;
      gsize rc;
      gunichar c = 0;

      while (window < in_left && ((guchar)in[window] & 0xC0) == 0x80)
        window--;
      window_left = window;
      g_string_set_size (w->out, old_len + window + 16);
      out = w->out->str + old_len;
      out_left = window + 16;
      rc = g_iconv (w->cd, &in, &window_left, &out, &out_left);
      g_string_set_size (w->out, out - w->out->str);
      in_left -= window - window_left;
      if (rc != (gsize)-1 || errno == E2BIG)
        continue;

      if (!(w->flags & MAMORI_CSV_WRITER_SUBSTITUTE) || w->n_substituted == 0)
        c = original_character (text, len, in - in_start, mapped);
      if (!(w->flags & MAMORI_CSV_WRITER_SUBSTITUTE))
        {
          g_autoptr(GString) what = g_string_new (NULL);
          g_autofree char *column = column_name (w, w->n_fields);

          describe_character (what, c);
          g_set_error (&w->field_error, MAMORI_CSV_ERROR, MAMORI_CSV_ERROR_UNMAPPABLE,
                       _("record %llu, column %s: the character %s cannot be "
                         "written in CP932 (Shift_JIS); write the file in UTF-8 instead."),
                       (unsigned long long)w->n_records + 1, column, what->str);
          return FALSE;
        }
      g_string_append (w->out, CP932_GETA);
      if (w->n_substituted++ == 0)
        {
          g_autoptr(GString) what = g_string_new (NULL);
          g_autofree char *column = column_name (w, w->n_fields);

          describe_character (what, c);
          w->first_substitution =
            g_strdup_printf (_("record %llu, column %s: %s"),
                             (unsigned long long)w->n_records + 1, column, what->str);
        }
      /* Skip the character (one character of the mapped text). */
      {
        const char *next = g_utf8_find_next_char (in, in + in_left);
        gsize skip = next ? (gsize)(next - in) : in_left;

        in += skip;
        in_left -= skip;
      }
    }
  return TRUE;
}

static gboolean
is_ascii (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar)text[i] >= 0x80)
      return FALSE;
  return TRUE;
}

/**
 * mamori_csv_writer_add_field:
 * @text: (nullable): the field's text, in UTF-8; %NULL is an empty field
 *
 * Adds a field to the current record.  A problem (a character CP932 lacks) is reported by
 * mamori_csv_writer_end_record().
 */
void
mamori_csv_writer_add_field (MamoriCsvWriter *w,
                             const char      *text)
{
  gsize len = text ? strlen (text) : 0;
  gboolean quote = needs_quotes (text, len);

  if (w->n_fields++ > 0)
    g_string_append_c (w->out, ',');
  if (len == 0 || w->field_error != NULL)
    return;

  if (w->encoding == MAMORI_CSV_ENCODING_UTF8 || is_ascii (text, len))
    {
      if (quote)
        append_escaped (w->out, text, len);
      else
        g_string_append_len (w->out, text, len);
      return;
    }

  w->n_fields--;  /* errors name the column being written */
  if (quote)
    {
      g_string_truncate (w->scratch, 0);
      append_escaped (w->scratch, text, len);
      encode_cp932 (w, w->scratch->str, w->scratch->len);
    }
  else
    encode_cp932 (w, text, len);
  w->n_fields++;
}

/**
 * mamori_csv_writer_end_record:
 *
 * Ends the current record with CRLF and writes out what has accumulated, if enough has.
 */
gboolean
mamori_csv_writer_end_record (MamoriCsvWriter  *w,
                              GCancellable     *cancellable,
                              GError          **error)
{
  w->n_fields = 0;
  if (w->field_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&w->field_error));
      return FALSE;
    }
  g_string_append (w->out, "\r\n");
  w->n_records++;
  if (w->out->len >= OUT_FLUSH)
    return mamori_csv_writer_flush (w, cancellable, error);
  return TRUE;
}

gboolean
mamori_csv_writer_write_record (MamoriCsvWriter    *w,
                                const char *const  *fields,
                                guint               n_fields,
                                GCancellable       *cancellable,
                                GError            **error)
{
  for (guint i = 0; i < n_fields; i++)
    mamori_csv_writer_add_field (w, fields[i]);
  return mamori_csv_writer_end_record (w, cancellable, error);
}

/* Writes out everything added so far (the stream itself is not flushed or closed). */
gboolean
mamori_csv_writer_flush (MamoriCsvWriter  *w,
                         GCancellable     *cancellable,
                         GError          **error)
{
  gboolean ok;

  if (w->out->len == 0)
    return TRUE;
  ok = g_output_stream_write_all (w->stream, w->out->str, w->out->len, NULL, cancellable,
                                  error);
  g_string_truncate (w->out, 0);
  return ok;
}

guint64
mamori_csv_writer_get_n_records (MamoriCsvWriter *w)
{
  return w->n_records;
}

/* How many characters CP932 lacks were written as 〓 (with MAMORI_CSV_WRITER_SUBSTITUTE). */
guint64
mamori_csv_writer_get_n_substituted (MamoriCsvWriter *w)
{
  return w->n_substituted;
}

/**
 * mamori_csv_writer_get_first_substitution:
 *
 * Returns: (nullable): where the first substitution was made and of what character, e.g.
 *   "record 12, column 名称: “𠮷” (U+20BB7)"
 */
const char *
mamori_csv_writer_get_first_substitution (MamoriCsvWriter *w)
{
  return w->first_substitution;
}
