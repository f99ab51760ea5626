/* test-csv.c — the RFC 4180 reader and writer, in UTF-8 and CP932
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What Excel writes must read back as the characters Excel meant; what Mamori writes must be
 * read by Excel as the characters Mamori meant, and no character may vanish on the way.  Every
 * reader test also runs through a stream that hands out one or a few bytes at a time, so that
 * multibyte characters, CRLF pairs and doubled quotes are cut by every possible boundary.
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <string.h>

/* A stream that returns at most @step bytes per read ------------------------------------------ */

#define TYPE_TRICKLE (trickle_get_type ())
G_DECLARE_FINAL_TYPE (Trickle, trickle, TEST, TRICKLE, GInputStream)

struct _Trickle
{
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         pos;
  gsize         step;
};

G_DEFINE_FINAL_TYPE (Trickle, trickle, G_TYPE_INPUT_STREAM)

static gssize
trickle_read (GInputStream  *stream,
              void          *buffer,
              gsize          count,
              GCancellable  *cancellable,
              GError       **error)
{
  Trickle *self = TEST_TRICKLE (stream);
  gsize len;
  const guint8 *data = g_bytes_get_data (self->bytes, &len);
  gsize n = MIN (MIN (count, self->step), len - self->pos);

  if (n == 0)
    return 0;
  memcpy (buffer, data + self->pos, n);
  self->pos += n;
  return n;
}

static void
trickle_finalize (GObject *object)
{
  g_bytes_unref (TEST_TRICKLE (object)->bytes);
  G_OBJECT_CLASS (trickle_parent_class)->finalize (object);
}

static void
trickle_class_init (TrickleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trickle_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = trickle_read;
}

static void
trickle_init (Trickle *self)
{
}

static GInputStream *
trickle_new (const void *data,
             gsize       len,
             gsize       step)
{
  Trickle *self = g_object_new (TYPE_TRICKLE, NULL);

  self->bytes = g_bytes_new (data, len);
  self->step = step;
  return G_INPUT_STREAM (self);
}

/* Reading helpers ----------------------------------------------------------------------------- */

typedef struct
{
  GPtrArray *records;   /* GStrv */
  GArray    *lines;     /* guint64 */
  GError    *error;
  MamoriCsvEncoding encoding;
  gboolean   bom;
} Parsed;

static void
parsed_free (Parsed *p)
{
  g_ptr_array_unref (p->records);
  g_array_unref (p->lines);
  g_clear_error (&p->error);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

static Parsed *
parse_stream (GInputStream      *stream,
              MamoriCsvEncoding  encoding)
{
  Parsed *p = g_new0 (Parsed, 1);
  g_autoptr(MamoriCsvReader) reader = mamori_csv_reader_new (stream, encoding, &p->error);

  g_assert_no_error (p->error);
  p->records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  p->lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  while (mamori_csv_reader_next (reader, NULL, &p->error))
    {
      guint n = mamori_csv_reader_get_n_fields (reader);
      GStrv v = g_new0 (char *, n + 1);
      guint64 line = mamori_csv_reader_get_line (reader);

      for (guint i = 0; i < n; i++)
        v[i] = g_strdup (mamori_csv_reader_get_field (reader, i));
      g_ptr_array_add (p->records, v);
      g_array_append_val (p->lines, line);
    }
  p->encoding = mamori_csv_reader_get_encoding (reader);
  p->bom = mamori_csv_reader_had_bom (reader);
  return p;
}

/* Parses @data whole, then through trickles of 1, 2, 3 and 7 bytes, and checks that every way
 * gives the same records, lines and error. */
static Parsed *
parse (const void        *data,
       gssize             len,
       MamoriCsvEncoding  encoding)
{
  static const gsize steps[] = { 1, 2, 3, 7 };
  g_autoptr(GInputStream) whole = NULL;
  Parsed *reference;

  if (len < 0)
    len = strlen (data);
  whole = g_memory_input_stream_new_from_data (g_memdup2 (data, len), len, g_free);
  reference = parse_stream (whole, encoding);

  for (guint s = 0; s < G_N_ELEMENTS (steps) && len < 200000; s++)
    {
      g_autoptr(GInputStream) trickle = trickle_new (data, len, steps[s]);
      g_autoptr(Parsed) p = parse_stream (trickle, encoding);

      g_assert_cmpuint (p->records->len, ==, reference->records->len);
      for (guint i = 0; i < p->records->len; i++)
        {
          g_assert_cmpstrv (g_ptr_array_index (p->records, i),
                            g_ptr_array_index (reference->records, i));
          g_assert_cmpuint (g_array_index (p->lines, guint64, i), ==,
                            g_array_index (reference->lines, guint64, i));
        }
      if (reference->error == NULL)
        g_assert_no_error (p->error);
      else
        g_assert_error (p->error, reference->error->domain, reference->error->code);
      g_assert_cmpstr (p->error ? p->error->message : NULL, ==,
                       reference->error ? reference->error->message : NULL);
      g_assert_cmpint (p->encoding, ==, reference->encoding);
    }
  return reference;
}

static const char *
field (Parsed *p,
       guint   record,
       guint   index)
{
  GStrv v;

  g_assert_cmpuint (record, <, p->records->len);
  v = g_ptr_array_index (p->records, record);
  g_assert_cmpuint (index, <, g_strv_length (v));
  return v[index];
}

static guint
n_fields (Parsed *p,
          guint   record)
{
  return g_strv_length (g_ptr_array_index (p->records, record));
}

static guint64
line_of (Parsed *p,
         guint   record)
{
  return g_array_index (p->lines, guint64, record);
}

static char *
to_cp932 (const char *utf8)
{
  g_autoptr(GError) error = NULL;
  char *out = g_convert (utf8, -1, "CP932", "UTF-8", NULL, NULL, &error);

  g_assert_no_error (error);
  return out;
}

/* Reading ------------------------------------------------------------------------------------- */

static void
test_read_basic (void)
{
  g_autoptr(Parsed) p = parse ("a,b,c\r\n"
                               "1,,3\n"
                               "\"q,uoted\",\"say \"\"hi\"\"\",x\r"
                               "\"multi\r\nline\nfield\",end\r\n"
                               "trailing,\r\n"
                               "\r\n"
                               "last,no newline", -1, MAMORI_CSV_ENCODING_UTF8);

  g_assert_no_error (p->error);
  g_assert_cmpuint (p->records->len, ==, 7);
  g_assert_cmpstr (field (p, 0, 2), ==, "c");
  g_assert_cmpuint (n_fields (p, 1), ==, 3);
  g_assert_cmpstr (field (p, 1, 1), ==, "");
  g_assert_cmpstr (field (p, 2, 0), ==, "q,uoted");
  g_assert_cmpstr (field (p, 2, 1), ==, "say \"hi\"");
  /* Line breaks inside quotes are kept as they are. */
  g_assert_cmpstr (field (p, 3, 0), ==, "multi\r\nline\nfield");
  g_assert_cmpuint (n_fields (p, 4), ==, 2);
  g_assert_cmpstr (field (p, 4, 1), ==, "");
  /* An empty line is a record of one empty field. */
  g_assert_cmpuint (n_fields (p, 5), ==, 1);
  g_assert_cmpstr (field (p, 6, 1), ==, "no newline");

  /* Physical lines where each record starts: CRLF, LF and a lone CR each end a line. */
  g_assert_cmpuint (line_of (p, 0), ==, 1);
  g_assert_cmpuint (line_of (p, 1), ==, 2);
  g_assert_cmpuint (line_of (p, 2), ==, 3);
  g_assert_cmpuint (line_of (p, 3), ==, 4);
  g_assert_cmpuint (line_of (p, 4), ==, 7);
  g_assert_cmpuint (line_of (p, 5), ==, 8);
  g_assert_cmpuint (line_of (p, 6), ==, 9);
}

static void
test_read_quote_in_unquoted (void)
{
  /* A quote inside an unquoted field is text, as Excel reads it. */
  g_autoptr(Parsed) p = parse ("12\"3,4\r\n", -1, MAMORI_CSV_ENCODING_UTF8);

  g_assert_no_error (p->error);
  g_assert_cmpstr (field (p, 0, 0), ==, "12\"3");
}

static void
test_read_bom (void)
{
  g_autoptr(Parsed) p = parse ("\xEF\xBB\xBF資産番号,名称\r\nA1,台帳\r\n", -1,
                               MAMORI_CSV_ENCODING_AUTO);

  g_assert_no_error (p->error);
  g_assert_true (p->bom);
  g_assert_cmpint (p->encoding, ==, MAMORI_CSV_ENCODING_UTF8);
  g_assert_cmpstr (field (p, 0, 0), ==, "資産番号");
  g_assert_cmpstr (field (p, 1, 1), ==, "台帳");

  /* Without a BOM, UTF-8 text is recognised as UTF-8. */
  {
    g_autoptr(Parsed) q = parse ("資産番号,名称\r\n", -1, MAMORI_CSV_ENCODING_AUTO);

    g_assert_no_error (q->error);
    g_assert_false (q->bom);
    g_assert_cmpint (q->encoding, ==, MAMORI_CSV_ENCODING_UTF8);
    g_assert_cmpstr (field (q, 0, 1), ==, "名称");
  }
}

/* What a Japanese Excel writes as "CSV" reads back as the characters Windows shows.  The bytes
 * are those of Windows-31J: 〜 is 81 60, which Windows calls U+FF5E; 髙 is FB FC (IBM) and,
 * in the NEC-selected rows, EE E0; both read as 髙. */
static void
test_read_cp932_excel (void)
{
  static const char bytes[] =
    "\x81\x60\x81\x7c\x81\x61\x81\x91\x81\x92\x81\xca,"   /* ～－∥￠￡￢ */
    "\x87\x40\x87\x54\x87\x55\x87\x8a,"                   /* ①ⅠⅡ㈱ */
    "\xfb\xfc\xfa\xb1,\xee\xe0\xed\x95,"                  /* 髙﨑 (IBM), 髙﨑 (NEC-selected) */
    "\xb1\xb2\xb3,\x5c\x7e\r\n";                          /* ｱｲｳ (half-width), \~ */
  g_autoptr(Parsed) p = parse (bytes, sizeof bytes - 1, MAMORI_CSV_ENCODING_AUTO);

  g_assert_no_error (p->error);
  g_assert_cmpint (p->encoding, ==, MAMORI_CSV_ENCODING_CP932);
  g_assert_cmpstr (field (p, 0, 0), ==, "\uFF5E\uFF0D\u2225\uFFE0\uFFE1\uFFE2");
  g_assert_cmpstr (field (p, 0, 1), ==, "①ⅠⅡ㈱");
  g_assert_cmpstr (field (p, 0, 2), ==, "髙﨑");
  g_assert_cmpstr (field (p, 0, 3), ==, "髙﨑");
  g_assert_cmpstr (field (p, 0, 4), ==, "ｱｲｳ");
  g_assert_cmpstr (field (p, 0, 5), ==, "\\~");
}

/* A file of more than one chunk (64 KiB), with two-byte characters cut by every boundary, in
 * both encodings. */
static void
test_read_chunk_boundaries (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *cp932 = NULL;
  guint n = 0;

  /* An odd number of ASCII bytes before two-byte characters shifts them against 64 KiB. */
  for (; text->len < 400 * 1024; n++)
    g_string_append_printf (text, "%u,%s漢字かなカナ〜髙﨑①,\"引用\r\n改行\"\r\n", n,
                            n % 2 ? "x" : "");
  cp932 = to_cp932 (text->str);

  for (guint e = 0; e < 2; e++)
    {
      const char *data = e ? cp932 : text->str;
      g_autoptr(Parsed) p = parse (data, strlen (data), MAMORI_CSV_ENCODING_AUTO);

      g_assert_no_error (p->error);
      g_assert_cmpint (p->encoding, ==, e ? MAMORI_CSV_ENCODING_CP932 : MAMORI_CSV_ENCODING_UTF8);
      g_assert_cmpuint (p->records->len, ==, n);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *number = g_strdup_printf ("%u", i);

          g_assert_cmpstr (field (p, i, 0), ==, number);
          g_assert_true (g_str_has_suffix (field (p, i, 1), e ? "漢字かなカナ～髙﨑①"
                                                                : "漢字かなカナ〜髙﨑①"));
          g_assert_cmpstr (field (p, i, 2), ==, "引用\r\n改行");
          g_assert_cmpuint (line_of (p, i), ==, 2 * i + 1);
        }
    }
}

/* Auto-detection looks at the first non-ASCII bytes, however far into the file they are. */
static void
test_read_detect_late (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "%u,ascii only,%u\r\n", i, i * 7);
  g_string_append (text, "last,台帳,〜\r\n");

  {
    g_autofree char *cp932 = to_cp932 (text->str);
    g_autoptr(Parsed) u = parse (text->str, text->len, MAMORI_CSV_ENCODING_AUTO);
    g_autoptr(Parsed) c = parse (cp932, strlen (cp932), MAMORI_CSV_ENCODING_AUTO);

    g_assert_no_error (u->error);
    g_assert_cmpint (u->encoding, ==, MAMORI_CSV_ENCODING_UTF8);
    g_assert_cmpstr (field (u, 5000, 1), ==, "台帳");
    g_assert_no_error (c->error);
    g_assert_cmpint (c->encoding, ==, MAMORI_CSV_ENCODING_CP932);
    g_assert_cmpstr (field (c, 5000, 1), ==, "台帳");
    g_assert_cmpstr (field (c, 5000, 2), ==, "\uFF5E");
  }

  /* ASCII only: UTF-8. */
  {
    g_autoptr(Parsed) a = parse ("a,b\r\n", -1, MAMORI_CSV_ENCODING_AUTO);

    g_assert_cmpint (a->encoding, ==, MAMORI_CSV_ENCODING_UTF8);
  }
}

static void
assert_read_error (const char        *data,
                   gssize             len,
                   MamoriCsvEncoding  encoding,
                   MamoriCsvError     code,
                   const char        *message,
                   guint              n_records)
{
  g_autoptr(Parsed) p = parse (data, len, encoding);

  g_assert_error (p->error, MAMORI_CSV_ERROR, (int)code);
  g_test_message ("%s", p->error->message);
  if (message != NULL && strstr (p->error->message, message) == NULL)
    g_error ("“%s” does not contain “%s”", p->error->message, message);
  g_assert_cmpuint (p->records->len, ==, n_records);
}

static void
test_read_errors (void)
{
  /* A file cut in half inside a quoted field names the line the field starts on. */
  assert_read_error ("a,b\r\nc,\"d\r\ne\r\nf", -1, MAMORI_CSV_ENCODING_UTF8,
                     MAMORI_CSV_ERROR_UNTERMINATED,
                     "the file ends inside a quoted field that starts on line 2", 1);
  assert_read_error ("a,b\r\n\"", -1, MAMORI_CSV_ENCODING_UTF8, MAMORI_CSV_ERROR_UNTERMINATED,
                     "starts on line 2", 1);
  /* Text after a closing quote. */
  assert_read_error ("a,b\r\nc,\"d\"e\r\n", -1, MAMORI_CSV_ENCODING_UTF8,
                     MAMORI_CSV_ERROR_MALFORMED, "line 2, column 2", 1);
  /* Bytes that are not UTF-8, on line 3. */
  assert_read_error ("\xEF\xBB\xBF" "a,b\r\nc,d\r\ne,\xE5\xA3,f\r\n", -1,
                     MAMORI_CSV_ENCODING_AUTO, MAMORI_CSV_ERROR_ENCODING,
                     "line 3: the bytes E5 A3 are not text in UTF-8", 2);
  /* A lone lead byte at the very end of the file. */
  assert_read_error ("a,\xE5", -1, MAMORI_CSV_ENCODING_UTF8, MAMORI_CSV_ERROR_ENCODING,
                     "line 1", 0);
  /* CP932 with bytes that are not CP932, on line 2. */
  assert_read_error ("\x8a\xbf\x8e\x9a,x\r\n\x81\x20,\xff\r\n", -1, MAMORI_CSV_ENCODING_AUTO,
                     MAMORI_CSV_ERROR_ENCODING, "line 2: the bytes 81 20 are not text in CP932",
                     1);
  assert_read_error ("a\r\nb\r\n\xff", -1, MAMORI_CSV_ENCODING_CP932, MAMORI_CSV_ERROR_ENCODING,
                     "line 3", 2);
  /* UTF-8 read as CP932 by mistake: the BOM says so. */
  assert_read_error ("\xEF\xBB\xBF" "a\r\n", -1, MAMORI_CSV_ENCODING_CP932,
                     MAMORI_CSV_ERROR_ENCODING, "UTF-8 byte order mark", 0);
  /* CP932 read as UTF-8 by mistake. */
  {
    g_autofree char *cp932 = to_cp932 ("a,b\r\n台帳,c\r\n");

    assert_read_error (cp932, -1, MAMORI_CSV_ENCODING_UTF8, MAMORI_CSV_ERROR_ENCODING,
                       "line 2", 1);
  }
  /* NUL bytes, outside and inside quotes. */
  assert_read_error ("a,b\r\nc,d\0e\r\n", 12, MAMORI_CSV_ENCODING_UTF8, MAMORI_CSV_ERROR_NUL,
                     "line 2: the file contains a NUL byte", 1);
  assert_read_error ("a\r\nb\r\n\"c\r\n\0\"\r\n", 13, MAMORI_CSV_ENCODING_AUTO,
                     MAMORI_CSV_ERROR_NUL, "line 4", 2);
  {
    static const char cp932_nul[] = "\x8a\xbf,\x00\r\n";

    assert_read_error (cp932_nul, sizeof cp932_nul - 1, MAMORI_CSV_ENCODING_CP932,
                       MAMORI_CSV_ERROR_NUL, "line 1", 0);
  }
}

static void
test_read_limits (void)
{
  g_autoptr(GString) text = g_string_new ("a,b\r\nc,");

  /* A field of exactly 1 MiB is read; one byte more is refused, naming line and column. */
  g_string_append_len (text, NULL, 0);
  for (gsize i = 0; i < MAMORI_CSV_MAX_FIELD_BYTES; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\r\n");
  {
    g_autoptr(Parsed) p = parse (text->str, text->len, MAMORI_CSV_ENCODING_UTF8);

    g_assert_no_error (p->error);
    g_assert_cmpuint (strlen (field (p, 1, 1)), ==, MAMORI_CSV_MAX_FIELD_BYTES);
  }
  g_string_insert_c (text, 8, 'x');
  assert_read_error (text->str, text->len, MAMORI_CSV_ENCODING_UTF8,
                     MAMORI_CSV_ERROR_FIELD_TOO_LONG,
                     "line 2, column 2: the field is longer than 1 MiB", 1);
  /* Quoted, on a later line. */
  g_string_assign (text, "a\r\nb\r\nc,\"");
  for (gsize i = 0; i < MAMORI_CSV_MAX_FIELD_BYTES + 10; i++)
    g_string_append_c (text, i % 100 ? 'y' : '\n');
  g_string_append (text, "\"\r\n");
  assert_read_error (text->str, text->len, MAMORI_CSV_ENCODING_UTF8,
                     MAMORI_CSV_ERROR_FIELD_TOO_LONG, "line 3, column 2", 2);

  /* 200 fields are read, 201 are refused. */
  g_string_truncate (text, 0);
  for (guint i = 0; i < MAMORI_CSV_MAX_FIELDS; i++)
    g_string_append_printf (text, "%s%u", i ? "," : "", i);
  g_string_append (text, "\r\n");
  {
    g_autoptr(Parsed) p = parse (text->str, text->len, MAMORI_CSV_ENCODING_UTF8);

    g_assert_no_error (p->error);
    g_assert_cmpuint (n_fields (p, 0), ==, MAMORI_CSV_MAX_FIELDS);
  }
  g_string_prepend (text, "x,");
  g_string_prepend (text, "ok\r\n");
  assert_read_error (text->str, text->len, MAMORI_CSV_ENCODING_UTF8,
                     MAMORI_CSV_ERROR_TOO_MANY_FIELDS, "line 2: the record has more than 200",
                     1);
}

static void
test_read_empty (void)
{
  g_autoptr(Parsed) p = parse ("", 0, MAMORI_CSV_ENCODING_AUTO);

  g_assert_no_error (p->error);
  g_assert_cmpuint (p->records->len, ==, 0);
}

/* Writing ------------------------------------------------------------------------------------- */

static GBytes *
write_records (MamoriCsvEncoding      encoding,
               MamoriCsvWriterFlags   flags,
               const char *const     *fields,
               guint                  per_record,
               guint                  n_records,
               GError               **error,
               guint64               *substituted)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(MamoriCsvWriter) w = mamori_csv_writer_new (out, encoding, flags, error);
  static const char *const names[] = { "資産番号", "名称", "説明", NULL };

  g_assert_nonnull (w);
  mamori_csv_writer_set_column_names (w, names);
  for (guint r = 0; r < n_records; r++)
    if (!mamori_csv_writer_write_record (w, fields + r * per_record, per_record, NULL, error))
      return NULL;
  if (!mamori_csv_writer_flush (w, NULL, error))
    return NULL;
  if (substituted)
    *substituted = mamori_csv_writer_get_n_substituted (w);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_write_quoting (void)
{
  static const char *const records[] = {
    "plain", "with,comma", "with \"quote\"",
    "", "line\r\nbreak", " spaces ",
    "漢字", NULL, "lf\nonly",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = write_records (MAMORI_CSV_ENCODING_UTF8, MAMORI_CSV_WRITER_BOM,
                                           records, 3, 3, &error, NULL);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  static const char expected[] =
    "\xEF\xBB\xBF"
    "plain,\"with,comma\",\"with \"\"quote\"\"\"\r\n"
    ",\"line\r\nbreak\",\" spaces \"\r\n"
    "漢字,,\"lf\nonly\"\r\n";

  g_assert_no_error (error);
  g_assert_cmpmem (data, len, expected, sizeof expected - 1);

  /* And the reader gives the fields back. */
  {
    g_autoptr(Parsed) p = parse (data, len, MAMORI_CSV_ENCODING_AUTO);

    g_assert_no_error (p->error);
    for (guint r = 0; r < 3; r++)
      for (guint i = 0; i < 3; i++)
        g_assert_cmpstr (field (p, r, i), ==, records[r * 3 + i] ? records[r * 3 + i] : "");
  }
}

/* 〜 − ∥ ￠ ￡ ￢ and the NEC/IBM extensions through CP932 and back. */
static void
test_write_cp932_round_trip (void)
{
  static const char *const windows[] = {
    "～－∥￠￡￢", "①ⅠⅡ㈱", "髙﨑 ｱｲｳ \\~",
  };
  /* The JIS code points of the same JIS X 0208 characters (what a Linux input method types),
   * and ¥ ‾, which glibc would write as \ ~. */
  static const char *const jis[] = {
    "\u301C\u2212\u2016\u00A2\u00A3\u00AC", "\u2014 ¥ ‾", "x",
  };
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GBytes) bytes = write_records (MAMORI_CSV_ENCODING_CP932, 0, windows, 3, 1,
                                             &error, NULL);
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);
    g_autoptr(Parsed) p = parse (data, len, MAMORI_CSV_ENCODING_CP932);

    g_assert_no_error (error);
    /* The bytes Windows writes for them. */
    g_assert_cmpmem (data, 12, "\x81\x60\x81\x7c\x81\x61\x81\x91\x81\x92\x81\xca", 12);
    g_assert_nonnull (g_strstr_len (data, len, "\xfb\xfc\xfa\xb1"));
    for (guint i = 0; i < 3; i++)
      g_assert_cmpstr (field (p, 0, i), ==, windows[i]);
  }
  {
    g_autoptr(GBytes) bytes = write_records (MAMORI_CSV_ENCODING_CP932, 0, jis, 3, 1, &error,
                                             NULL);
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);
    g_autoptr(Parsed) p = parse (data, len, MAMORI_CSV_ENCODING_CP932);

    g_assert_no_error (error);
    /* Read back in their Windows form: the same glyphs, never other characters. */
    g_assert_cmpstr (field (p, 0, 0), ==, "～－∥￠￡￢");
    g_assert_cmpstr (field (p, 0, 1), ==, "― ￥ ￣");
  }
}

static void
test_write_cp932_unmappable (void)
{
  static const char *const records[] = {
    "A1", "台帳", "説明",
    "A2", "𠮷野家", "é",
    "A3", "tag\U000E0001here", "絵文字😀",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) failed = NULL;
  g_autoptr(GBytes) tags = NULL;
  guint64 substituted = 0;

  /* Refused, naming the record (the second), the column and the character. */
  failed = write_records (MAMORI_CSV_ENCODING_CP932, 0, records, 3, 2, &error, NULL);
  g_assert_null (failed);
  g_assert_error (error, MAMORI_CSV_ERROR, MAMORI_CSV_ERROR_UNMAPPABLE);
  g_assert_nonnull (strstr (error->message, "record 2, column 名称"));
  g_assert_nonnull (strstr (error->message, "“𠮷” (U+20BB7)"));
  g_clear_error (&error);

  /* glibc drops the tag characters without a word: the writer does not. */
  tags = write_records (MAMORI_CSV_ENCODING_CP932, 0, records + 6, 3, 1, &error, NULL);
  g_assert_null (tags);
  g_assert_error (error, MAMORI_CSV_ERROR, MAMORI_CSV_ERROR_UNMAPPABLE);
  g_assert_nonnull (strstr (error->message, "U+E0001"));
  g_clear_error (&error);

  /* Substituted and counted, when asked. */
  {
    g_autoptr(GBytes) bytes = write_records (MAMORI_CSV_ENCODING_CP932,
                                             MAMORI_CSV_WRITER_SUBSTITUTE, records, 3, 3, &error,
                                             &substituted);
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);
    g_autoptr(Parsed) p = parse (data, len, MAMORI_CSV_ENCODING_CP932);

    g_assert_no_error (error);
    g_assert_cmpuint (substituted, ==, 4);
    g_assert_cmpstr (field (p, 1, 1), ==, "〓野家");
    g_assert_cmpstr (field (p, 1, 2), ==, "〓");
    g_assert_cmpstr (field (p, 2, 1), ==, "tag〓here");
    g_assert_cmpstr (field (p, 2, 2), ==, "絵文字〓");
  }
}

/* Every character of Unicode, written in CP932 (substituting) and read back, is itself, its
 * CP932 variant, or 〓 — one character for one, so that none vanishes. */
static void
test_write_cp932_exhaustive (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  guint64 identical = 0, variants = 0, substituted = 0;

  for (gunichar c = 0x80; c <= 0x10FFFF; c++)
    {
      if ((c >= 0xD800 && c < 0xE000) || c == 0xFFFE || c == 0xFFFF || c == 0x3013)
        continue;
      g_array_append_val (chars, c);
    }

  for (guint start = 0; start < chars->len; start += 4096)
    {
      guint end = MIN (start + 4096, chars->len);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      const char *records[1];
      glong n_back = 0;
      g_autofree gunichar *back = NULL;
      guint64 count = 0;

      g_string_truncate (text, 0);
      for (guint i = start; i < end; i++)
        g_string_append_unichar (text, g_array_index (chars, gunichar, i));
      records[0] = text->str;
      bytes = write_records (MAMORI_CSV_ENCODING_CP932, MAMORI_CSV_WRITER_SUBSTITUTE, records, 1,
                             1, &error, &count);
      g_assert_no_error (error);
      {
        gsize len;
        const char *data = g_bytes_get_data (bytes, &len);
        g_autoptr(Parsed) p = NULL;
        g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, len, NULL);

        p = parse_stream (in, MAMORI_CSV_ENCODING_CP932);
        g_assert_no_error (p->error);
        back = g_utf8_to_ucs4 (field (p, 0, 0), -1, NULL, &n_back, NULL);
      }
      g_assert_cmpint (n_back, ==, end - start);
      for (guint i = start; i < end; i++)
        {
          gunichar c = g_array_index (chars, gunichar, i);
          gunichar b = back[i - start];
          char utf8[8] = { 0 };
          const char *variant = NULL;

          g_unichar_to_utf8 (c, utf8);
          for (guint v = 0; mamori_csv_cp932_variants[v]; v += 2)
            if (g_str_equal (mamori_csv_cp932_variants[v], utf8))
              variant = mamori_csv_cp932_variants[v + 1];
          if (b == c)
            identical++;
          else if (variant != NULL && b == g_utf8_get_char (variant))
            variants++;
          else if (b == 0x3013)
            substituted++;
          else
            g_error ("U+%04X came back as U+%04X", c, b);
        }
      g_assert_cmpuint (count, <=, end - start);
    }
  g_test_message ("%" G_GUINT64_FORMAT " identical, %" G_GUINT64_FORMAT " variants, %"
                  G_GUINT64_FORMAT " substituted", identical, variants, substituted);
  /* Each variant of the table is met once. */
  g_assert_cmpuint (variants, ==, g_strv_length ((char **)mamori_csv_cp932_variants) / 2);
  g_assert_cmpuint (identical, >, 9000);
}

static void
test_encoding_names (void)
{
  MamoriCsvEncoding e;

  g_assert_true (mamori_csv_encoding_parse ("UTF-8", &e));
  g_assert_cmpint (e, ==, MAMORI_CSV_ENCODING_UTF8);
  g_assert_true (mamori_csv_encoding_parse ("cp932", &e));
  g_assert_cmpint (e, ==, MAMORI_CSV_ENCODING_CP932);
  g_assert_true (mamori_csv_encoding_parse ("Shift_JIS", &e));
  g_assert_cmpint (e, ==, MAMORI_CSV_ENCODING_CP932);
  g_assert_true (mamori_csv_encoding_parse ("auto", &e));
  g_assert_cmpint (e, ==, MAMORI_CSV_ENCODING_AUTO);
  g_assert_false (mamori_csv_encoding_parse ("latin1", &e));
  g_assert_false (mamori_csv_encoding_parse (NULL, &e));
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  mt_add_func ("/csv/read/basic", test_read_basic);
  mt_add_func ("/csv/read/quote-in-unquoted", test_read_quote_in_unquoted);
  mt_add_func ("/csv/read/bom", test_read_bom);
  mt_add_func ("/csv/read/cp932-excel", test_read_cp932_excel);
  mt_add_func ("/csv/read/chunk-boundaries", test_read_chunk_boundaries);
  mt_add_func ("/csv/read/detect-late", test_read_detect_late);
  mt_add_func ("/csv/read/errors", test_read_errors);
  mt_add_func ("/csv/read/limits", test_read_limits);
  mt_add_func ("/csv/read/empty", test_read_empty);
  mt_add_func ("/csv/write/quoting", test_write_quoting);
  mt_add_func ("/csv/write/cp932-round-trip", test_write_cp932_round_trip);
  mt_add_func ("/csv/write/cp932-unmappable", test_write_cp932_unmappable);
  mt_add_func ("/csv/write/cp932-exhaustive", test_write_cp932_exhaustive);
  mt_add_func ("/csv/encoding-names", test_encoding_names);

  return g_test_run ();
}
