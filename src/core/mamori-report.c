/* mamori-report.c — the year's report for the headquarters (情報化戦略本部), as XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is written with xmlTextWriter as a stream into a new file beside the target,
 * checked against mamori-report-1.xsd by a streaming reader, and renamed into place only when
 * valid; a failure leaves nothing behind.
 *
 * The digest.  While the writer streams the document out it feeds a SHA-256 with the
 * document's canonical form, and the validator feeds another while it streams a file in; the
 * two must agree.  The canonical form (also documented in the XSD) is Canonical XML 1.0
 * without comments of the document, with the <digest> and <generated> elements and
 * everything in them left out, namespace declarations dropped and white-space-only text (the
 * indentation) ignored: "<" local-name, the attributes sorted by name as ` name="value"`,
 * ">", the text, "</" local-name ">", escaped as Canonical XML escapes them.  See
 * canon_start(), canon_text() and canon_end(): the only code that defines it.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "mamori-era.h"
#include "mamori-report.h"
#include "mamori-xml.h"

/* The largest report file validate reads: a report is a summary; 300 sections with every
 * item a finding stays far below. */
#define REPORT_MAX_SIZE ((goffset)512 * 1024 * 1024)

/* The canonical form ------------------------------------------------------------------------ */

static void
canon_escape (GString    *s,
              const char *text,
              gboolean    attribute)
{
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (s, "&amp;"); break;
      case '<': g_string_append (s, "&lt;"); break;
      case '>':
        if (attribute)
          g_string_append_c (s, '>');
        else
          g_string_append (s, "&gt;");
        break;
      case '"':
        if (attribute)
          g_string_append (s, "&quot;");
        else
          g_string_append_c (s, '"');
        break;
      case '\t':
        if (attribute)
          g_string_append (s, "&#x9;");
        else
          g_string_append_c (s, '\t');
        break;
      case '\n':
        if (attribute)
          g_string_append (s, "&#xA;");
        else
          g_string_append_c (s, '\n');
        break;
      case '\r': g_string_append (s, "&#xD;"); break;
      default: g_string_append_c (s, *p);
      }
}

typedef struct
{
  const char *name;
  const char *value;
} Attr;

static int
attr_compare (gconstpointer a,
              gconstpointer b)
{
  return strcmp (((const Attr *)a)->name, ((const Attr *)b)->name);
}

/* Hashes a start of element; sorts @attrs. */
static void
canon_start (GChecksum  *sum,
             GString    *scratch,
             const char *name,
             Attr       *attrs,
             guint       n_attrs)
{
  g_string_truncate (scratch, 0);
  g_string_append_c (scratch, '<');
  g_string_append (scratch, name);
  if (n_attrs > 1)
    qsort (attrs, n_attrs, sizeof (Attr), attr_compare);
  for (guint i = 0; i < n_attrs; i++)
    {
      g_string_append_printf (scratch, " %s=\"", attrs[i].name);
      canon_escape (scratch, attrs[i].value, TRUE);
      g_string_append_c (scratch, '"');
    }
  g_string_append_c (scratch, '>');
  g_checksum_update (sum, (const guchar *)scratch->str, scratch->len);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p++)
    if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
      return FALSE;
  return TRUE;
}

/* Hashes a text run (all the text between two tags); white space only is left out. */
static void
canon_text (GChecksum  *sum,
            GString    *scratch,
            const char *text)
{
  if (is_blank (text))
    return;
  g_string_truncate (scratch, 0);
  canon_escape (scratch, text, FALSE);
  g_checksum_update (sum, (const guchar *)scratch->str, scratch->len);
}

static void
canon_end (GChecksum  *sum,
           GString    *scratch,
           const char *name)
{
  g_string_truncate (scratch, 0);
  g_string_append_printf (scratch, "</%s>", name);
  g_checksum_update (sum, (const guchar *)scratch->str, scratch->len);
}

/* Elements of the root left out of the digest. */
static gboolean
outside_digest (const char *name)
{
  return g_strcmp0 (name, "digest") == 0 || g_strcmp0 (name, "generated") == 0;
}

/* Writing ------------------------------------------------------------------------------------ */

#define MAX_DEPTH 8
#define MAX_ATTRS 16
#define FLUSH_SIZE (64 * 1024)

typedef struct
{
  xmlTextWriter *w;
  GOutputStream *stream;
  GString       *pending;
  GCancellable  *cancellable;
  GError        *io_error;
  GError        *text_error;
  GChecksum     *sum;
  GString       *scratch;
  GPtrArray     *strings;     /* numbers formatted for the element being started */
  const char    *names[MAX_DEPTH];
  gboolean       hashed[MAX_DEPTH];
  guint          depth;
  gint64         bytes;
  gboolean       failed;
} Out;

static int
out_write (void       *context,
           const char *buffer,
           int         len)
{
  Out *o = context;

  if (o->io_error != NULL)
    return -1;
  g_string_append_len (o->pending, buffer, len);
  o->bytes += len;
  if (o->pending->len >= FLUSH_SIZE)
    {
      gboolean ok = g_output_stream_write_all (o->stream, o->pending->str, o->pending->len, NULL,
                                               o->cancellable, &o->io_error);

      g_string_truncate (o->pending, 0);
      if (!ok)
        return -1;
    }
  return len;
}

static int
out_close (void *context)
{
  return 0;
}

/* XML 1.0 cannot hold C0 controls other than tab and line breaks, even escaped. */
static gboolean
out_check (Out        *o,
           const char *what,
           const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
      {
        if (o->text_error == NULL)
          g_set_error (&o->text_error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_INVALID,
                       _("The report cannot be written: “%s” holds a control character "
                         "(U+%04X) that XML cannot hold. Correct it and export again."),
                       what, (guint)(guchar)*p);
        o->failed = TRUE;
        return FALSE;
      }
  if (!g_utf8_validate (text, -1, NULL))
    {
      if (o->text_error == NULL)
        g_set_error (&o->text_error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_INVALID,
                     _("The report cannot be written: “%s” is not valid UTF-8."), what);
      o->failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

static const char *
num (Out    *o,
     gint64  n)
{
  char *s = g_strdup_printf ("%" G_GINT64_FORMAT, n);

  g_ptr_array_add (o->strings, s);
  return s;
}

/* A rate as Rate of the XSD ("0.8750"), or NULL when there is none. */
static const char *
rate (Out    *o,
      double  r)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *s;

  if (r < 0)
    return NULL;
  s = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4f", CLAMP (r, 0.0, 1.0)));
  g_ptr_array_add (o->strings, s);
  return s;
}

/* Starts an element with attributes as NULL-terminated name, value pairs (a NULL value leaves
 * the attribute out; a name is never NULL).  Elements named by outside_digest() directly under the root are written
 * but not hashed. */
static void
start (Out        *o,
       const char *name,
       ...)
{
  Attr attrs[MAX_ATTRS];
  guint n = 0;
  const char *attr;
  va_list args;
  gboolean hashed;

  g_assert (o->depth < MAX_DEPTH);
  hashed = o->depth == 0 || (o->hashed[o->depth - 1] &&
                             !(o->depth == 1 && outside_digest (name)));
  if (!o->failed && xmlTextWriterStartElement (o->w, BAD_CAST name) < 0)
    o->failed = TRUE;
  if (o->depth == 0 && !o->failed &&
      xmlTextWriterWriteAttribute (o->w, BAD_CAST "xmlns", BAD_CAST MAMORI_REPORT_NAMESPACE) < 0)
    o->failed = TRUE;
  va_start (args, name);
  while ((attr = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL || o->failed || !out_check (o, attr, value))
        continue;
      g_assert (n < MAX_ATTRS);
      attrs[n].name = attr;
      attrs[n].value = value;
      n++;
      if (xmlTextWriterWriteAttribute (o->w, BAD_CAST attr, BAD_CAST value) < 0)
        o->failed = TRUE;
    }
  va_end (args);
  if (hashed)
    canon_start (o->sum, o->scratch, name, attrs, n);
  o->names[o->depth] = name;
  o->hashed[o->depth] = hashed;
  o->depth++;
  g_ptr_array_set_size (o->strings, 0);
}

static void
end (Out *o)
{
  g_assert (o->depth > 0);
  o->depth--;
  if (o->hashed[o->depth])
    canon_end (o->sum, o->scratch, o->names[o->depth]);
  if (!o->failed && xmlTextWriterEndElement (o->w) < 0)
    o->failed = TRUE;
}

static void
text (Out        *o,
      const char *value)
{
  if (o->failed || !out_check (o, o->names[o->depth - 1], value))
    return;
  if (o->hashed[o->depth - 1])
    canon_text (o->sum, o->scratch, value);
  if (xmlTextWriterWriteString (o->w, BAD_CAST value) < 0)
    o->failed = TRUE;
}

/* <name>text</name>; left out when @value is NULL or empty and @optional. */
static void
text_element (Out        *o,
              const char *name,
              const char *value,
              gboolean    optional)
{
  if (optional && (value == NULL || *value == '\0'))
    return;
  start (o, name, NULL);
  text (o, value ? value : "");
  end (o);
}

/* The 和暦 of an ISO date (or of the date part of a date-time). */
typedef struct
{
  char era[32];
  char era_year[16];
  char display[96];
} Era;

static gboolean
era_of (const char *iso,
        Era        *e)
{
  g_autofree char *display = NULL;
  const MamoriEra *era;
  int y, m, d, era_year;
  char date[11];

  if (iso == NULL || strlen (iso) < 10)
    return FALSE;
  memcpy (date, iso, 10);
  date[10] = '\0';
  if (!mamori_date_parse_iso (date, &y, &m, &d) ||
      (era = mamori_era_for_date (y, m, d, &era_year)) == NULL)
    return FALSE;
  display = mamori_era_format (y, m, d, MAMORI_ERA_STYLE_LONG);
  g_strlcpy (e->era, era->name, sizeof e->era);
  g_snprintf (e->era_year, sizeof e->era_year, "%d", era_year);
  g_strlcpy (e->display, display, sizeof e->display);
  return TRUE;
}

/* <name iso="2026-04-01" era="令和" era-year="8" display="令和8年4月1日"/>, left out
 * without a date (or before the eras Mamori knows). */
static void
date_element (Out        *o,
              const char *name,
              const char *iso)
{
  Era e;

  if (!era_of (iso, &e))
    return;
  start (o, name, "iso", iso, "era", e.era, "era-year", e.era_year, "display", e.display,
         NULL);
  end (o);
}

static void
counts_attrs (Out                   *o,
              const char            *name,
              const char            *key_attr,
              const char            *key,
              const char            *label_attr,
              const char            *label,
              const char            *status,
              const MamoriRollupRow *row)
{
  start (o, name,
         key_attr, key, label_attr, label, "status", status,
         "complied", num (o, row->complied), "partial", num (o, row->partial),
         "not-complied", num (o, row->not_complied),
         "not-applicable", num (o, row->not_applicable),
         "unanswered", num (o, row->unanswered),
         "rate", rate (o, row->rate), "previous-rate", rate (o, row->previous_rate), NULL);
}

static void
write_counts (Out        *o,
              const char *name,
              GPtrArray  *counts)
{
  start (o, name, NULL);
  for (guint i = 0; i < counts->len; i++)
    {
      MamoriReportCount *c = g_ptr_array_index (counts, i);

      start (o, "count", "code", c->code, "name", c->name, "ref", c->ref,
             "count", num (o, c->count),
             "attention", c->attention >= 0 ? num (o, c->attention) : NULL, NULL);
      end (o);
    }
  end (o);
}

static void
write_head (Out              *o,
            MamoriReportData *d)
{
  g_autofree char *fy_label = mamori_fiscal_year_label (d->fiscal_year);
  g_autofree char *fy_end = mamori_fiscal_year_end_iso (d->fiscal_year);
  Era fy = { "", "", "" }, gen = { "", "", "" };
  MamoriReportRole *roles[] = { d->reporter, d->addressee };
  const char *role_names[] = { "reporter", "addressee" };

  /* The fiscal year's era is that of its end of December, as 年度 are named. */
  {
    g_autofree char *dec = g_strdup_printf ("%04d-12-31", d->fiscal_year);

    era_of (dec, &fy);
  }
  era_of (d->generated_at, &gen);
  start (o, "report", "version", "1", "fiscal-year", num (o, d->fiscal_year),
         "era", fy.era, "era-year", fy.era_year, "display", fy_label, NULL);
  start (o, "generated", "at", d->generated_at, "generator", "Mamori " PACKAGE_VERSION,
         "era", gen.era, "era-year", gen.era_year, "display", gen.display, NULL);
  end (o);
  date_element (o, "report-date", d->report_date);
  start (o, "standard", "code", d->standard_code, "version", d->standard_version,
         "catalogue-version", d->catalogue_version ? d->catalogue_version : "",
         "title", d->standard_title, NULL);
  end (o);
  start (o, "organisation", "name", d->organisation, "sample", d->sample ? "true" : "false",
         NULL);
  end (o);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i] != NULL)
      {
        start (o, role_names[i], "code", roles[i]->code, "function", roles[i]->function,
               "name", roles[i]->name, NULL);
        end (o);
      }

  start (o, "cycle", "uuid", d->cycle->uuid, "title", d->cycle->title,
         "status", d->cycle->status, "sheets", num (o, d->cycle->sheets),
         "accepted", num (o, d->cycle->accepted),
         "previous-fiscal-year", d->previous_year ? num (o, d->previous_year) : NULL, NULL);
  {
    g_autofree char *fy_start = mamori_fiscal_year_start_iso (d->fiscal_year);

    date_element (o, "period-from", d->cycle->period_from ? d->cycle->period_from : fy_start);
    date_element (o, "period-to", d->cycle->period_to ? d->cycle->period_to : fy_end);
  }
  date_element (o, "due-on", d->cycle->due_on);
  end (o);
}

static void
write_inspection (Out              *o,
                  MamoriReportData *d)
{
  MamoriRollup *r = d->rollup;

  counts_attrs (o, "rollup", "ref", NULL, "title", NULL, NULL, &r->total);
  for (guint i = 0; i < r->by_chapter->len; i++)
    {
      MamoriRollupRow *row = g_ptr_array_index (r->by_chapter, i);

      counts_attrs (o, "chapter", "ref", row->key, "title", row->label, NULL, row);
      end (o);
    }
  for (guint i = 0; i < r->by_section->len; i++)
    {
      MamoriRollupRow *row = g_ptr_array_index (r->by_section, i);

      counts_attrs (o, "section", "code", row->key, "name", row->label, row->status, row);
      end (o);
    }
  end (o);

  start (o, "trend", NULL);
  for (guint i = 0; i < d->years->len; i++)
    {
      MamoriRollupRow *row = g_ptr_array_index (d->years, i);
      g_autofree char *dec = g_strdup_printf ("%s-12-31", row->key);
      g_autofree char *label = mamori_fiscal_year_label (atoi (row->key));
      Era e = { "", "", "" };

      era_of (dec, &e);
      start (o, "year", "fiscal-year", row->key,
             "answers", num (o, row->complied + row->partial + row->not_complied +
                                row->not_applicable),
             "complied", num (o, row->complied), "rate", rate (o, row->rate),
             "era", e.era, "era-year", e.era_year, "display", label, NULL);
      end (o);
    }
  end (o);

  start (o, "findings", "count", num (o, d->findings->len), NULL);
  for (guint i = 0; i < d->findings->len; i++)
    {
      MamoriRollupAnswer *a = g_ptr_array_index (d->findings, i);

      start (o, "finding", "section", a->section_name, "item", a->item_code,
             "answer", a->answer_label, "meaning", a->meaning, NULL);
      text_element (o, "question", a->question, FALSE);
      text_element (o, "observation", a->observation, TRUE);
      if (a->plan_action != NULL && *a->plan_action != '\0')
        {
          start (o, "plan", NULL);
          text_element (o, "action", a->plan_action, FALSE);
          date_element (o, "due-on", a->plan_due);
          end (o);
        }
      end (o);
      if (i % 1024 == 1023 && g_cancellable_is_cancelled (o->cancellable))
        o->failed = TRUE;
    }
  end (o);

  start (o, "follow-up", "plans", num (o, r->plans), "done", num (o, r->plans_done),
         "in-progress", num (o, r->plans - r->plans_done - r->plans_overdue),
         "overdue", num (o, r->plans_overdue), NULL);
  end (o);

  start (o, "audit-findings", NULL);
  for (guint i = 0; i < d->audit_findings->len; i++)
    {
      MamoriAuditFinding *f = g_ptr_array_index (d->audit_findings, i);

      start (o, "audit-finding", "uuid", f->uuid, "section", f->section_name,
             "item", f->item_code, "auditor", f->auditor_name, "severity", f->severity, NULL);
      date_element (o, "found-on", f->found_on);
      text_element (o, "text", f->finding, FALSE);
      end (o);
    }
  end (o);

  start (o, "evaluation", NULL);
  for (guint i = 0; i < d->evaluations->len; i++)
    {
      MamoriChapterEvaluation *e = g_ptr_array_index (d->evaluations, i);

      start (o, "chapter", "ref", e->chapter_ref, "title", e->chapter_title,
             "rate", rate (o, e->rate), "previous-rate", rate (o, e->previous_rate),
             "audit-findings", num (o, e->audit_findings), "rating", e->rating,
             "evaluated-by", e->evaluated_by, NULL);
      text_element (o, "assessment", e->assessment, TRUE);
      text_element (o, "circumstances", e->circumstances, TRUE);
      date_element (o, "evaluated-on", e->evaluated_on);
      end (o);
    }
  end (o);

  start (o, "review-proposals", NULL);
  for (guint i = 0; i < d->proposals->len; i++)
    {
      MamoriReviewProposal *p = g_ptr_array_index (d->proposals, i);

      start (o, "proposal", "uuid", p->uuid, "chapter", p->chapter_ref, "ref", p->ref,
             "status", p->status, NULL);
      text_element (o, "text", p->proposal, FALSE);
      date_element (o, "decided-on", p->decided_on);
      end (o);
    }
  end (o);
}

static void
write_registers (Out              *o,
                 MamoriReportData *d)
{
  start (o, "inventory", "active", num (o, d->assets_active),
         "disposed", num (o, d->assets_disposed), "attention", num (o, d->assets_attention),
         NULL);
  write_counts (o, "by-section", d->assets_by_section);
  write_counts (o, "by-class", d->assets_by_class);
  write_counts (o, "by-kind", d->assets_by_kind);
  write_counts (o, "by-rule", d->assets_by_rule);
  end (o);

  start (o, "areas", "count", num (o, d->areas->len),
         "entries", num (o, d->area_total.entries),
         "defective-entries", num (o, d->area_total.defective),
         "samples", num (o, d->area_total.samples),
         "sampled", num (o, d->area_total.sampled),
         "sampled-defective", num (o, d->area_total.sampled_defective), NULL);
  write_counts (o, "by-class", d->area_classes);
  for (guint i = 0; i < d->areas->len; i++)
    {
      MamoriReportArea *a = g_ptr_array_index (d->areas, i);

      start (o, "area", "code", a->code, "name", a->name, "class", a->class_code,
             "section", *a->section ? a->section : NULL, "entries", num (o, a->entries),
             "defective-entries", num (o, a->defective), "samples", num (o, a->samples),
             "sampled", num (o, a->sampled),
             "sampled-defective", num (o, a->sampled_defective), NULL);
      end (o);
    }
  end (o);

  start (o, "contracts", "count", num (o, d->contracts), "clauses", num (o, d->clauses),
         "stated", num (o, d->clauses_stated), "not-stated", num (o, d->clauses_not_stated),
         "not-applicable", num (o, d->clauses_not_applicable),
         "unanswered", num (o, d->clauses_unanswered),
         "with-missing", num (o, d->contracts_with_missing), NULL);
  write_counts (o, "by-kind", d->contracts_by_kind);
  write_counts (o, "by-status", d->contracts_by_status);
  end (o);

  /* The registers Mamori keeps, and those it does not keep yet (incidents, 第6-3 in
   * Shinjuku's numbering; exceptions, 第6-7): present="false", no count. */
  start (o, "registers", NULL);
  start (o, "register", "kind", "inventory", "present", "true",
         "count", num (o, d->assets_active + d->assets_disposed), NULL);
  end (o);
  start (o, "register", "kind", "areas", "present", "true", "count", num (o, d->areas->len),
         NULL);
  end (o);
  start (o, "register", "kind", "contracts", "present", "true", "count", num (o, d->contracts),
         NULL);
  end (o);
  start (o, "register", "kind", "incidents", "present", "false", NULL);
  end (o);
  start (o, "register", "kind", "exceptions", "present", "false", NULL);
  end (o);
  end (o);
}

/**
 * mamori_report_write_xml:
 *
 * Writes the report of @data as XML (mamori-report-1.xsd) to @stream, with its digest.
 * Streams: what is written goes out in blocks of 64 KB.
 */
gboolean
mamori_report_write_xml (MamoriReportData   *data,
                         GOutputStream      *stream,
                         MamoriReportStats  *stats,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(GString) pending = g_string_sized_new (FLUSH_SIZE + 4096);
  g_autoptr(GString) scratch = g_string_sized_new (1024);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  Out o = { .stream = stream, .pending = pending, .cancellable = cancellable, .sum = sum,
            .scratch = scratch, .strings = strings };
  xmlOutputBuffer *buffer;
  char *digest;
  gboolean ok;

  buffer = xmlOutputBufferCreateIO (out_write, out_close, &o, NULL);
  o.w = buffer ? xmlNewTextWriter (buffer) : NULL;
  if (o.w == NULL)
    {
      if (buffer != NULL)
        xmlOutputBufferClose (buffer);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The report could not be written."));
      return FALSE;
    }
  xmlTextWriterSetIndent (o.w, 1);
  xmlTextWriterSetIndentString (o.w, BAD_CAST "  ");
  if (xmlTextWriterStartDocument (o.w, NULL, "UTF-8", NULL) < 0)
    o.failed = TRUE;

  write_head (&o, data);
  write_inspection (&o, data);
  write_registers (&o, data);

  /* The end of the root closes the canonical form: the digest element is left out of it. */
  canon_end (sum, scratch, "report");
  o.hashed[0] = FALSE;
  digest = g_strdup (g_checksum_get_string (sum));
  start (&o, "digest", "algorithm", "SHA-256", NULL);
  text (&o, digest);
  end (&o);
  end (&o);

  ok = !o.failed && xmlTextWriterEndDocument (o.w) >= 0 && xmlTextWriterFlush (o.w) >= 0;
  xmlFreeTextWriter (o.w);
  if (ok && o.pending->len > 0)
    ok = g_output_stream_write_all (stream, o.pending->str, o.pending->len, NULL, cancellable,
                                    &o.io_error);
  if (!ok || g_cancellable_is_cancelled (cancellable))
    {
      if (o.text_error != NULL)
        g_propagate_error (error, g_steal_pointer (&o.text_error));
      else if (o.io_error != NULL)
        g_propagate_error (error, g_steal_pointer (&o.io_error));
      else if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The report could not be written."));
      g_clear_error (&o.text_error);
      g_clear_error (&o.io_error);
      g_free (digest);
      return FALSE;
    }
  if (stats != NULL)
    {
      g_free (stats->digest);
      stats->digest = digest;
      stats->sections = data->rollup->by_section->len;
      stats->findings = data->findings->len;
      stats->bytes = o.bytes;
    }
  else
    g_free (digest);
  return TRUE;
}

/* Files --------------------------------------------------------------------------------------- */

static GFileOutputStream *
create_part (GFile         *target,
             gboolean       overwrite,
             GFile        **part_out,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (target);
  g_autofree char *base = g_file_get_basename (target);

  if (!overwrite && g_file_query_exists (target, cancellable))
    {
      g_autofree char *name = g_file_get_parse_name (target);

      g_set_error (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_EXISTS,
                   _("“%s” already exists."), name);
      return NULL;
    }
  for (guint attempt = 0;; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());
      g_autoptr(GFile) part = parent ? g_file_get_child (parent, name) : g_file_new_for_path (name);
      GError *local_error = NULL;
      GFileOutputStream *stream = g_file_create (part, G_FILE_CREATE_PRIVATE, cancellable,
                                                 &local_error);

      if (stream != NULL)
        {
          *part_out = g_steal_pointer (&part);
          return stream;
        }
      if (attempt == 5 || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_clear_error (&local_error);
    }
}

/**
 * mamori_report_save:
 * @overwrite: replace @out if it exists; otherwise an existing @out is an error
 * @check: (nullable): run on the complete file before it is moved into place
 *
 * Saves the way a careful program does: @write writes into a new file beside @out (readable
 * by its owner only), @check reads it back, and only then is it renamed to @out.  On any
 * failure @out is as it was and nothing is left beside it.
 */
gboolean
mamori_report_save (GFile                 *out,
                    gboolean               overwrite,
                    MamoriReportWriteFunc  write,
                    MamoriReportCheckFunc  check,
                    gpointer               data,
                    GCancellable          *cancellable,
                    GError               **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GFile) part = NULL;
  gboolean ok;

  stream = create_part (out, overwrite, &part, cancellable, error);
  if (stream == NULL)
    return FALSE;
  ok = write (G_OUTPUT_STREAM (stream), data, cancellable, error);
  /* Closed even after a failure; its own error matters only if all went well. */
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, ok ? error : NULL))
    ok = FALSE;
  if (ok && check != NULL)
    {
      g_autofree char *path = g_file_get_path (part);

      ok = check (path, data, error);
    }
  if (ok)
    ok = g_file_move (part, out, overwrite ? G_FILE_COPY_OVERWRITE : G_FILE_COPY_NONE, NULL,
                      NULL, NULL, error);
  if (!ok)
    g_file_delete (part, NULL, NULL);
  return ok;
}

typedef struct
{
  MamoriReportData  *data;
  MamoriReportStats *stats;
} XmlJob;

static gboolean
write_xml (GOutputStream  *stream,
           gpointer        data,
           GCancellable   *cancellable,
           GError        **error)
{
  XmlJob *job = data;

  return mamori_report_write_xml (job->data, stream, job->stats, cancellable, error);
}

/* What Mamori wrote must pass what Mamori reads: the schema and the digest. */
static gboolean
check_xml (const char  *path,
           gpointer     data,
           GError     **error)
{
  GError *local_error = NULL;

  if (path != NULL && !mamori_report_validate_file (path, NULL, &local_error))
    {
      g_set_error (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_INVALID,
                   _("The report was not saved: it fails its own check (%s)."),
                   local_error->message);
      g_clear_error (&local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * mamori_report_export_file:
 * @overwrite: replace @out if it exists; otherwise an existing @out is an error
 * @stats: (out caller-allocates) (optional): what was written; clear with
 *   mamori_report_stats_clear()
 *
 * Writes the report of @fiscal_year into a new file beside @out, validates that file against
 * the schema and its digest, then renames it to @out.  On any failure @out is as it was and
 * nothing is left beside it.
 */
gboolean
mamori_report_export_file (MamoriStore        *store,
                           int                 fiscal_year,
                           GFile              *out,
                           gboolean            overwrite,
                           MamoriReportStats  *stats,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(MamoriReportData) data = NULL;
  XmlJob job;

  data = mamori_report_data_collect (store, fiscal_year, cancellable, error);
  if (data == NULL)
    return FALSE;
  job.data = data;
  job.stats = stats;
  return mamori_report_save (out, overwrite, write_xml, check_xml, &job, cancellable, error);
}

void
mamori_report_stats_clear (MamoriReportStats *stats)
{
  g_clear_pointer (&stats->digest, g_free);
}

void
mamori_report_info_free (MamoriReportInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->fiscal_year_display);
  g_free (info->standard_code);
  g_free (info->standard_version);
  g_free (info->catalogue_version);
  g_free (info->organisation);
  g_free (info->digest);
  g_free (info);
}

/* Reading back: schema and digest, as a stream ------------------------------------------------ */

typedef struct
{
  char *message;
  int   line;
  int   domain;
} Problem;

static void
collect_problem (void     *data,
                 xmlError *error)
{
  Problem *p = data;

  if (p->message != NULL || error == NULL || error->level < XML_ERR_ERROR)
    return;
  p->message = g_strstrip (g_strdup (error->message ? error->message : "?"));
  g_strdelimit (p->message, "\r\n", ' ');
  p->line = error->line;
  p->domain = error->domain;
}

typedef struct
{
  GChecksum        *sum;
  GString          *scratch;
  GString          *run;         /* text since the last tag */
  GString          *claimed;     /* the text of <digest> */
  int               skip_depth;  /* depth of the element left out, or -1 */
  MamoriReportInfo *info;
} Reading;

static const char *
attr_value (xmlTextReader *reader,
            const char    *name)
{
  xmlChar *v = xmlTextReaderGetAttribute (reader, BAD_CAST name);
  const char *interned = v ? (const char *)xmlTextReaderConstString (reader, v) : NULL;

  xmlFree (v);
  return interned;
}

/* What the one-line summary says: from the root and a few elements beneath it. */
static void
read_info (Reading       *r,
           xmlTextReader *reader,
           const char    *name,
           int            depth)
{
  MamoriReportInfo *info = r->info;

  if (depth == 0)
    {
      const char *fy = attr_value (reader, "fiscal-year");

      info->fiscal_year = fy ? atoi (fy) : 0;
      g_free (info->fiscal_year_display);
      info->fiscal_year_display = g_strdup (attr_value (reader, "display"));
    }
  else if (depth == 1 && strcmp (name, "standard") == 0)
    {
      info->standard_code = g_strdup (attr_value (reader, "code"));
      info->standard_version = g_strdup (attr_value (reader, "version"));
      info->catalogue_version = g_strdup (attr_value (reader, "catalogue-version"));
    }
  else if (depth == 1 && strcmp (name, "organisation") == 0)
    info->organisation = g_strdup (attr_value (reader, "name"));
  else if (depth == 1 && strcmp (name, "rollup") == 0)
    {
      const char *rt = attr_value (reader, "rate");

      info->rate = rt ? g_ascii_strtod (rt, NULL) : -1.0;
    }
  else if (depth == 2 && strcmp (name, "section") == 0)
    info->sections++;
  else if (depth == 2 && strcmp (name, "finding") == 0)
    info->findings++;
}

static void
flush_run (Reading *r)
{
  if (r->run->len > 0 && r->skip_depth < 0)
    canon_text (r->sum, r->scratch, r->run->str);
  g_string_truncate (r->run, 0);
}

static void
read_element (Reading       *r,
              xmlTextReader *reader)
{
  const char *name = (const char *)xmlTextReaderConstLocalName (reader);
  int depth = xmlTextReaderDepth (reader);
  gboolean empty = xmlTextReaderIsEmptyElement (reader);
  g_autoptr(GArray) attrs = g_array_new (FALSE, FALSE, sizeof (Attr));

  flush_run (r);
  if (r->skip_depth < 0 && depth == 1 && outside_digest (name))
    r->skip_depth = depth;
  if (r->skip_depth >= 0)
    {
      if (empty && r->skip_depth == depth)
        r->skip_depth = -1;
      return;
    }
  read_info (r, reader, name, depth);
  while (xmlTextReaderMoveToNextAttribute (reader) == 1)
    {
      Attr a;

      if (xmlTextReaderIsNamespaceDecl (reader))
        continue;
      a.name = (const char *)xmlTextReaderConstLocalName (reader);
      a.value = (const char *)xmlTextReaderConstValue (reader);
      /* Interned by the reader until it is freed, so they outlive the move back. */
      a.name = (const char *)xmlTextReaderConstString (reader, BAD_CAST a.name);
      a.value = (const char *)xmlTextReaderConstString (reader, BAD_CAST a.value);
      g_array_append_val (attrs, a);
    }
  xmlTextReaderMoveToElement (reader);
  canon_start (r->sum, r->scratch, name, (Attr *)attrs->data, attrs->len);
  if (empty)
    canon_end (r->sum, r->scratch, name);
}

static void
read_end (Reading       *r,
          xmlTextReader *reader)
{
  const char *name = (const char *)xmlTextReaderConstLocalName (reader);
  int depth = xmlTextReaderDepth (reader);

  if (r->skip_depth >= 0)
    {
      if (depth == r->skip_depth)
        {
          if (strcmp (name, "digest") == 0)
            g_string_append (r->claimed, r->run->str);
          r->skip_depth = -1;
        }
      g_string_truncate (r->run, 0);
      return;
    }
  flush_run (r);
  canon_end (r->sum, r->scratch, name);
}

static gboolean
refuse_doctype (const char  *name,
                GError     **error)
{
  g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE,
               _("“%s” contains a document type declaration (DOCTYPE). Mamori refuses such "
                 "files because they can make a reader fetch or expand content."), name);
  return FALSE;
}

/* Opens @path for the streaming read: size bounded, DOCTYPE refused before parsing, no
 * network, no entity substitution, the schema attached. */
static xmlTextReader *
open_reader (const char  *path,
             const char  *name,
             Problem     *problem,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) finfo = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree char *head = g_malloc (65536);
  xmlTextReader *reader;
  xmlSchema *schema;
  gsize len = 0;

  schema = mamori_xml_schema (MAMORI_REPORT_SCHEMA_RESOURCE, error);
  if (schema == NULL)
    return NULL;
  finfo = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                             error);
  if (finfo == NULL)
    return NULL;
  if (g_file_info_get_size (finfo) > REPORT_MAX_SIZE)
    {
      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_TOO_LARGE,
                   _("“%s” is too large for a report (%lld MB; at most %d MB)."),
                   name, (long long)(g_file_info_get_size (finfo) / (1024 * 1024)),
                   (int)(REPORT_MAX_SIZE / (1024 * 1024)));
      return NULL;
    }
  in = g_file_read (file, NULL, error);
  if (in == NULL || !g_input_stream_read_all (G_INPUT_STREAM (in), head, 65536, &len, NULL, error))
    return NULL;
  if (len == 0)
    {
      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED, _("“%s” is empty."), name);
      return NULL;
    }
  if (mamori_xml_prolog_has_doctype (head, len))
    {
      refuse_doctype (name, error);
      return NULL;
    }
  /* Another kind of file is named as such, before the schema says why it is not a report. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (head, len);
    g_autofree char *ns = mamori_xml_root_namespace (bytes);

    if (ns != NULL && strcmp (ns, MAMORI_REPORT_NAMESPACE) != 0)
      {
        g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNKNOWN,
                     _("“%s” is not a Mamori report (its root element is not in the namespace "
                       "%s)."), name, MAMORI_REPORT_NAMESPACE);
        return NULL;
      }
  }
  reader = xmlReaderForFile (path, NULL, XML_PARSE_NONET);
  if (reader == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” cannot be read."), name);
      return NULL;
    }
  xmlTextReaderSetStructuredErrorHandler (reader, (xmlStructuredErrorFunc)collect_problem,
                                          problem);
  if (xmlTextReaderSetSchema (reader, schema) != 0)
    {
      xmlFreeTextReader (reader);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” cannot be read."), name);
      return NULL;
    }
  return reader;
}

/**
 * mamori_report_validate_file:
 * @info_out: (out) (optional) (transfer full): what the report is about
 *
 * Reads a report file as a stream: no DOCTYPE, no network, bounded size; checks it against
 * mamori-report-1.xsd and recomputes its digest.  The error names the file, and the line or
 * the digest.
 */
gboolean
mamori_report_validate_file (const char         *path,
                             MamoriReportInfo  **info_out,
                             GError            **error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GString) run = g_string_new (NULL);
  g_autoptr(GString) claimed = g_string_new (NULL);
  g_autoptr(MamoriReportInfo) info = g_new0 (MamoriReportInfo, 1);
  Reading r = { sum, scratch, run, claimed, -1, info };
  Problem problem = { 0 };
  xmlTextReader *reader;
  gboolean ok = FALSE;
  int rc;

  info->rate = -1.0;
  reader = open_reader (path, name, &problem, error);
  if (reader == NULL)
    return FALSE;

  while ((rc = xmlTextReaderRead (reader)) == 1 && problem.message == NULL)
    {
      switch (xmlTextReaderNodeType (reader))
        {
        case XML_READER_TYPE_DOCUMENT_TYPE:
          refuse_doctype (name, error);
          goto out;
        case XML_READER_TYPE_ELEMENT:
          read_element (&r, reader);
          break;
        case XML_READER_TYPE_END_ELEMENT:
          read_end (&r, reader);
          break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          g_string_append (run, (const char *)xmlTextReaderConstValue (reader));
          break;
        case XML_READER_TYPE_ENTITY_REFERENCE:
          g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE,
                       _("“%s” refers to an entity; Mamori does not expand entities."), name);
          goto out;
        default:
          break;
        }
    }

  if (rc != 0 || problem.message != NULL || xmlTextReaderIsValid (reader) != 1)
    {
      g_autoptr(GRegex) ns = g_regex_new ("\\{[^}]*\\}", 0, 0, NULL);
      g_autofree char *message = problem.message
        ? g_regex_replace_literal (ns, problem.message, -1, 0, "", 0, NULL) : NULL;

      if (problem.domain == XML_FROM_SCHEMASV || (problem.message == NULL && rc == 0))
        g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID,
                     _("“%s” does not follow its schema (line %d): %s"), name, problem.line,
                     message ? message : _("invalid"));
      else
        g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED,
                     _("“%s” is not well-formed XML (line %d): %s"), name, problem.line,
                     message ? message : _("unreadable"));
      goto out;
    }

  g_strstrip (claimed->str);
  if (g_strcmp0 (claimed->str, g_checksum_get_string (sum)) != 0)
    {
      g_set_error (error, MAMORI_REPORT_ERROR, MAMORI_REPORT_ERROR_DIGEST,
                   _("“%s” has been changed since it was written: its digest (SHA-256 %.12s…) "
                     "does not match its content (%.12s…)."), name, claimed->str,
                   g_checksum_get_string (sum));
      goto out;
    }
  info->digest = g_strdup (claimed->str);
  ok = TRUE;
  if (info_out != NULL)
    *info_out = g_steal_pointer (&info);

out:
  xmlFreeTextReader (reader);
  g_free (problem.message);
  return ok;
}

/* On the worker ------------------------------------------------------------------------------ */

typedef struct
{
  int    fiscal_year;
  GFile *out;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_object_unref (job->out);
  g_free (job);
}

static void
stats_free (MamoriReportStats *stats)
{
  mamori_report_stats_clear (stats);
  g_free (stats);
}

static gpointer
export_on_worker (MamoriStore   *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ExportJob *job = data;
  MamoriReportStats *stats = g_new0 (MamoriReportStats, 1);

  /* The file chooser has already asked whether to replace the file. */
  if (!mamori_report_export_file (store, job->fiscal_year, job->out, TRUE, stats, cancellable,
                                  error))
    {
      stats_free (stats);
      return NULL;
    }
  return stats;
}

/**
 * mamori_report_export_async:
 *
 * Runs mamori_report_export_file() on the worker (replacing @out).
 */
void
mamori_report_export_async (MamoriWorker        *worker,
                            int                  fiscal_year,
                            GFile               *out,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ExportJob *job = g_new0 (ExportJob, 1);

  job->fiscal_year = fiscal_year;
  job->out = g_object_ref (out);
  mamori_worker_run_async (worker, export_on_worker, job, (GDestroyNotify)export_job_free,
                           (GDestroyNotify)stats_free, cancellable, callback, user_data);
}

/**
 * mamori_report_export_finish:
 *
 * Returns: (transfer full): what was written; free with mamori_report_stats_clear() and
 *   g_free()
 */
MamoriReportStats *
mamori_report_export_finish (MamoriWorker  *worker,
                             GAsyncResult  *result,
                             GError       **error)
{
  return mamori_worker_run_finish (worker, result, error);
}
