/* mamori-era.h — Japanese era (和暦) dates and fiscal years (年度)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MamoriEra MamoriEra;

struct _MamoriEra
{
  const char *name;       /* 令和 */
  const char *romaji;     /* Reiwa */
  const char *letter;     /* R, as in JIS X 0301 */
  int         start_year; /* first day of the era, Gregorian */
  int         start_month;
  int         start_day;
};

typedef enum
{
  MAMORI_ERA_STYLE_LONG,   /* 令和8年11月25日 */
  MAMORI_ERA_STYLE_SHORT,  /* R8.11.25 (JIS X 0301) */
  MAMORI_ERA_STYLE_YEAR,   /* 令和8年 */
} MamoriEraStyle;

gboolean         mamori_date_is_valid         (int y, int m, int d);
gboolean         mamori_date_parse_iso        (const char *iso, int *y, int *m, int *d);
char            *mamori_date_to_iso           (int y, int m, int d);
char            *mamori_date_today_iso        (void);

const MamoriEra *mamori_era_for_date          (int y, int m, int d, int *era_year);
char            *mamori_era_format            (int y, int m, int d, MamoriEraStyle style);
char            *mamori_era_format_iso        (const char *iso, MamoriEraStyle style);
char            *mamori_era_format_timestamp  (const char *iso_timestamp);
char            *mamori_date_display          (const char *iso);
gboolean         mamori_era_parse             (const char *text, int *y, int *m, int *d);
char            *mamori_date_parse_human      (const char *text);

int              mamori_fiscal_year_for_date  (int y, int m, int d);
int              mamori_fiscal_year_current   (void);
char            *mamori_fiscal_year_label     (int fiscal_year);
char            *mamori_fiscal_year_start_iso (int fiscal_year);
char            *mamori_fiscal_year_end_iso   (int fiscal_year);

G_END_DECLS
