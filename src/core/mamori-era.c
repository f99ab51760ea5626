/* mamori-era.c — Japanese era (和暦) dates and fiscal years (年度)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dates are stored as ISO 8601 everywhere; this module renders them for people.  glibc's %EY
 * prints 令和08年 and never 元年, so the conversion is our own.  A new era is one line in the
 * table below.
 */

#include "config.h"

#include "mamori-era.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Start dates as proclaimed (JIS X 0301:2019 for 平成/令和).  Dates before 明治6年
 * (1873-01-01, the adoption of the Gregorian calendar) are not converted. */
static const MamoriEra eras[] = {
  { "明治", "Meiji",  "M", 1868, 10, 23 },
  { "大正", "Taisho", "T", 1912,  7, 30 },
  { "昭和", "Showa",  "S", 1926, 12, 25 },
  { "平成", "Heisei", "H", 1989,  1,  8 },
  { "令和", "Reiwa",  "R", 2019,  5,  1 },
};

gboolean
mamori_date_is_valid (int y,
                      int m,
                      int d)
{
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
    return FALSE;
  return d <= g_date_get_days_in_month (m, y);
}

/**
 * mamori_date_parse_iso:
 * @iso: a calendar date written YYYY-MM-DD
 *
 * Parses exactly the ISO 8601 calendar date form Mamori stores.  Anything else (other
 * separators, missing zero padding, trailing text, impossible dates) is refused.
 *
 * Returns: %TRUE if @iso is a valid date
 */
gboolean
mamori_date_parse_iso (const char *iso,
                       int        *y,
                       int        *m,
                       int        *d)
{
  int yy, mm, dd;

  if (iso == NULL || strlen (iso) != 10 || iso[4] != '-' || iso[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso[i]))
      return FALSE;

  yy = atoi (iso);
  mm = atoi (iso + 5);
  dd = atoi (iso + 8);
  if (!mamori_date_is_valid (yy, mm, dd))
    return FALSE;

  if (y) *y = yy;
  if (m) *m = mm;
  if (d) *d = dd;
  return TRUE;
}

char *
mamori_date_to_iso (int y,
                    int m,
                    int d)
{
  g_return_val_if_fail (mamori_date_is_valid (y, m, d), NULL);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* The local time zone, read once: GLib reads /etc/localtime again on every
 * g_date_time_new_now_local(), which a validation of a million ledger rows would notice. */
static GTimeZone *
local_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  return zone;
}

char *
mamori_date_today_iso (void)
{
  /* Kept for the second it was read in: an import compares every row's dates with today, and
   * formatting the local date a million times shows. */
  G_LOCK_DEFINE_STATIC (today);
  static gint64 second = -1;
  static char today[16];
  gint64 now_second = g_get_real_time () / G_USEC_PER_SEC;
  char *result;

  G_LOCK (today);
  if (now_second != second)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (now_second);
      g_autoptr(GDateTime) here = g_date_time_to_timezone (now, local_zone ());
      g_autofree char *text = g_date_time_format (here, "%Y-%m-%d");

      g_strlcpy (today, text, sizeof today);
      second = now_second;
    }
  result = g_strdup (today);
  G_UNLOCK (today);
  return result;
}

static int
compare_ymd (int y1, int m1, int d1,
             int y2, int m2, int d2)
{
  if (y1 != y2) return y1 < y2 ? -1 : 1;
  if (m1 != m2) return m1 < m2 ? -1 : 1;
  if (d1 != d2) return d1 < d2 ? -1 : 1;
  return 0;
}

/**
 * mamori_era_for_date:
 * @era_year: (out) (optional): the year within the era, 1 for 元年
 *
 * Returns: (nullable): the era in effect on that day, or %NULL before 明治6年
 */
const MamoriEra *
mamori_era_for_date (int  y,
                     int  m,
                     int  d,
                     int *era_year)
{
  if (!mamori_date_is_valid (y, m, d) || y < 1873)
    return NULL;

  for (int i = G_N_ELEMENTS (eras) - 1; i >= 0; i--)
    {
      const MamoriEra *e = &eras[i];

      if (compare_ymd (y, m, d, e->start_year, e->start_month, e->start_day) >= 0)
        {
          if (era_year)
            *era_year = y - e->start_year + 1;
          return e;
        }
    }

  return NULL;
}

static char *
era_year_text (int era_year)
{
  return era_year == 1 ? g_strdup ("元") : g_strdup_printf ("%d", era_year);
}

/**
 * mamori_era_format:
 *
 * Renders a date in 和暦: 令和8年11月25日, 令和元年5月1日 (LONG); R8.11.25 (SHORT, the
 * JIS X 0301 form, where the first year is 1); 令和8年 (YEAR).  Dates before 明治6年 fall
 * back to ISO 8601.
 *
 * Returns: (transfer full): the rendered date, or %NULL if the date is invalid
 */
char *
mamori_era_format (int            y,
                   int            m,
                   int            d,
                   MamoriEraStyle style)
{
  const MamoriEra *era;
  g_autofree char *year = NULL;
  int era_year;

  if (!mamori_date_is_valid (y, m, d))
    return NULL;

  era = mamori_era_for_date (y, m, d, &era_year);
  if (era == NULL)
    return mamori_date_to_iso (y, m, d);

  switch (style)
    {
    case MAMORI_ERA_STYLE_SHORT:
      return g_strdup_printf ("%s%d.%02d.%02d", era->letter, era_year, m, d);
    case MAMORI_ERA_STYLE_YEAR:
      year = era_year_text (era_year);
      return g_strdup_printf ("%s%s年", era->name, year);
    case MAMORI_ERA_STYLE_LONG:
    default:
      year = era_year_text (era_year);
      return g_strdup_printf ("%s%s年%d月%d日", era->name, year, m, d);
    }
}

char *
mamori_era_format_iso (const char     *iso,
                       MamoriEraStyle  style)
{
  int y, m, d;

  if (!mamori_date_parse_iso (iso, &y, &m, &d))
    return NULL;
  return mamori_era_format (y, m, d, style);
}

/**
 * mamori_era_format_timestamp:
 * @iso_timestamp: a UTC timestamp as stored (2026-11-25T12:34:56.789Z)
 *
 * Renders a stored timestamp in local time for people: 令和8年11月25日 21:34.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL if unparsable
 */
char *
mamori_era_format_timestamp (const char *iso_timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;

  if (iso_timestamp == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (iso_timestamp, NULL);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  date = mamori_era_format (g_date_time_get_year (local), g_date_time_get_month (local),
                            g_date_time_get_day_of_month (local), MAMORI_ERA_STYLE_LONG);
  return g_strdup_printf ("%s %02d:%02d", date, g_date_time_get_hour (local),
                          g_date_time_get_minute (local));
}

/**
 * mamori_date_display:
 * @iso: (nullable): a stored ISO date
 *
 * The one way a date is shown to a person: 和暦 with the Gregorian year beside it for
 * readers outside the office, e.g. 令和8年11月25日 (2026).
 *
 * Returns: (transfer full): the text; an empty string for %NULL or an invalid date
 */
char *
mamori_date_display (const char *iso)
{
  g_autofree char *era = NULL;
  int y;

  era = mamori_era_format_iso (iso, MAMORI_ERA_STYLE_LONG);
  if (era == NULL)
    return g_strdup ("");
  mamori_date_parse_iso (iso, &y, NULL, NULL);
  return g_strdup_printf ("%s (%d)", era, y);
}

static const char *
skip_digits (const char *p,
             int        *value)
{
  int n = 0;
  const char *start = p;

  while (g_ascii_isdigit (*p) && p - start < 4)
    n = n * 10 + (*p++ - '0');
  if (p == start || g_ascii_isdigit (*p))
    return NULL;
  *value = n;
  return p;
}

/* Skips one of the separators in @seps (UTF-8 strings, NULL terminated). */
static const char *
skip_separator (const char        *p,
                const char *const *seps)
{
  for (guint i = 0; seps[i]; i++)
    if (g_str_has_prefix (p, seps[i]))
      return p + strlen (seps[i]);
  return NULL;
}

/**
 * mamori_era_parse:
 * @text: a date in 和暦 as people write it: 令和8年4月1日, 令和元年5月1日, R8.4.1, r08/04/01,
 *   H31-4-30, ㍻31年4月30日, with full-width digits or spaces if need be
 *
 * Parses a Japanese era date.  The date must exist and fall inside its era: 平成31年5月1日 is
 * refused (that day is 令和元年5月1日).
 *
 * Returns: %TRUE with the Gregorian date in @y, @m and @d if @text is such a date
 */
gboolean
mamori_era_parse (const char *text,
                  int        *y,
                  int        *m,
                  int        *d)
{
  static const char *const year_seps[] = { "年", ".", "/", "-", NULL };
  static const char *const month_seps[] = { "月", ".", "/", "-", NULL };
  g_autofree char *nfkc = NULL;
  g_autoptr(GString) compact = NULL;
  const MamoriEra *era = NULL;
  const char *p;
  int era_year, mm, dd, yy;
  guint index = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  /* NFKC: full-width digits become ASCII and ㍻ becomes 平成. */
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  compact = g_string_new (NULL);
  for (p = nfkc; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (compact, g_utf8_get_char (p));
  p = compact->str;

  for (guint i = 0; i < G_N_ELEMENTS (eras) && era == NULL; i++)
    if (g_str_has_prefix (p, eras[i].name))
      {
        era = &eras[i];
        index = i;
        p += strlen (eras[i].name);
      }
    else if (g_ascii_toupper (*p) == eras[i].letter[0])
      {
        era = &eras[i];
        index = i;
        p++;
      }
  if (era == NULL)
    return FALSE;

  if (g_str_has_prefix (p, "元"))
    {
      era_year = 1;
      p += strlen ("元");
    }
  else if ((p = skip_digits (p, &era_year)) == NULL)
    return FALSE;
  if (era_year < 1 || (p = skip_separator (p, year_seps)) == NULL ||
      (p = skip_digits (p, &mm)) == NULL || (p = skip_separator (p, month_seps)) == NULL ||
      (p = skip_digits (p, &dd)) == NULL)
    return FALSE;
  if (g_str_has_prefix (p, "日"))
    p += strlen ("日");
  if (*p != '\0')
    return FALSE;

  yy = era->start_year + era_year - 1;
  /* Before 明治6年 Japan did not use the Gregorian calendar: no conversion, as above. */
  if (!mamori_date_is_valid (yy, mm, dd) || yy < 1873 ||
      compare_ymd (yy, mm, dd, era->start_year, era->start_month, era->start_day) < 0)
    return FALSE;
  if (index + 1 < G_N_ELEMENTS (eras) &&
      compare_ymd (yy, mm, dd, eras[index + 1].start_year, eras[index + 1].start_month,
                   eras[index + 1].start_day) >= 0)
    return FALSE;

  if (y) *y = yy;
  if (m) *m = mm;
  if (d) *d = dd;
  return TRUE;
}

/**
 * mamori_fiscal_year_for_date:
 *
 * The 年度 a date belongs to: April to March, named by the calendar year it starts in.
 */
int
mamori_fiscal_year_for_date (int y,
                             int m,
                             int d)
{
  return m >= 4 ? y : y - 1;
}

int
mamori_fiscal_year_current (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (local_zone ());

  return mamori_fiscal_year_for_date (g_date_time_get_year (now), g_date_time_get_month (now),
                                      g_date_time_get_day_of_month (now));
}

/**
 * mamori_fiscal_year_label:
 * @fiscal_year: the Gregorian year in which the 年度 starts
 *
 * The label of a 年度: 令和8年度.  A 年度 is named in the era in effect at the end of its
 * starting calendar year, which is how official documents named the years of an era change:
 * 2019年度 is 令和元年度, 1989年度 is 平成元年度, 2018年度 is 平成30年度.
 *
 * Returns: (transfer full): the label
 */
char *
mamori_fiscal_year_label (int fiscal_year)
{
  const MamoriEra *era;
  g_autofree char *year = NULL;
  int era_year;

  era = mamori_era_for_date (fiscal_year, 12, 31, &era_year);
  if (era == NULL)
    return g_strdup_printf ("%d年度", fiscal_year);
  year = era_year_text (era_year);
  return g_strdup_printf ("%s%s年度", era->name, year);
}

char *
mamori_fiscal_year_start_iso (int fiscal_year)
{
  return mamori_date_to_iso (fiscal_year, 4, 1);
}

char *
mamori_fiscal_year_end_iso (int fiscal_year)
{
  return mamori_date_to_iso (fiscal_year + 1, 3, 31);
}

/* Reads "8", "元" or "１２" (after NFKC) as a year within an era. */
static int
era_year_from_text (const char *text)
{
  if (g_str_has_prefix (text, "元"))
    return 1;
  return atoi (text);
}

/**
 * mamori_date_parse_human:
 * @text: a date as people write it: 2026-04-01, 2026/4/1, 令和8年4月1日, 令和元年5月1日,
 *   R8.4.1, H31/4/30 (full-width digits too), and as mamori_date_display() shows it:
 *   令和8年4月1日 (2026)
 *
 * Returns: (transfer full) (nullable): the date as ISO 8601, or %NULL if @text is not a valid
 *   date (an era year beyond the era's last day is refused: 平成32年 does not exist)
 */
char *
mamori_date_parse_human (const char *text)
{
  g_autofree char *nfkc = NULL;
  g_autoptr(GRegex) gregorian = NULL;
  g_autoptr(GRegex) japanese = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  int y = 0, m = 0, d = 0;

  if (text == NULL)
    return NULL;
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  g_strstrip (nfkc);

  gregorian = g_regex_new ("^(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?$", 0, 0, NULL);
  japanese = g_regex_new ("^(明治|大正|昭和|平成|令和|[MTSHRmtshr])\\s*(\\d{1,2}|元)[年./-]"
                          "(\\d{1,2})[月./-](\\d{1,2})日?(?:\\s*\\(\\d{4}\\))?$", 0, 0, NULL);

  if (g_regex_match (gregorian, nfkc, 0, &match))
    {
      g_autofree char *ys = g_match_info_fetch (match, 1);
      g_autofree char *ms = g_match_info_fetch (match, 2);
      g_autofree char *ds = g_match_info_fetch (match, 3);

      y = atoi (ys), m = atoi (ms), d = atoi (ds);
    }
  else
    {
      g_clear_pointer (&match, g_match_info_free);
      if (g_regex_match (japanese, nfkc, 0, &match))
        {
          g_autofree char *es = g_match_info_fetch (match, 1);
          g_autofree char *ys = g_match_info_fetch (match, 2);
          g_autofree char *ms = g_match_info_fetch (match, 3);
          g_autofree char *ds = g_match_info_fetch (match, 4);
          const MamoriEra *era = NULL;
          int era_year_check = 0;

          for (guint i = 0; i < G_N_ELEMENTS (eras); i++)
            if (g_str_equal (es, eras[i].name) || g_ascii_strcasecmp (es, eras[i].letter) == 0)
              era = &eras[i];
          if (era == NULL)
            return NULL;
          y = era->start_year + era_year_from_text (ys) - 1;
          m = atoi (ms), d = atoi (ds);
          /* The date must fall inside that era. */
          if (!mamori_date_is_valid (y, m, d) ||
              mamori_era_for_date (y, m, d, &era_year_check) != era)
            return NULL;
        }
    }

  if (!mamori_date_is_valid (y, m, d))
    return NULL;
  return mamori_date_to_iso (y, m, d);
}
