/* mamori-csv.h — RFC 4180 CSV, read and written as a stream, in UTF-8 or CP932
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MAMORI_CSV_ERROR (mamori_csv_error_quark ())

typedef enum
{
  MAMORI_CSV_ERROR_FIELD_TOO_LONG,  /* a field over MAMORI_CSV_MAX_FIELD_BYTES */
  MAMORI_CSV_ERROR_TOO_MANY_FIELDS, /* a record over MAMORI_CSV_MAX_FIELDS */
  MAMORI_CSV_ERROR_ENCODING,        /* bytes that are not text in the file's encoding */
  MAMORI_CSV_ERROR_UNTERMINATED,    /* the file ends inside a quoted field */
  MAMORI_CSV_ERROR_NUL,             /* a NUL byte: not a text file */
  MAMORI_CSV_ERROR_MALFORMED,       /* text after the closing quote of a field */
  MAMORI_CSV_ERROR_UNMAPPABLE,      /* writer: a character CP932 cannot hold */
  MAMORI_CSV_ERROR_UNSUPPORTED,     /* the C library cannot convert CP932 */
} MamoriCsvError;

typedef enum
{
  MAMORI_CSV_ENCODING_AUTO,   /* reader only: BOM → UTF-8; UTF-8 that validates → UTF-8; else CP932 */
  MAMORI_CSV_ENCODING_UTF8,
  MAMORI_CSV_ENCODING_CP932,  /* Windows-31J, what a Japanese Excel writes as "CSV" */
} MamoriCsvEncoding;

typedef enum
{
  MAMORI_CSV_WRITER_DEFAULT    = 0,
  /* UTF-8: begin with a byte order mark, without which Excel reads the file as CP932. */
  MAMORI_CSV_WRITER_BOM        = 1 << 0,
  /* CP932: write 〓 (the geta mark) for a character CP932 lacks, and count it, instead of
   * failing.  See mamori_csv_writer_get_n_substituted(). */
  MAMORI_CSV_WRITER_SUBSTITUTE = 1 << 1,
} MamoriCsvWriterFlags;

/* Hard limits of the reader: a file beyond them is refused with the line named. */
#define MAMORI_CSV_MAX_FIELD_BYTES (1024 * 1024)
#define MAMORI_CSV_MAX_FIELDS      200

typedef struct _MamoriCsvReader MamoriCsvReader;
typedef struct _MamoriCsvWriter MamoriCsvWriter;

GQuark             mamori_csv_error_quark           (void);
const char        *mamori_csv_encoding_name         (MamoriCsvEncoding    encoding);
gboolean           mamori_csv_encoding_parse        (const char          *name,
                                                     MamoriCsvEncoding   *encoding);

/* Reading ----------------------------------------------------------------------------------- */

MamoriCsvReader   *mamori_csv_reader_new            (GInputStream        *stream,
                                                     MamoriCsvEncoding    encoding,
                                                     GError             **error);
void               mamori_csv_reader_free           (MamoriCsvReader     *reader);
gboolean           mamori_csv_reader_next           (MamoriCsvReader     *reader,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
guint              mamori_csv_reader_get_n_fields   (MamoriCsvReader     *reader);
const char        *mamori_csv_reader_get_field      (MamoriCsvReader     *reader,
                                                     guint                index);
gboolean           mamori_csv_reader_is_blank       (MamoriCsvReader     *reader);
guint64            mamori_csv_reader_get_line       (MamoriCsvReader     *reader);
guint64            mamori_csv_reader_get_bytes_read (MamoriCsvReader     *reader);
MamoriCsvEncoding  mamori_csv_reader_get_encoding   (MamoriCsvReader     *reader);
gboolean           mamori_csv_reader_had_bom        (MamoriCsvReader     *reader);

/* Writing ----------------------------------------------------------------------------------- */

MamoriCsvWriter   *mamori_csv_writer_new            (GOutputStream       *stream,
                                                     MamoriCsvEncoding    encoding,
                                                     MamoriCsvWriterFlags flags,
                                                     GError             **error);
void               mamori_csv_writer_free           (MamoriCsvWriter     *writer);
void               mamori_csv_writer_set_column_names (MamoriCsvWriter   *writer,
                                                       const char *const *names);
void               mamori_csv_writer_add_field      (MamoriCsvWriter     *writer,
                                                     const char          *text);
gboolean           mamori_csv_writer_end_record     (MamoriCsvWriter     *writer,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
gboolean           mamori_csv_writer_write_record   (MamoriCsvWriter     *writer,
                                                     const char *const   *fields,
                                                     guint                n_fields,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
gboolean           mamori_csv_writer_flush          (MamoriCsvWriter     *writer,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
guint64            mamori_csv_writer_get_n_records  (MamoriCsvWriter     *writer);
guint64            mamori_csv_writer_get_n_substituted (MamoriCsvWriter  *writer);
const char        *mamori_csv_writer_get_first_substitution (MamoriCsvWriter *writer);

/* The characters the writer maps to their CP932 (Microsoft) form, which is what they read back
 * as: the few where the JIS X 0208 and the Windows tables give one glyph different code points.
 * NULL-terminated pairs of UTF-8 strings {from, to, from, to, …, NULL}. */
extern const char *const mamori_csv_cp932_variants[];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriCsvReader, mamori_csv_reader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriCsvWriter, mamori_csv_writer_free)

G_END_DECLS
