/* mamori-report-pdf.c — the year's report laid out on A4 pages, for a PDF or a printer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report follows format A of the practice notes (§3.6): a cover (表題, 年度, 報告日 in
 * 和暦, 報告者, 宛先), 導入区分, 概要区分, 結果総括 per chapter and per section with the
 * implementation rate and its trend, 指摘事項一覧, the follow-up of last year's plans, 関連状況
 * (inventory, managed areas, contracts, and the registers Mamori does not keep), then the
 * audit findings (B) and the evaluation and review proposals (C).
 *
 * The document is a list of blocks (paragraphs, table rows, charts, page breaks) built once
 * from the collected data; paginate() measures them with a PangoContext and cuts them into
 * pages (a table's header row is repeated at the top of each page it continues on);
 * draw_page() draws one page onto any cairo_t whose unit is the point.  Only this file
 * depends on pango and cairo in the core.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mamori-asset.h"
#include "mamori-era.h"
#include "mamori-inspection.h"
#include "mamori-report-pdf.h"

#define MARGIN_X   56.0
#define MARGIN_TOP 62.0
#define MARGIN_BOTTOM 62.0
#define CELL_PAD   3.0
#define MAX_COLS   10

#define SANS  "Noto Sans CJK JP, IPAexGothic, IPAGothic, sans-serif"
#define SERIF "Noto Serif CJK JP, IPAexMincho, IPAMincho, serif"

typedef enum
{
  STYLE_TITLE,
  STYLE_COVER,
  STYLE_COVER_SMALL,
  STYLE_H1,
  STYLE_H2,
  STYLE_BODY,
  STYLE_NOTE,
  STYLE_CELL,
  STYLE_CELL_HEAD,
} Style;

static const struct
{
  const char *family;
  double      size;
  PangoWeight weight;
  double      space_before;
  double      space_after;
} styles[] = {
  [STYLE_TITLE]       = { SANS,  22.0, PANGO_WEIGHT_BOLD, 0, 18 },
  [STYLE_COVER]       = { SERIF, 14.0, PANGO_WEIGHT_NORMAL, 0, 10 },
  [STYLE_COVER_SMALL] = { SERIF, 10.5, PANGO_WEIGHT_NORMAL, 0, 6 },
  [STYLE_H1]          = { SANS,  13.0, PANGO_WEIGHT_BOLD, 14, 8 },
  [STYLE_H2]          = { SANS,  10.5, PANGO_WEIGHT_BOLD, 8, 5 },
  [STYLE_BODY]        = { SERIF, 10.0, PANGO_WEIGHT_NORMAL, 0, 5 },
  [STYLE_NOTE]        = { SERIF,  8.5, PANGO_WEIGHT_NORMAL, 0, 4 },
  [STYLE_CELL]        = { SANS,   7.5, PANGO_WEIGHT_NORMAL, 0, 0 },
  [STYLE_CELL_HEAD]   = { SANS,   7.5, PANGO_WEIGHT_BOLD, 0, 0 },
};

typedef enum
{
  BLOCK_TEXT,
  BLOCK_ROW,
  BLOCK_CHART,
  BLOCK_BREAK,
  BLOCK_GAP,
} BlockKind;

typedef struct _Block Block;

typedef void (*ChartFunc) (MamoriReportDocument *doc,
                           cairo_t              *cr,
                           double                x,
                           double                y,
                           double                width,
                           double                height);

struct _Block
{
  BlockKind       kind;
  Style           style;
  PangoAlignment  align[MAX_COLS];
  char           *texts[MAX_COLS];
  double          weights[MAX_COLS];
  guint           n;
  gboolean        header;       /* a table's header row */
  Block          *repeat;       /* the header row repeated after a page break */
  gboolean        keep_next;    /* a heading: not alone at the bottom of a page */
  ChartFunc       chart;
  double          height;       /* fixed for charts and gaps; measured for the others */
};

typedef struct
{
  guint  first;
  guint  end;
  Block *repeat;
} Page;

struct _MamoriReportDocument
{
  MamoriReportData *data;
  char             *title;
  GPtrArray        *blocks;      /* Block */
  GArray           *pages;       /* Page */
  PangoContext     *context;     /* of the last pagination: text is laid out again to draw */
  double            page_width;
  double            page_height;
  /* Table in construction. */
  double            weights[MAX_COLS];
  PangoAlignment    align[MAX_COLS];
  guint             columns;
  Block            *table_header;
};

/* Building blocks ------------------------------------------------------------------------------ */

static void
block_free (Block *b)
{
  for (guint i = 0; i < MAX_COLS; i++)
    {
      g_free (b->texts[i]);
    }
  g_free (b);
}

static Block *
add_block (MamoriReportDocument *doc,
           BlockKind             kind,
           Style                 style)
{
  Block *b = g_new0 (Block, 1);

  b->kind = kind;
  b->style = style;
  g_ptr_array_add (doc->blocks, b);
  return b;
}

static void G_GNUC_PRINTF (3, 4)
para (MamoriReportDocument *doc,
      Style                 style,
      const char           *format,
      ...)
{
  Block *b = add_block (doc, BLOCK_TEXT, style);
  va_list args;

  va_start (args, format);
  b->texts[0] = g_strdup_vprintf (format, args);
  va_end (args);
  b->n = 1;
  b->weights[0] = 1.0;
  b->align[0] = style == STYLE_TITLE || style == STYLE_COVER || style == STYLE_COVER_SMALL
    ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
  b->keep_next = style == STYLE_H1 || style == STYLE_H2;
}

static void
gap (MamoriReportDocument *doc,
     double                height)
{
  add_block (doc, BLOCK_GAP, STYLE_BODY)->height = height;
}

static void
page_break (MamoriReportDocument *doc)
{
  add_block (doc, BLOCK_BREAK, STYLE_BODY);
}

static void
chart (MamoriReportDocument *doc,
       ChartFunc             func,
       double                height)
{
  Block *b = add_block (doc, BLOCK_CHART, STYLE_BODY);

  b->chart = func;
  b->height = height;
}

/* Starts a table: NULL-terminated pairs of header text and weight (a negative weight aligns
 * the column right, for numbers). */
static void
table (MamoriReportDocument *doc,
       ...)
{
  Block *b = add_block (doc, BLOCK_ROW, STYLE_CELL_HEAD);
  const char *head;
  va_list args;

  doc->columns = 0;
  va_start (args, doc);
  while ((head = va_arg (args, const char *)) != NULL)
    {
      double w = va_arg (args, double);

      g_assert (doc->columns < MAX_COLS);
      doc->weights[doc->columns] = fabs (w);
      doc->align[doc->columns] = w < 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
      b->texts[doc->columns] = g_strdup (head);
      b->weights[doc->columns] = fabs (w);
      b->align[doc->columns] = PANGO_ALIGN_CENTER;
      doc->columns++;
    }
  va_end (args);
  b->n = doc->columns;
  b->header = TRUE;
  doc->table_header = b;
}

/* A row of the current table: as many strings as it has columns (NULL: empty). */
static void
row (MamoriReportDocument *doc,
     ...)
{
  Block *b = add_block (doc, BLOCK_ROW, STYLE_CELL);
  va_list args;

  va_start (args, doc);
  for (guint i = 0; i < doc->columns; i++)
    {
      const char *t = va_arg (args, const char *);

      b->texts[i] = g_strdup (t ? t : "");
      b->weights[i] = doc->weights[i];
      b->align[i] = doc->align[i];
    }
  va_end (args);
  b->n = doc->columns;
  b->repeat = doc->table_header;
}

/* Labels -------------------------------------------------------------------------------------- */

static const char *
label_of (const char *code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "complied", N_("Complied") },
    { "partial", N_("Partly complied") },
    { "not-complied", N_("Not complied") },
    { "not-applicable", N_("Not applicable") },
    { "nonconformity", N_("Nonconformity") },
    { "observation", N_("Observation") },
    { "good", N_("Good practice") },
    { "adequate", N_("Adequate") },
    { "improvement-needed", N_("Improvement needed") },
    { "inadequate", N_("Inadequate") },
    { "proposed", N_("Proposed") },
    { "adopted", N_("Adopted") },
    { "rejected", N_("Rejected") },
    { "outsourcing", N_("Outsourcing") },
    { "dispatch", N_("Dispatch") },
    { "draft", N_("Draft") },
    { "checked", N_("Checked") },
    { "concluded", N_("Concluded") },
    { "ended", N_("Ended") },
  };

  if (code == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].code, code) == 0)
      return _(labels[i].label);
  return code;
}

static char *
date_text (const char *iso)
{
  char *era = iso ? mamori_era_format_iso (iso, MAMORI_ERA_STYLE_LONG) : NULL;

  return era ? era : g_strdup (iso ? iso : "");
}

static char *
count_text (gint64 n)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

/* "↑ 2.5" points of rate against last year, "→ 0.0", or "—". */
static char *
trend_text (double rate,
            double previous)
{
  double delta;

  if (rate < 0 || previous < 0)
    return g_strdup ("—");
  delta = (rate - previous) * 100.0;
  if (fabs (delta) < 0.05)
    return g_strdup ("→ 0.0");
  return g_strdup_printf ("%s %.1f", delta > 0 ? "↑ +" : "↓ −", fabs (delta));
}

/* The content ---------------------------------------------------------------------------------- */

static void
build_cover (MamoriReportDocument *doc)
{
  MamoriReportData *d = doc->data;
  g_autofree char *fy = mamori_fiscal_year_label (d->fiscal_year);
  g_autofree char *date = date_text (d->report_date);

  gap (doc, 150);
  if (*d->organisation != '\0')
    para (doc, STYLE_COVER, "%s", d->organisation);
  gap (doc, 20);
  para (doc, STYLE_TITLE, "%s", fy);
  para (doc, STYLE_TITLE, "%s", doc->title);
  gap (doc, 90);
  para (doc, STYLE_COVER, _("Report date: %s"), date);
  if (d->addressee != NULL)
    para (doc, STYLE_COVER, _("To: %s"), d->addressee->name);
  if (d->reporter != NULL)
    para (doc, STYLE_COVER, _("From: %s"), d->reporter->name);
  gap (doc, 120);
  para (doc, STYLE_COVER_SMALL, _("%s (version %s), inspection sheet version %s"),
        d->standard_title, d->standard_version, d->catalogue_version);
  if (d->sample)
    para (doc, STYLE_COVER_SMALL, "%s",
          _("Fictional sample data, for trying Mamori out: not a real report."));
  page_break (doc);
}

static void
build_introduction (MamoriReportDocument *doc)
{
  MamoriReportData *d = doc->data;
  g_autofree char *from = date_text (d->cycle->period_from);
  g_autofree char *to = date_text (d->cycle->period_to);

  para (doc, STYLE_H1, "%s", _("1. Introduction"));
  para (doc, STYLE_BODY, _("Purpose: to confirm, section by section, how the measures of the "
                           "information security standard are carried out, and to report the "
                           "results to %s."),
        d->addressee ? d->addressee->name : _("the headquarters"));
  para (doc, STYLE_BODY, _("Basis: %s (version %s)."), d->standard_title, d->standard_version);
  para (doc, STYLE_BODY, _("Scope: the %u sections that received an inspection sheet."),
        d->cycle->sheets);
  if (d->cycle->period_from != NULL)
    para (doc, STYLE_BODY, _("Period covered: %s to %s."), from, to);
}

static void
build_overview (MamoriReportDocument *doc)
{
  MamoriReportData *d = doc->data;
  g_autofree char *due = d->cycle->due_on ? date_text (d->cycle->due_on) : NULL;

  para (doc, STYLE_H1, "%s", _("2. Overview"));
  para (doc, STYLE_BODY, _("Method: self-assessment by each section with the inspection sheet, "
                           "then review of the answers and their evidence (document check) "
                           "before acceptance."));
  para (doc, STYLE_BODY, _("Inspection: %s. Sheets: %u, of which %u accepted."),
        d->cycle->title, d->cycle->sheets, d->cycle->accepted);
  if (due != NULL)
    para (doc, STYLE_BODY, _("Answers were due by %s."), due);
  para (doc, STYLE_BODY, _("Versions used: inspection sheet (catalogue) %s, standard %s %s."),
        d->catalogue_version, d->standard_title, d->standard_version);
}

static void
counts_row (MamoriReportDocument  *doc,
            const char            *first,
            const char            *second,
            const MamoriRollupRow *r)
{
  g_autofree char *c1 = count_text (r->complied);
  g_autofree char *c2 = count_text (r->partial);
  g_autofree char *c3 = count_text (r->not_complied);
  g_autofree char *c4 = count_text (r->not_applicable);
  g_autofree char *c5 = count_text (r->unanswered);
  g_autofree char *rt = mamori_rollup_rate_text (r->rate);
  g_autofree char *pr = mamori_rollup_rate_text (r->previous_rate);
  g_autofree char *tr = trend_text (r->rate, r->previous_rate);

  row (doc, first, second, c1, c2, c3, c4, c5, rt, pr, tr);
}

static void
counts_table (MamoriReportDocument *doc,
              const char           *first,
              const char           *second)
{
  table (doc, first, 0.7, second, 2.6, _("Complied"), -0.75, _("Partly"), -0.75,
         _("Not complied"), -0.75, _("N/A"), -0.8, _("Unanswered"), -0.75,
         _("Rate"), -0.75, _("Last year"), -0.75, _("Change from last year"), -0.75, NULL);
}

/* A layout for the text of a chart or of the margins, in points like the blocks. */
static PangoLayout *
small_layout (cairo_t    *cr,
              const char *font_name)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (font_name);

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

/* Horizontal bars of the rate per chapter, this year and last. */
static void
chart_chapters (MamoriReportDocument *doc,
                cairo_t              *cr,
                double                x,
                double                y,
                double                width,
                double                height)
{
  GPtrArray *chapters = doc->data->rollup->by_chapter;
  PangoLayout *layout = small_layout (cr, SANS " 7.5");
  double label_w = 150, bar_x = x + label_w + 6, bar_w = width - label_w - 50;
  double line = (height - 22) / MAX (chapters->len, 1);

  pango_layout_set_width (layout, (int)(label_w * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  /* Grid at 0, 25, 50, 75, 100 %. */
  cairo_set_line_width (cr, 0.4);
  for (int i = 0; i <= 4; i++)
    {
      g_autofree char *t = g_strdup_printf ("%d%%", i * 25);

      cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
      cairo_move_to (cr, bar_x + bar_w * i / 4.0, y);
      cairo_line_to (cr, bar_x + bar_w * i / 4.0, y + line * chapters->len);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      pango_layout_set_text (layout, t, -1);
      cairo_move_to (cr, bar_x + bar_w * i / 4.0 - 6, y + line * chapters->len + 2);
      pango_cairo_show_layout (cr, layout);
    }
  for (guint i = 0; i < chapters->len; i++)
    {
      MamoriRollupRow *r = g_ptr_array_index (chapters, i);
      g_autofree char *label = g_strdup_printf ("%s %s", r->key, r->label);
      g_autofree char *rt = mamori_rollup_rate_text (r->rate);
      double top = y + line * i;

      cairo_set_source_rgb (cr, 0, 0, 0);
      pango_layout_set_text (layout, label, -1);
      cairo_move_to (cr, x, top + line / 2 - 5);
      pango_cairo_show_layout (cr, layout);
      if (r->rate >= 0)
        {
          cairo_set_source_rgb (cr, 0.13, 0.30, 0.55);
          cairo_rectangle (cr, bar_x, top + line * 0.15, bar_w * r->rate, line * 0.38);
          cairo_fill (cr);
        }
      if (r->previous_rate >= 0)
        {
          cairo_set_source_rgb (cr, 0.70, 0.72, 0.76);
          cairo_rectangle (cr, bar_x, top + line * 0.55, bar_w * r->previous_rate, line * 0.28);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0, 0, 0);
      pango_layout_set_text (layout, rt, -1);
      cairo_move_to (cr, bar_x + bar_w + 4, top + line / 2 - 5);
      pango_cairo_show_layout (cr, layout);
    }
  /* Legend. */
  {
    double ly = y + height - 9;

    cairo_set_source_rgb (cr, 0.13, 0.30, 0.55);
    cairo_rectangle (cr, bar_x, ly, 14, 6);
    cairo_fill (cr);
    cairo_set_source_rgb (cr, 0, 0, 0);
    pango_layout_set_text (layout, _("This year"), -1);
    cairo_move_to (cr, bar_x + 18, ly - 3);
    pango_cairo_show_layout (cr, layout);
    cairo_set_source_rgb (cr, 0.70, 0.72, 0.76);
    cairo_rectangle (cr, bar_x + 100, ly, 14, 6);
    cairo_fill (cr);
    cairo_set_source_rgb (cr, 0, 0, 0);
    pango_layout_set_text (layout, _("Last year"), -1);
    cairo_move_to (cr, bar_x + 118, ly - 3);
    pango_cairo_show_layout (cr, layout);
  }
  g_object_unref (layout);
}

/* Vertical bars of the ward's rate, year by year. */
static void
chart_years (MamoriReportDocument *doc,
             cairo_t              *cr,
             double                x,
             double                y,
             double                width,
             double                height)
{
  GPtrArray *years = doc->data->years;
  PangoLayout *layout = small_layout (cr, SANS " 7");
  double plot_h = height - 30, slot = width / MAX (years->len, 1);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_width (layout, (int)(slot * PANGO_SCALE));
  cairo_set_line_width (cr, 0.5);
  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  cairo_move_to (cr, x, y + plot_h);
  cairo_line_to (cr, x + width, y + plot_h);
  cairo_stroke (cr);
  for (guint i = 0; i < years->len; i++)
    {
      MamoriRollupRow *r = g_ptr_array_index (years, i);
      g_autofree char *fy = mamori_fiscal_year_label (atoi (r->key));
      g_autofree char *rt = mamori_rollup_rate_text (r->rate);
      double h = r->rate >= 0 ? (plot_h - 12) * r->rate : 0;
      gboolean current = atoi (r->key) == doc->data->fiscal_year;

      if (current)
        cairo_set_source_rgb (cr, 0.13, 0.30, 0.55);
      else
        cairo_set_source_rgb (cr, 0.62, 0.68, 0.78);
      cairo_rectangle (cr, x + slot * i + slot * 0.2, y + plot_h - h, slot * 0.6, h);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      pango_layout_set_text (layout, rt, -1);
      cairo_move_to (cr, x + slot * i, y + plot_h - h - 10);
      pango_cairo_show_layout (cr, layout);
      pango_layout_set_text (layout, fy, -1);
      cairo_move_to (cr, x + slot * i, y + plot_h + 3);
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);
}

static void
build_results (MamoriReportDocument *doc)
{
  MamoriReportData *d = doc->data;
  MamoriRollup *r = d->rollup;
  g_autofree char *rate = mamori_rollup_rate_text (r->total.rate);
  g_autofree char *previous = mamori_rollup_rate_text (r->total.previous_rate);

  para (doc, STYLE_H1, "%s", _("3. Summary of results"));
  para (doc, STYLE_BODY, _("Implementation rate (complied ÷ (answers − not applicable)) of the "
                           "whole organisation: %s (last year %s)."), rate, previous);
  para (doc, STYLE_H2, "%s", _("3.1 By chapter"));
  chart (doc, chart_chapters, 22 + 20.0 * r->by_chapter->len);
  gap (doc, 8);
  counts_table (doc, _("Chapter"), _("Chapter title"));
  for (guint i = 0; i < r->by_chapter->len; i++)
    {
      MamoriRollupRow *c = g_ptr_array_index (r->by_chapter, i);

      counts_row (doc, c->key, c->label, c);
    }
  counts_row (doc, "", _("Total"), &r->total);

  if (d->years->len > 1)
    {
      para (doc, STYLE_H2, "%s", _("3.2 Trend over the years"));
      chart (doc, chart_years, 150);
    }

  para (doc, STYLE_H2, "%s", _("3.3 By section"));
  counts_table (doc, _("Section code"), _("Section"));
  for (guint i = 0; i < r->by_section->len; i++)
    {
      MamoriRollupRow *s = g_ptr_array_index (r->by_section, i);

      counts_row (doc, s->key, s->label, s);
    }
}

static void
build_findings (MamoriReportDocument *doc)
{
  MamoriReportData *d = doc->data;

  para (doc, STYLE_H1, "%s", _("4. Findings"));
  if (d->findings->len == 0)
    {
      para (doc, STYLE_BODY, "%s", _("No answer was partly complied or not complied."));
      return;
    }
  para (doc, STYLE_BODY, g_dngettext (GETTEXT_PACKAGE,
                                      "%u answer was partly complied or not complied:",
                                      "%u answers were partly complied or not complied:",
                                      d->findings->len), d->findings->len);
  table (doc, _("Section"), 1.2, _("Item"), 0.6, _("Answer"), 0.8, _("Question and observation"),
         3.2, _("Improvement plan (due)"), 2.2, NULL);
  for (guint i = 0; i < d->findings->len; i++)
    {
      MamoriRollupAnswer *a = g_ptr_array_index (d->findings, i);
      g_autofree char *due = a->plan_due ? date_text (a->plan_due) : NULL;
      g_autofree char *question = a->observation && *a->observation
        ? g_strdup_printf ("%s\n%s %s", a->question, _("Observation:"), a->observation)
        : g_strdup (a->question);
      g_autofree char *plan = a->plan_action && *a->plan_action
        ? (due ? g_strdup_printf ("%s（%s）", a->plan_action, due) : g_strdup (a->plan_action))
        : g_strdup ("—");

      row (doc, a->section_name, a->item_code, a->answer_label, question, plan);
    }
}

static void
build_follow_up (MamoriReportDocument *doc)
{
  MamoriReportData *d = doc->data;
  MamoriRollup *r = d->rollup;
  g_autofree char *n = count_text (r->plans);
  g_autofree char *done = count_text (r->plans_done);
  g_autofree char *open = count_text (r->plans - r->plans_done - r->plans_overdue);
  g_autofree char *overdue = count_text (r->plans_overdue);

  para (doc, STYLE_H1, "%s", _("5. Follow-up of last year’s findings"));
  if (d->previous_year == 0)
    {
      para (doc, STYLE_BODY, "%s", _("There was no inspection the year before."));
      return;
    }
  table (doc, _("Improvement plans"), -1.0, _("Done"), -1.0, _("In progress"), -1.0,
         _("Overdue"), -1.0, NULL);
  row (doc, n, done, open, overdue);
}

static void
count_rows (MamoriReportDocument *doc,
            GPtrArray            *counts,
            const char *(*label) (const char *code))
{
  for (guint i = 0; i < counts->len; i++)
    {
      MamoriReportCount *c = g_ptr_array_index (counts, i);
      g_autofree char *n = count_text (c->count);
      const char *name = c->name ? c->name : (label ? label (c->code) : c->code);

      if (c->ref != NULL)
        {
          g_autofree char *with_ref = g_strdup_printf ("%s（%s）", name, c->ref);

          row (doc, with_ref, n);
        }
      else
        row (doc, name, n);
    }
}

static void
build_context (MamoriReportDocument *doc)
{
  MamoriReportData *d = doc->data;
  g_autofree char *active = count_text (d->assets_active);
  g_autofree char *attention = count_text (d->assets_attention);
  g_autofree char *disposed = count_text (d->assets_disposed);

  para (doc, STYLE_H1, "%s", _("6. Related circumstances"));

  para (doc, STYLE_H2, "%s", _("6.1 Information asset inventory"));
  para (doc, STYLE_BODY, _("%s assets registered, of which %s fail a check of the standard; "
                           "%s disposed of."), active, attention, disposed);
  table (doc, _("Classification"), 3.0, _("Assets"), -1.0, NULL);
  count_rows (doc, d->assets_by_class, NULL);
  gap (doc, 6);
  table (doc, _("Kind"), 3.0, _("Assets"), -1.0, NULL);
  count_rows (doc, d->assets_by_kind, mamori_asset_kind_label);
  gap (doc, 6);
  table (doc, _("Check of the standard failed"), 5.0, _("Assets"), -1.0, NULL);
  count_rows (doc, d->assets_by_rule, NULL);

  para (doc, STYLE_H2, "%s", _("6.2 Managed areas and their entry logs"));
  {
    g_autofree char *n = count_text (d->areas->len);
    g_autofree char *entries = count_text (d->area_total.entries);
    g_autofree char *defective = count_text (d->area_total.defective);
    g_autofree char *samples = count_text (d->area_total.samples);
    g_autofree char *sampled = count_text (d->area_total.sampled);
    g_autofree char *sdef = count_text (d->area_total.sampled_defective);

    para (doc, STYLE_BODY, _("%s managed areas. In the fiscal year: %s entries recorded, %s of "
                             "them defective; %s sampling checks of %s entries, %s defective."),
          n, entries, defective, samples, sampled, sdef);
    table (doc, _("Area class"), 3.0, _("Areas"), -1.0, NULL);
    count_rows (doc, d->area_classes, NULL);
  }

  para (doc, STYLE_H2, "%s", _("6.3 Outsourcing and dispatch contracts"));
  {
    g_autofree char *n = count_text (d->contracts);
    g_autofree char *missing = count_text (d->contracts_with_missing);
    g_autofree char *clauses = count_text (d->clauses);
    g_autofree char *stated = count_text (d->clauses_stated);
    g_autofree char *not_stated = count_text (d->clauses_not_stated);
    g_autofree char *na = count_text (d->clauses_not_applicable);
    g_autofree char *unanswered = count_text (d->clauses_unanswered);

    para (doc, STYLE_BODY, _("%s contracts in force during the fiscal year; %s of them lack a "
                             "mandatory clause."), n, missing);
    table (doc, _("Clauses checked"), -1.0, _("Stated"), -1.0, _("Not stated"), -1.0,
           _("N/A"), -1.0, _("Unanswered"), -1.0, NULL);
    row (doc, clauses, stated, not_stated, na, unanswered);
    gap (doc, 6);
    table (doc, _("Kind"), 3.0, _("Contracts"), -1.0, NULL);
    count_rows (doc, d->contracts_by_kind, label_of);
  }

  para (doc, STYLE_H2, "%s", _("6.4 Registers not kept in Mamori"));
  para (doc, STYLE_BODY, "%s", _("Security incidents and their recurrence prevention, and "
                                 "applications for and permissions of exceptions, are not kept "
                                 "in Mamori: this report gives no count for them. Report them "
                                 "from the registers where they are kept."));
}

static void
build_audit (MamoriReportDocument *doc)
{
  MamoriReportData *d = doc->data;

  para (doc, STYLE_H1, "%s", _("7. Audit findings"));
  if (d->audit_findings->len == 0)
    {
      para (doc, STYLE_BODY, "%s", _("No audit finding was recorded in this inspection."));
      return;
    }
  table (doc, _("Section"), 1.3, _("Item"), 0.6, _("Severity"), 0.9, _("Finding"), 4.0,
         _("Found on"), 1.2, NULL);
  for (guint i = 0; i < d->audit_findings->len; i++)
    {
      MamoriAuditFinding *f = g_ptr_array_index (d->audit_findings, i);
      g_autofree char *on = f->found_on ? date_text (f->found_on) : NULL;

      row (doc, f->section_name, f->item_code ? f->item_code : "—", label_of (f->severity),
           f->finding, on);
    }
}

static void
build_evaluation (MamoriReportDocument *doc)
{
  MamoriReportData *d = doc->data;

  para (doc, STYLE_H1, "%s", _("8. Evaluation by chapter"));
  table (doc, _("Chapter"), 1.6, _("Rate"), -0.7, _("Last year"), -0.7, _("Audit"), -0.5,
         _("Evaluation"), 0.9, _("Assessment"), 3.4, NULL);
  for (guint i = 0; i < d->evaluations->len; i++)
    {
      MamoriChapterEvaluation *e = g_ptr_array_index (d->evaluations, i);
      g_autofree char *chapter = g_strdup_printf ("%s %s", e->chapter_ref, e->chapter_title);
      g_autofree char *rt = mamori_rollup_rate_text (e->rate);
      g_autofree char *pr = mamori_rollup_rate_text (e->previous_rate);
      g_autofree char *n = count_text (e->audit_findings);
      g_autofree char *text = e->circumstances && *e->circumstances
        ? g_strdup_printf ("%s\n%s", e->assessment ? e->assessment : "", e->circumstances)
        : g_strdup (e->assessment ? e->assessment : "");

      row (doc, chapter, rt, pr, n, e->rating ? label_of (e->rating) : _("Not evaluated"),
           text);
    }

  para (doc, STYLE_H1, "%s", _("9. Proposals for the review of the standard"));
  if (d->proposals->len == 0)
    {
      para (doc, STYLE_BODY, "%s", _("No proposal for the review of the standard."));
      return;
    }
  table (doc, _("Chapter"), 0.8, _("Article"), 1.0, _("Proposal"), 4.2, _("Status"), 1.0, NULL);
  for (guint i = 0; i < d->proposals->len; i++)
    {
      MamoriReviewProposal *p = g_ptr_array_index (d->proposals, i);
      g_autofree char *decided = p->decided_on ? date_text (p->decided_on) : NULL;
      g_autofree char *status = decided
        ? g_strdup_printf ("%s（%s）", label_of (p->status), decided)
        : g_strdup (label_of (p->status));

      row (doc, p->chapter_ref, p->ref ? p->ref : "—", p->proposal, status);
    }
}

/**
 * mamori_report_document_new_for_data:
 * @data: (transfer full): what the report says
 */
MamoriReportDocument *
mamori_report_document_new_for_data (MamoriReportData *data)
{
  MamoriReportDocument *doc = g_new0 (MamoriReportDocument, 1);

  doc->data = data;
  doc->title = g_strdup (_("Information Security Inspection Report"));
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify)block_free);
  doc->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  build_cover (doc);
  build_introduction (doc);
  build_overview (doc);
  build_results (doc);
  build_findings (doc);
  build_follow_up (doc);
  build_context (doc);
  build_audit (doc);
  build_evaluation (doc);
  return doc;
}

/**
 * mamori_report_document_new:
 *
 * Collects the report of @fiscal_year (see mamori_report_data_collect()).
 */
MamoriReportDocument *
mamori_report_document_new (MamoriStore  *store,
                            int           fiscal_year,
                            GError      **error)
{
  MamoriReportData *data = mamori_report_data_collect (store, fiscal_year, NULL, error);

  return data ? mamori_report_document_new_for_data (data) : NULL;
}

void
mamori_report_document_free (MamoriReportDocument *doc)
{
  if (doc == NULL)
    return;
  mamori_report_data_free (doc->data);
  g_free (doc->title);
  g_ptr_array_unref (doc->blocks);
  g_array_unref (doc->pages);
  g_clear_object (&doc->context);
  g_free (doc);
}

const char *
mamori_report_document_get_title (MamoriReportDocument *doc)
{
  return doc->title;
}

/* Pagination ----------------------------------------------------------------------------------- */

static double
content_width (MamoriReportDocument *doc)
{
  return doc->page_width - 2 * MARGIN_X;
}

static double
column_width (const Block *b,
              guint        i,
              double       width)
{
  double total = 0;

  for (guint k = 0; k < b->n; k++)
    total += b->weights[k];
  return width * b->weights[i] / total;
}

/* The text of one cell (or of a paragraph), laid out in its width.  Laid out to measure, then
 * again to draw, rather than kept: a report of 300 sections has tens of thousands of cells. */
static PangoLayout *
cell_layout (MamoriReportDocument *doc,
             const Block          *b,
             guint                 i)
{
  double width = content_width (doc);
  double w = b->kind == BLOCK_ROW ? column_width (b, i, width) - 2 * CELL_PAD : width;
  PangoLayout *layout = pango_layout_new (doc->context);
  PangoFontDescription *font = pango_font_description_from_string (styles[b->style].family);

  pango_font_description_set_size (font, (int)(styles[b->style].size * PANGO_SCALE));
  pango_font_description_set_weight (font, styles[b->style].weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int)(w * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, b->align[i]);
  pango_layout_set_text (layout, b->texts[i], -1);
  pango_font_description_free (font);
  return layout;
}

static void
measure (MamoriReportDocument *doc,
         Block                *b)
{
  double height = 0;

  if (b->kind != BLOCK_TEXT && b->kind != BLOCK_ROW)
    return;
  for (guint i = 0; i < b->n; i++)
    {
      g_autoptr(PangoLayout) layout = cell_layout (doc, b, i);
      int lw, lh;

      pango_layout_get_size (layout, &lw, &lh);
      height = MAX (height, (double)lh / PANGO_SCALE);
    }
  b->height = b->kind == BLOCK_ROW ? height + 2 * CELL_PAD
    : height + styles[b->style].space_before + styles[b->style].space_after;
}

/* Shows the text of cell @i at the current point. */
static void
show_cell (MamoriReportDocument *doc,
           cairo_t              *cr,
           const Block          *b,
           guint                 i)
{
  g_autoptr(PangoLayout) layout = cell_layout (doc, b, i);

  pango_cairo_show_layout (cr, layout);
}

static void
close_page (MamoriReportDocument *doc,
            Page                 *page,
            guint                 end)
{
  page->end = end;
  g_array_append_val (doc->pages, *page);
}

/**
 * mamori_report_document_paginate:
 * @context: a PangoContext of pango-cairo (for a PDF surface or a GtkPrintContext)
 * @page_width: in points (595 for A4)
 *
 * Measures the blocks with @context and cuts them into pages.  Call again when the page size
 * changes.
 *
 * Returns: the number of pages
 */
int
mamori_report_document_paginate (MamoriReportDocument *doc,
                                 PangoContext         *context,
                                 double                page_width,
                                 double                page_height)
{
  double bottom = page_height - MARGIN_BOTTOM, y = MARGIN_TOP;
  Page page = { 0 };

  doc->page_width = page_width;
  doc->page_height = page_height;
  /* Fonts in points, whatever the device's resolution, and metrics without hinting: the
   * same pages on a PDF surface, a printer or the screen. */
  pango_cairo_context_set_resolution (context, 72.0);
  {
    cairo_font_options_t *options = cairo_font_options_create ();

    cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options (context, options);
    cairo_font_options_destroy (options);
  }
  g_array_set_size (doc->pages, 0);
  g_set_object (&doc->context, context);
  for (guint i = 0; i < doc->blocks->len; i++)
    measure (doc, g_ptr_array_index (doc->blocks, i));

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *b = g_ptr_array_index (doc->blocks, i);
      double need = b->height;

      if (b->kind == BLOCK_BREAK)
        {
          close_page (doc, &page, i + 1);
          page = (Page) { .first = i + 1 };
          y = MARGIN_TOP;
          continue;
        }
      /* A heading keeps its next block with it. */
      if (b->keep_next && i + 1 < doc->blocks->len)
        need += ((Block *)g_ptr_array_index (doc->blocks, i + 1))->height;
      if (y + need > bottom && i > page.first)
        {
          close_page (doc, &page, i);
          page = (Page) { .first = i };
          y = MARGIN_TOP;
          /* A table row continuing on a new page gets its header again. */
          if (b->kind == BLOCK_ROW && !b->header && b->repeat != NULL)
            {
              page.repeat = b->repeat;
              y += b->repeat->height;
            }
        }
      y += b->height;
    }
  if (page.first < doc->blocks->len)
    close_page (doc, &page, doc->blocks->len);
  return doc->pages->len;
}

int
mamori_report_document_get_n_pages (MamoriReportDocument *doc)
{
  return doc->pages->len;
}

/* Drawing -------------------------------------------------------------------------------------- */

static void
draw_row (MamoriReportDocument *doc,
          cairo_t              *cr,
          Block                *b,
          double                y)
{
  double width = content_width (doc), x = MARGIN_X;

  if (b->header)
    {
      cairo_set_source_rgb (cr, 0.88, 0.90, 0.93);
      cairo_rectangle (cr, MARGIN_X, y, width, b->height);
      cairo_fill (cr);
    }
  cairo_set_line_width (cr, 0.5);
  for (guint i = 0; i < b->n; i++)
    {
      double w = column_width (b, i, width);

      cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
      cairo_rectangle (cr, x, y, w, b->height);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, x + CELL_PAD, y + CELL_PAD);
      show_cell (doc, cr, b, i);
      x += w;
    }
}

static void
draw_block (MamoriReportDocument *doc,
            cairo_t              *cr,
            Block                *b,
            double                y)
{
  switch (b->kind)
    {
    case BLOCK_TEXT:
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, MARGIN_X, y + styles[b->style].space_before);
      show_cell (doc, cr, b, 0);
      if (b->style == STYLE_H1)
        {
          double line_y = y + b->height - styles[b->style].space_after + 2;

          cairo_set_line_width (cr, 0.8);
          cairo_move_to (cr, MARGIN_X, line_y);
          cairo_line_to (cr, doc->page_width - MARGIN_X, line_y);
          cairo_stroke (cr);
        }
      break;
    case BLOCK_ROW:
      draw_row (doc, cr, b, y);
      break;
    case BLOCK_CHART:
      b->chart (doc, cr, MARGIN_X, y, content_width (doc), b->height);
      break;
    case BLOCK_BREAK:
    case BLOCK_GAP:
    default:
      break;
    }
}

static void
draw_margins (MamoriReportDocument *doc,
              cairo_t              *cr,
              int                   page)
{
  PangoLayout *layout = small_layout (cr, SANS " 8");
  g_autofree char *fy = mamori_fiscal_year_label (doc->data->fiscal_year);
  g_autofree char *head = g_strdup_printf ("%s %s", fy, doc->title);
  g_autofree char *number = g_strdup_printf ("− %d −", page);

  pango_layout_set_width (layout, (int)(content_width (doc) * PANGO_SCALE));
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_set_text (layout, head, -1);
  cairo_move_to (cr, MARGIN_X, MARGIN_TOP - 28);
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, number, -1);
  cairo_move_to (cr, MARGIN_X, doc->page_height - MARGIN_BOTTOM + 24);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/**
 * mamori_report_document_draw_page:
 * @cr: a cairo context whose unit is the point, origin at the page's top left corner
 * @page: from 0
 *
 * Draws one page, as cut by mamori_report_document_paginate().  The cover (page 0) has no
 * running head and no number; the pages after it are numbered from 1.
 */
void
mamori_report_document_draw_page (MamoriReportDocument *doc,
                                  cairo_t              *cr,
                                  int                   page)
{
  Page *p;
  double y = MARGIN_TOP;

  g_return_if_fail (page >= 0 && (guint)page < doc->pages->len);
  p = &g_array_index (doc->pages, Page, page);
  cairo_save (cr);
  if (page > 0)
    draw_margins (doc, cr, page);
  if (p->repeat != NULL)
    {
      draw_block (doc, cr, p->repeat, y);
      y += p->repeat->height;
    }
  for (guint i = p->first; i < p->end; i++)
    {
      Block *b = g_ptr_array_index (doc->blocks, i);

      draw_block (doc, cr, b, y);
      y += b->height;
    }
  cairo_restore (cr);
}

/* PDF ------------------------------------------------------------------------------------------- */

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  GOutputStream *stream = closure;

  return g_output_stream_write_all (stream, data, length, NULL, NULL, NULL)
    ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static gboolean
render_pdf (MamoriReportDocument *doc,
            GOutputStream        *stream,
            int                  *pages,
            GCancellable         *cancellable,
            GError              **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoContext *context;
  cairo_status_t status;
  g_autofree char *fy = mamori_fiscal_year_label (doc->data->fiscal_year);
  g_autofree char *title = g_strdup_printf ("%s %s", fy, doc->title);
  int n;

  surface = cairo_pdf_surface_create_for_stream (write_to_stream, stream,
                                                 MAMORI_REPORT_A4_WIDTH, MAMORI_REPORT_A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mamori " PACKAGE_VERSION);
  if (*doc->data->organisation != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, doc->data->organisation);
  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);
  n = mamori_report_document_paginate (doc, context, MAMORI_REPORT_A4_WIDTH,
                                       MAMORI_REPORT_A4_HEIGHT);
  for (int i = 0; i < n && !g_cancellable_is_cancelled (cancellable); i++)
    {
      mamori_report_document_draw_page (doc, cr, i);
      cairo_show_page (cr);
    }
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be written: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  *pages = n;
  return TRUE;
}

typedef struct
{
  MamoriReportDocument *doc;
  int                   pages;
} PdfJob;

static gboolean
write_pdf (GOutputStream  *stream,
           gpointer        data,
           GCancellable   *cancellable,
           GError        **error)
{
  PdfJob *job = data;

  return render_pdf (job->doc, stream, &job->pages, cancellable, error);
}

/**
 * mamori_report_pdf_export_file:
 * @overwrite: replace @out if it exists; otherwise an existing @out is an error
 *
 * Writes the report of @fiscal_year as an A4 PDF into a new file beside @out, renamed to @out
 * once complete; a failure leaves nothing behind.
 */
gboolean
mamori_report_pdf_export_file (MamoriStore          *store,
                               int                   fiscal_year,
                               GFile                *out,
                               gboolean              overwrite,
                               MamoriReportPdfStats *stats,
                               GCancellable         *cancellable,
                               GError              **error)
{
  g_autoptr(MamoriReportDocument) doc = NULL;
  PdfJob job = { 0 };

  doc = mamori_report_document_new (store, fiscal_year, error);
  if (doc == NULL)
    return FALSE;
  job.doc = doc;
  if (!mamori_report_save (out, overwrite, write_pdf, NULL, &job, cancellable, error))
    return FALSE;
  if (stats != NULL)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (out, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

      stats->pages = job.pages;
      stats->bytes = info ? g_file_info_get_size (info) : 0;
    }
  return TRUE;
}

/**
 * mamori_report_write_pdf:
 *
 * Writes the report of @fiscal_year as an A4 PDF at @path (replacing it).
 */
gboolean
mamori_report_write_pdf (MamoriStore  *store,
                         int           fiscal_year,
                         const char   *path,
                         GError      **error)
{
  g_autoptr(GFile) out = g_file_new_for_path (path);

  return mamori_report_pdf_export_file (store, fiscal_year, out, TRUE, NULL, NULL, error);
}
