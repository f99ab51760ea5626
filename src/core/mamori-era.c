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

char *
mamori_date_today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
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
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

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
