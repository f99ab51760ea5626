/* test-era.c — 和暦 dates and 年度
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * glibc's %EY never prints 元年, so Mamori converts eras itself.  These tests pin the first
 * years, the two era changes of living memory, the JIS X 0301 short form, 年度 labels
 * around era changes and the strict ISO parser every stored date goes through.
 */

#include "config.h"

#include "mamori-test-utils.h"

static void
assert_era (int y, int m, int d, MamoriEraStyle style, const char *expected)
{
  g_autofree char *text = mamori_era_format (y, m, d, style);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_first_year (void)
{
  int era_year = 0;
  const MamoriEra *era;

  assert_era (2019, 5, 1, MAMORI_ERA_STYLE_LONG, "令和元年5月1日");
  assert_era (1989, 1, 8, MAMORI_ERA_STYLE_LONG, "平成元年1月8日");
  assert_era (2019, 12, 31, MAMORI_ERA_STYLE_LONG, "令和元年12月31日");
  assert_era (2020, 1, 1, MAMORI_ERA_STYLE_LONG, "令和2年1月1日");

  era = mamori_era_for_date (2019, 5, 1, &era_year);
  g_assert_nonnull (era);
  g_assert_cmpstr (era->name, ==, "令和");
  g_assert_cmpstr (era->letter, ==, "R");
  g_assert_cmpint (era_year, ==, 1);
}

static void
test_reiwa_boundary (void)
{
  int era_year = 0;

  assert_era (2019, 4, 30, MAMORI_ERA_STYLE_LONG, "平成31年4月30日");
  assert_era (2019, 5, 1, MAMORI_ERA_STYLE_LONG, "令和元年5月1日");
  g_assert_cmpstr (mamori_era_for_date (2019, 4, 30, &era_year)->name, ==, "平成");
  g_assert_cmpint (era_year, ==, 31);
  g_assert_cmpstr (mamori_era_for_date (2019, 5, 1, &era_year)->name, ==, "令和");
  g_assert_cmpint (era_year, ==, 1);
}

static void
test_heisei_boundary (void)
{
  assert_era (1989, 1, 7, MAMORI_ERA_STYLE_LONG, "昭和64年1月7日");
  assert_era (1989, 1, 8, MAMORI_ERA_STYLE_LONG, "平成元年1月8日");
  assert_era (1989, 1, 7, MAMORI_ERA_STYLE_YEAR, "昭和64年");
  assert_era (1989, 1, 8, MAMORI_ERA_STYLE_YEAR, "平成元年");
}

static void
test_short_and_year_styles (void)
{
  /* JIS X 0301: the first year is written 1, month and day in two digits. */
  assert_era (2019, 5, 1, MAMORI_ERA_STYLE_SHORT, "R1.05.01");
  assert_era (2019, 4, 30, MAMORI_ERA_STYLE_SHORT, "H31.04.30");
  assert_era (2026, 11, 25, MAMORI_ERA_STYLE_SHORT, "R8.11.25");
  assert_era (1989, 1, 7, MAMORI_ERA_STYLE_SHORT, "S64.01.07");

  assert_era (2019, 5, 1, MAMORI_ERA_STYLE_YEAR, "令和元年");
  assert_era (2026, 11, 25, MAMORI_ERA_STYLE_YEAR, "令和8年");
  assert_era (2018, 6, 1, MAMORI_ERA_STYLE_YEAR, "平成30年");

  /* Invalid dates render nothing rather than something wrong. */
  g_assert_null (mamori_era_format (2026, 2, 29, MAMORI_ERA_STYLE_LONG));
  g_assert_null (mamori_era_format_iso ("2026-13-01", MAMORI_ERA_STYLE_LONG));
  {
    g_autofree char *iso = mamori_era_format_iso ("2026-11-25", MAMORI_ERA_STYLE_LONG);
    g_assert_cmpstr (iso, ==, "令和8年11月25日");
  }
}

static void
test_fiscal_year_labels (void)
{
  static const struct { int year; const char *label; } cases[] = {
    { 2019, "令和元年度" },
    { 2018, "平成30年度" },
    { 1989, "平成元年度" },
    { 1988, "昭和63年度" },
    { 2026, "令和8年度" },
    { 2020, "令和2年度" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = mamori_fiscal_year_label (cases[i].year);
      g_assert_cmpstr (label, ==, cases[i].label);
    }
}

static void
test_fiscal_year_of_date (void)
{
  g_autofree char *start = mamori_fiscal_year_start_iso (2026);
  g_autofree char *end = mamori_fiscal_year_end_iso (2026);
  g_autofree char *end_leap = mamori_fiscal_year_end_iso (2023);

  g_assert_cmpint (mamori_fiscal_year_for_date (2026, 3, 31), ==, 2025);
  g_assert_cmpint (mamori_fiscal_year_for_date (2026, 4, 1), ==, 2026);
  g_assert_cmpint (mamori_fiscal_year_for_date (2026, 1, 1), ==, 2025);
  g_assert_cmpint (mamori_fiscal_year_for_date (2026, 12, 31), ==, 2026);

  g_assert_cmpstr (start, ==, "2026-04-01");
  g_assert_cmpstr (end, ==, "2027-03-31");
  g_assert_cmpstr (end_leap, ==, "2024-03-31");
}

static void
test_parse_iso (void)
{
  static const char *refused[] = {
    "2026-02-29", /* 2026 is not a leap year */
    "2024-02-30",
    "2026-1-1",
    "2026-01-01x",
    "",
    "2026/01/01",
    "2026-00-10",
    "2026-04-31",
    " 2026-01-01",
    "２０２６-01-01",
  };
  int y = -1, m = -1, d = -1;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("refusing “%s”", refused[i]);
      g_assert_false (mamori_date_parse_iso (refused[i], &y, &m, &d));
    }
  g_assert_false (mamori_date_parse_iso (NULL, &y, &m, &d));
  /* Nothing was written to the outputs by a refused date. */
  g_assert_cmpint (y, ==, -1);
  g_assert_cmpint (m, ==, -1);
  g_assert_cmpint (d, ==, -1);

  g_assert_true (mamori_date_parse_iso ("2024-02-29", &y, &m, &d));
  g_assert_cmpint (y, ==, 2024);
  g_assert_cmpint (m, ==, 2);
  g_assert_cmpint (d, ==, 29);
  g_assert_true (mamori_date_parse_iso ("2000-02-29", NULL, NULL, NULL));
  g_assert_false (mamori_date_parse_iso ("1900-02-29", NULL, NULL, NULL));
}

static void
test_display (void)
{
  g_autofree char *shown = mamori_date_display ("2026-11-25");
  g_autofree char *first = mamori_date_display ("2019-05-01");
  g_autofree char *invalid = mamori_date_display ("2026-02-29");
  g_autofree char *null = mamori_date_display (NULL);

  g_assert_cmpstr (shown, ==, "令和8年11月25日 (2026)");
  g_assert_cmpstr (first, ==, "令和元年5月1日 (2019)");
  g_assert_cmpstr (invalid, ==, "");
  g_assert_cmpstr (null, ==, "");
}

/* A date shown in an entry is read back as it is shown, so that saving a form unchanged
 * keeps its dates. */
static void
test_display_round_trip (void)
{
  g_autofree char *shown = mamori_date_display ("2026-11-25");
  g_autofree char *back = mamori_date_parse_human (shown);
  g_autofree char *first = mamori_date_parse_human ("令和元年5月1日 (2019)");
  g_autofree char *trailing = mamori_date_parse_human ("令和8年11月25日 (2026) 頃");

  g_assert_cmpstr (back, ==, "2026-11-25");
  g_assert_cmpstr (first, ==, "2019-05-01");
  g_assert_null (trailing);
}

static void
test_timestamp (void)
{
  /* 15:30 UTC on 30 April 2019 is already 1 May 00:30 in Tokyo, the first hour of 令和: the
   * era is that of the local date, not of the UTC one. */
  g_autofree char *boundary = mamori_era_format_timestamp ("2019-04-30T15:30:00.000Z");
  g_autofree char *plain = mamori_era_format_timestamp ("2026-11-25T12:34:56.789Z");
  g_autofree char *bad = mamori_era_format_timestamp ("yesterday");

  g_assert_cmpstr (boundary, ==, "令和元年5月1日 00:30");
  g_assert_cmpstr (plain, ==, "令和8年11月25日 21:34");
  g_assert_null (bad);
  g_assert_null (mamori_era_format_timestamp (NULL));
}

/* The stored form of "now": UTC, milliseconds, and the present moment. */
static void
test_timestamp_now (void)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autofree char *now = mamori_timestamp_now ();
  g_autoptr(GDateTime) after = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (now, NULL);

  g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                                       "\\.[0-9]{3}Z$", now, 0, 0));
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_date_time_difference (parsed, before), >=, -1000);
  g_assert_cmpint (g_date_time_difference (after, parsed), >=, 0);
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  mt_add_func ("/era/first-year", test_first_year);
  mt_add_func ("/era/reiwa-boundary", test_reiwa_boundary);
  mt_add_func ("/era/heisei-boundary", test_heisei_boundary);
  mt_add_func ("/era/short-and-year-styles", test_short_and_year_styles);
  mt_add_func ("/era/fiscal-year-labels", test_fiscal_year_labels);
  mt_add_func ("/era/fiscal-year-of-date", test_fiscal_year_of_date);
  mt_add_func ("/era/parse-iso", test_parse_iso);
  mt_add_func ("/era/display", test_display);
  mt_add_func ("/era/display-round-trip", test_display_round_trip);
  mt_add_func ("/era/timestamp", test_timestamp);
  mt_add_func ("/era/timestamp-now", test_timestamp_now);

  return g_test_run ();
}
