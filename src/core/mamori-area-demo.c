/* mamori-area-demo.c — the managed areas of the sample ward
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Areas of the standard's area classes (the first of each three of the strictest class),
 * with their measures, permitted staff and contractors, some equipment of the inventory, and
 * an entry log of any length spread over the last weeks, oldest first, with a few defects of
 * each kind.  Names come from the [areas] group of data/sample/ward.ini; the same seed gives
 * the same areas.  Written through the audited core calls, with the checks computed once at
 * the end.
 */

#include "config.h"

#include "mamori-area-demo.h"
#include "mamori-area.h"
#include "mamori-era.h"
#include "mamori-reconcile.h"

#include <glib/gi18n.h>
#include <string.h>

typedef struct
{
  gint64  id;
  char   *name;
} DemoPerson;

typedef struct
{
  gint64    id;
  gboolean  top;
  GArray   *permits;    /* guint indexes into AreaDemo.holders */
} DemoArea;

typedef struct
{
  char     *name;
  char     *affiliation;
  char     *kind;
  char     *card;
  gint64    person_id;
} Holder;

typedef struct
{
  MamoriStore *store;
  GKeyFile    *ward;
  GRand       *rand;
  GArray      *people;    /* DemoPerson */
  GArray      *areas;     /* DemoArea */
  GPtrArray   *holders;   /* Holder */
  GStrv        purposes;
  GStrv        items;
  GStrv        contractors;
  char        *ward_name;  /* the affiliation of the ward's staff */
  GDate        today;
} AreaDemo;

static void
holder_free (Holder *h)
{
  g_free (h->name);
  g_free (h->affiliation);
  g_free (h->kind);
  g_free (h->card);
  g_free (h);
}

static const char *
pick (AreaDemo *d,
      GStrv     list)
{
  guint n = list ? g_strv_length (list) : 0;

  return n ? list[g_rand_int_range (d->rand, 0, n)] : "";
}

static GStrv
ward_list (AreaDemo   *d,
           const char *key)
{
  return g_key_file_get_string_list (d->ward, "areas", key, NULL, NULL);
}

static char *
day_iso (AreaDemo *d,
         int       days_ago)
{
  GDate date = d->today;

  g_date_subtract_days (&date, days_ago);
  return mamori_date_to_iso (g_date_get_year (&date), g_date_get_month (&date),
                             g_date_get_day (&date));
}

static gboolean
load_people (AreaDemo  *d,
             GError   **error)
{
  sqlite3_stmt *stmt = mamori_store_prepare (d->store, "SELECT id, name FROM people ORDER BY id",
                                             error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      DemoPerson p = { sqlite3_column_int64 (stmt, 0), g_strdup (mamori_column_text (stmt, 1)) };
      g_array_append_val (d->people, p);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static const DemoPerson *
random_person (AreaDemo *d)
{
  return &g_array_index (d->people, DemoPerson, g_rand_int_range (d->rand, 0, d->people->len));
}

/* The area classes of the active standard, strictest first. */
static GPtrArray *
area_classes (AreaDemo  *d,
              GError   **error)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mamori_store_prepare (d->store,
                                             "SELECT c.code FROM area_classes AS c JOIN standards "
                                             "AS s ON s.id = c.standard_id WHERE s.active = 1 "
                                             "ORDER BY c.rank", error);

  if (stmt == NULL)
    {
      g_ptr_array_unref (codes);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup (mamori_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return codes;
}

static gboolean
add_measures (AreaDemo    *d,
              gint64       area_id,
              const char  *class_code,
              gboolean     top,
              GError     **error)
{
  g_auto(GStrv) texts = ward_list (d, top ? "top-measures" : "other-measures");
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mamori_store_prepare (d->store,
                                             "SELECT m.code FROM area_measures AS m JOIN standards "
                                             "AS s ON s.id = m.standard_id WHERE s.active = 1 AND "
                                             "m.area_class = ? ORDER BY m.ordinal", error);

  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, class_code);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup (mamori_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  for (guint i = 0; i < codes->len && texts && i < g_strv_length (texts); i++)
    if (!mamori_area_set_measure (d->store, area_id, g_ptr_array_index (codes, i), texts[i],
                                  error))
      return FALSE;
  return TRUE;
}

/* Staff and contractors on the permitted list of a top-class area. */
static gboolean
add_permits (AreaDemo  *d,
             DemoArea  *area,
             GError   **error)
{
  g_autofree char *from = day_iso (d, 400);
  g_autofree char *lapsed = day_iso (d, 10);
  guint n = 6 + g_rand_int_range (d->rand, 0, 5);

  for (guint i = 0; i < n + 3; i++)
    {
      MamoriAreaPermit p = { 0 };
      Holder *h = g_new0 (Holder, 1);
      gboolean contractor = i >= n;
      gint64 id;
      gboolean ok;

      if (contractor)
        {
          const DemoPerson *someone = random_person (d);
          /* Contractors' staff take names like the ward's: a different person of that name. */
          h->name = g_strdup (someone->name);
          h->affiliation = g_strdup (pick (d, d->contractors));
          h->kind = g_strdup ("contractor");
          p.contract_number = g_strdup_printf ("委-%04u", g_rand_int_range (d->rand, 1, 400));
        }
      else
        {
          const DemoPerson *staff = random_person (d);
          h->name = g_strdup (staff->name);
          h->affiliation = g_strdup (d->ward_name);
          h->kind = g_strdup ("staff");
          h->person_id = staff->id;
        }
      h->card = g_strdup_printf ("C%06u", d->holders->len + 1);
      p.area_id = area->id;
      p.person_id = h->person_id;
      p.name = h->name;
      p.affiliation = h->affiliation;
      p.kind = h->kind;
      p.card_number = h->card;
      p.valid_from = from;
      /* One contractor's permit lapsed ten days ago: their later visits are flagged. */
      p.valid_to = contractor && i == n ? lapsed : NULL;
      ok = mamori_area_permit_insert (d->store, &p, &id, error);
      g_free (p.contract_number);
      if (!ok)
        {
          holder_free (h);
          return FALSE;
        }
      g_array_append_val (area->permits, d->holders->len);
      g_ptr_array_add (d->holders, h);
    }
  return TRUE;
}

static gboolean
add_area (AreaDemo    *d,
          guint        n,
          const char  *class_code,
          gboolean     top,
          GError     **error)
{
  g_auto(GStrv) names = ward_list (d, top ? "top-names" : "other-names");
  g_auto(GStrv) buildings = ward_list (d, "buildings");
  g_auto(GStrv) floors = ward_list (d, "floors");
  const DemoPerson *officer = random_person (d);
  MamoriArea a = { 0 };
  DemoArea area = { 0, top, g_array_new (FALSE, FALSE, sizeof (guint)) };
  gboolean ok;

  a.code = g_strdup_printf ("R%03u", n);
  a.name = g_strdup_printf ("%s%s", pick (d, names), n > 10 ? a.code : "");
  a.class_code = (char *)class_code;
  a.building = (char *)pick (d, buildings);
  a.floor = (char *)pick (d, floors);
  a.room = g_strdup_printf ("%u%02u", g_rand_int_range (d->rand, 1, 8), n % 100);
  a.officer_id = officer->id;
  a.section_id = mamori_store_query_int (d->store, "SELECT section_id FROM people "
                                                   "WHERE section_id IS NOT NULL LIMIT 1", 0);
  a.designated_on = day_iso (d, 365 + g_rand_int_range (d->rand, 0, 700));
  ok = mamori_area_insert (d->store, &a, &area.id, error) &&
       add_measures (d, area.id, class_code, top, error) &&
       (!top || add_permits (d, &area, error));
  g_free (a.code);
  g_free (a.name);
  g_free (a.room);
  g_free (a.designated_on);
  g_array_append_val (d->areas, area);
  return ok;
}

/* Some equipment of the inventory is kept in the areas. */
static gboolean
place_assets (AreaDemo  *d,
              GError   **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = mamori_store_prepare (d->store,
                                             "SELECT id FROM assets WHERE kind IN ('equipment', "
                                             "'medium') ORDER BY id LIMIT ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, d->areas->len * 4);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < ids->len; i++)
    {
      DemoArea *area = &g_array_index (d->areas, DemoArea, i % d->areas->len);

      if (!mamori_area_add_asset (d->store, area->id, g_array_index (ids, gint64, i), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_entry (AreaDemo    *d,
           DemoArea    *area,
           const char  *day,
           int          minute,
           GError     **error)
{
  MamoriAreaEntry e = { 0 };
  const Holder *h = NULL;
  int stay = 15 + g_rand_int_range (d->rand, 0, 180);
  int r = g_rand_int_range (d->rand, 0, 1000);
  g_autofree char *entered = NULL, *left = NULL, *name = NULL, *affiliation = NULL;
  gboolean ok;

  if (area->permits->len > 0 && r < 900)
    h = g_ptr_array_index (d->holders,
                           g_array_index (area->permits, guint,
                                          g_rand_int_range (d->rand, 0, area->permits->len)));

  entered = g_strdup_printf ("%sT%02d:%02d", day, minute / 60, minute % 60);
  minute = MIN (minute + stay, 23 * 60 + 59);
  left = g_strdup_printf ("%sT%02d:%02d", day, minute / 60, minute % 60);

  e.area_id = area->id;
  if (h != NULL)
    {
      e.person_id = h->person_id;
      e.name = h->name;
      e.kind = h->kind;
      e.card_number = h->card;
      affiliation = g_strdup (h->affiliation);
    }
  else
    {
      /* A visitor, or staff of another section in an area without a permitted list. */
      const DemoPerson *visitor = random_person (d);

      name = g_strdup (visitor->name);
      e.name = name;
      e.kind = area->top ? (char *)"other" : (char *)"staff";
      e.person_id = area->top ? 0 : visitor->id;
      affiliation = g_strdup (area->top ? pick (d, d->contractors) : d->ward_name);
    }
  e.affiliation = affiliation;
  e.purpose = (char *)pick (d, d->purposes);
  e.entered_at = entered;
  /* A few defects of each kind, so that a sample ward has something to reconcile. */
  e.left_at = g_rand_int_range (d->rand, 0, 1000) < 8 ? NULL : left;
  if (g_strcmp0 (e.kind, "staff") != 0)
    {
      e.escort_id = g_rand_int_range (d->rand, 0, 100) < 96 ? random_person (d)->id : 0;
      e.id_checked = g_rand_int_range (d->rand, 0, 100) < 97;
    }
  if (g_rand_int_range (d->rand, 0, 100) < 5)
    {
      e.items = (char *)pick (d, d->items);
      e.unissued_media = g_rand_int_range (d->rand, 0, 100) < 10;
    }
  if (g_rand_int_range (d->rand, 0, 1000) < 3)
    e.purpose = (char *)"";
  ok = mamori_area_entry_insert (d->store, &e, NULL, error);
  return ok;
}

static gboolean
add_move (AreaDemo    *d,
          DemoArea    *area,
          const char  *day,
          GError     **error)
{
  MamoriAreaMove m = { 0 };
  g_autofree char *at = g_strdup_printf ("%sT%02d:%02d", day, 9 + g_rand_int_range (d->rand, 0, 8),
                                         g_rand_int_range (d->rand, 0, 60));

  m.area_id = area->id;
  m.direction = g_rand_boolean (d->rand) ? (char *)"in" : (char *)"out";
  m.moved_at = at;
  m.item = (char *)pick (d, d->items);
  m.is_medium = g_rand_int_range (d->rand, 0, 100) < 30;
  m.issued = !m.is_medium || g_rand_int_range (d->rand, 0, 100) < 95;
  m.carried_by = (char *)pick (d, d->contractors);
  m.witness_id = g_rand_int_range (d->rand, 0, 100) < 95 ? random_person (d)->id : 0;
  return mamori_area_move_insert (d->store, &m, NULL, error);
}

/* The entry log, oldest day first: about @total entries over the last weeks. */
static gboolean
build_log (AreaDemo                *d,
           guint64                  total,
           MamoriAreaDemoProgress   progress,
           gpointer                 progress_data,
           GCancellable            *cancellable,
           GError                 **error)
{
  /* A few weeks at least; at most some fifty visits an area a working day. */
  guint days = MAX (42, (guint)(total / (d->areas->len * 50) + 1));
  guint64 written = 0;

  for (guint day = days; day >= 1 && written < total; day--)
    {
      g_autofree char *iso = day_iso (d, day);
      guint64 left = total - written;
      guint64 today = day == 1 ? left : (left + day - 1) / day;

      for (guint64 k = 0; k < today; k++)
        {
          DemoArea *area = &g_array_index (d->areas, DemoArea,
                                           g_rand_int_range (d->rand, 0, d->areas->len));
          int minute = 8 * 60 + (int)(k * 600 / MAX (today, 1));

          if (!add_entry (d, area, iso, minute, error))
            return FALSE;
          if (++written % 50 == 0 && !add_move (d, area, iso, error))
            return FALSE;
          if (written % 20000 == 0)
            {
              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                return FALSE;
              if (progress)
                progress ((double)written / total, progress_data);
            }
        }
    }
  return TRUE;
}

/**
 * mamori_area_demo_build:
 * @rand: the sample ward's generator
 * @n_areas: how many areas
 * @n_entries: how many entries of the log, over them all
 *
 * Adds the areas of the sample ward.  Runs inside the caller's transaction, after the
 * organisation and the inventory are built.
 */
gboolean
mamori_area_demo_build (MamoriStore             *store,
                        GKeyFile                *ward,
                        GRand                   *rand,
                        guint                    n_areas,
                        guint64                  n_entries,
                        MamoriAreaDemoProgress   progress,
                        gpointer                 progress_data,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  AreaDemo d = { store, ward, rand };
  g_autoptr(GPtrArray) classes = NULL;
  gboolean ok = FALSE;

  if (n_areas == 0)
    return TRUE;
  g_date_set_time_t (&d.today, time (NULL));
  d.people = g_array_new (FALSE, FALSE, sizeof (DemoPerson));
  d.areas = g_array_new (FALSE, FALSE, sizeof (DemoArea));
  d.holders = g_ptr_array_new_with_free_func ((GDestroyNotify)holder_free);
  d.purposes = ward_list (&d, "purposes");
  d.items = ward_list (&d, "items");
  d.contractors = ward_list (&d, "contractors");
  d.ward_name = g_key_file_get_string (ward, "ward", "name", NULL);
  if (d.ward_name == NULL)
    d.ward_name = g_strdup ("");

  classes = area_classes (&d, error);
  if (classes == NULL || !load_people (&d, error))
    goto out;
  if (classes->len == 0 || d.people->len == 0)
    {
      ok = TRUE;
      goto out;
    }
  for (guint i = 0; i < n_areas; i++)
    {
      /* The first of each three is of the strictest class. */
      guint c = i % 3 == 0 || classes->len == 1 ? 0 : 1 + i % (classes->len - 1);

      if (!add_area (&d, i + 1, g_ptr_array_index (classes, c), c == 0, error))
        goto out;
    }
  if (!place_assets (&d, error))
    goto out;

  /* Known to be valid: check them once, at the end. */
  mamori_store_set_bulk (store, TRUE);
  ok = build_log (&d, n_entries, progress, progress_data, cancellable, error);
  mamori_store_set_bulk (store, FALSE);
  ok = ok && mamori_reconcile_refresh (store, 0, 0, error);

out:
  for (guint i = 0; i < d.people->len; i++)
    g_free (g_array_index (d.people, DemoPerson, i).name);
  for (guint i = 0; i < d.areas->len; i++)
    g_array_unref (g_array_index (d.areas, DemoArea, i).permits);
  g_array_unref (d.people);
  g_array_unref (d.areas);
  g_ptr_array_unref (d.holders);
  g_strfreev (d.purposes);
  g_strfreev (d.items);
  g_strfreev (d.contractors);
  g_free (d.ward_name);
  return ok;
}
