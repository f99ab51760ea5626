/* mamori-demo.c — a realistic fictional ward to explore and to measure with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds the sample ward of data/sample/ward.ini: departments and sections, their people and
 * roles, three fiscal years and an inventory of any size, all through the same audited core
 * calls a person's edits go through, in one transaction.  The same seed gives the same ward.
 * Classes and criteria come from the loaded standard.
 */

#include "config.h"

#include "mamori-demo.h"
#include "mamori-area-demo.h"
#include "mamori-asset.h"
#include "mamori-contract-demo.h"
#include "mamori-era.h"
#include "mamori-inspection-private.h"
#include "mamori-org.h"
#include "mamori-rules.h"
#include "mamori-standard.h"
#include "mamori-text.h"

#include <glib/gi18n.h>
#include <string.h>
#include <time.h>

#define WARD_RESOURCE "/io/github/mamori/Mamori/core/sample/ward.ini"

typedef struct
{
  gint64  id;
  char   *name;
  char   *work;     /* the business: the name without its 課/室/… */
} DemoSection;

typedef struct
{
  MamoriStore             *store;
  const MamoriDemoOptions *options;
  GKeyFile                *ward;
  GRand                   *rand;
  GArray                  *sections;  /* DemoSection */
  GHashTable              *departments; /* name → id */
  GStrv                    surnames;
  GStrv                    given_names;
  char                    *top_class;
  GStrv                    top_criteria;
  GPtrArray               *other_classes;
  GStrv                    storage;
  GStrv                    media;
  GHashTable              *names_by_kind; /* kind → GStrv */
  GDate                    today;
  int                      staff_no;
} Demo;

static void
demo_section_clear (gpointer data)
{
  DemoSection *s = data;

  g_free (s->name);
  g_free (s->work);
}

void
mamori_demo_options_init (MamoriDemoOptions *options)
{
  memset (options, 0, sizeof *options);
  options->sections = MAMORI_DEMO_DEFAULT_SECTIONS;
  options->assets = MAMORI_DEMO_DEFAULT_ASSETS;
  options->areas = MAMORI_DEMO_DEFAULT_AREAS;
  options->entries = MAMORI_DEMO_DEFAULT_ENTRIES;
  options->seed = MAMORI_DEMO_DEFAULT_SEED;
  options->inspection_years = MAMORI_DEMO_DEFAULT_INSPECTION_YEARS;
  options->contracts = MAMORI_DEMO_DEFAULT_CONTRACTS;
}

static void
progress (Demo       *demo,
          double      fraction,
          const char *what)
{
  if (demo->options->progress)
    demo->options->progress (fraction, what, demo->options->progress_data);
}

/* "名前:よみ" → name and kana. */
static void
split_pair (const char  *pair,
            char       **name,
            char       **kana)
{
  const char *colon = strchr (pair, ':');

  *name = colon ? g_strndup (pair, colon - pair) : g_strdup (pair);
  *kana = g_strdup (colon ? colon + 1 : "");
}

static const char *
pick (Demo         *demo,
      char * const *list)
{
  guint n = g_strv_length ((GStrv)list);

  return n ? list[g_rand_int_range (demo->rand, 0, n)] : "";
}

static char *
work_of (const char *section_name)
{
  static const char *suffixes[] = { "担当課", "課", "室", "事務所" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (section_name, suffixes[i]) &&
        strlen (section_name) > strlen (suffixes[i]))
      return g_strndup (section_name, strlen (section_name) - strlen (suffixes[i]));
  return g_strdup (section_name);
}

static gboolean
add_person (Demo         *demo,
            gint64        section_id,
            const char   *title,
            gint64       *out_id,
            GError      **error)
{
  g_autofree char *sur = NULL, *sur_kana = NULL, *given = NULL, *given_kana = NULL;
  g_autofree char *name = NULL, *kana = NULL, *staff_no = NULL;

  split_pair (pick (demo, demo->surnames), &sur, &sur_kana);
  split_pair (pick (demo, demo->given_names), &given, &given_kana);
  name = g_strdup_printf ("%s %s", sur, given);
  kana = g_strdup_printf ("%s %s", sur_kana, given_kana);
  staff_no = g_strdup_printf ("%06d", ++demo->staff_no);
  return mamori_org_add_person (demo->store, staff_no, name, kana, title, section_id, out_id,
                                error);
}

static gboolean
add_department (Demo        *demo,
                const char  *group,
                guint        index,
                GError     **error)
{
  g_autofree char *pair = g_key_file_get_string (demo->ward, group, "name", NULL);
  g_autofree char *name = NULL, *kana = NULL, *code = NULL;
  gint64 id;

  split_pair (pair ? pair : group, &name, &kana);
  code = g_strdup_printf ("%02u0000", index);
  if (!mamori_org_add_section (demo->store, code, name, kana, 0, &id, error))
    return FALSE;
  g_hash_table_insert (demo->departments, g_strdup (name), GINT_TO_POINTER ((int)id));
  return TRUE;
}

static gboolean
add_section (Demo        *demo,
             gint64       department_id,
             const char  *name,
             const char  *kana,
             const char  *code,
             GError     **error)
{
  DemoSection s = { 0 };

  if (!mamori_org_add_section (demo->store, code, name, kana, department_id, &s.id, error))
    return FALSE;
  s.name = g_strdup (name);
  s.work = work_of (name);
  g_array_append_val (demo->sections, s);
  return TRUE;
}

/* Departments and their sections from the ward file, then facilities until there are
 * enough. */
static gboolean
build_sections (Demo    *demo,
                GError **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (demo->ward, NULL);
  g_auto(GStrv) places = g_key_file_get_string_list (demo->ward, "ward", "facility-places", NULL, NULL);
  g_auto(GStrv) kinds = g_key_file_get_string_list (demo->ward, "ward", "facility-kinds", NULL, NULL);
  guint dept_index = 0;
  GHashTable *per_dept = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint g = 0; groups[g] && demo->sections->len < demo->options->sections; g++)
    {
      g_auto(GStrv) sections = NULL;
      gint64 dept_id;
      guint n = 0;

      if (!g_str_has_prefix (groups[g], "department "))
        continue;
      if (!add_department (demo, groups[g], ++dept_index, error))
        goto fail;
      dept_id = mamori_store_query_int (demo->store, "SELECT max (id) FROM sections "
                                                     "WHERE level = 'department'", 0);
      sections = g_key_file_get_string_list (demo->ward, groups[g], "sections", NULL, NULL);
      for (guint i = 0; sections && sections[i]; i++)
        {
          g_autofree char *name = NULL, *kana = NULL, *code = NULL;

          if (demo->sections->len >= demo->options->sections)
            break;
          split_pair (sections[i], &name, &kana);
          code = g_strdup_printf ("%02u%02u00", dept_index, ++n);
          if (!add_section (demo, dept_id, name, kana, code, error))
            goto fail;
        }
      g_hash_table_insert (per_dept, GINT_TO_POINTER ((int)dept_id), GUINT_TO_POINTER (n));
    }

  /* Facilities: each place gets each kind in turn; past the list, numbered branches. */
  for (guint round = 0; demo->sections->len < demo->options->sections; round++)
    for (guint p = 0; places && places[p] && demo->sections->len < demo->options->sections; p++)
      for (guint k = 0; kinds && kinds[k] && demo->sections->len < demo->options->sections; k++)
        {
          g_auto(GStrv) kind_dept = g_strsplit (kinds[k], "@", 2);
          g_autofree char *name = NULL, *code = NULL;
          gint64 dept_id = GPOINTER_TO_INT (g_hash_table_lookup (demo->departments,
                                                                 kind_dept[1] ? kind_dept[1] : ""));
          guint n;

          if (dept_id == 0)
            continue;
          n = GPOINTER_TO_UINT (g_hash_table_lookup (per_dept, GINT_TO_POINTER ((int)dept_id))) + 1;
          g_hash_table_insert (per_dept, GINT_TO_POINTER ((int)dept_id), GUINT_TO_POINTER (n));
          name = round == 0 ? g_strdup_printf ("%s%s", places[p], kind_dept[0])
                            : g_strdup_printf ("%s第%u%s", places[p], round + 1, kind_dept[0]);
          code = g_strdup_printf ("%02" G_GINT64_FORMAT "%04u", dept_id, n);
          if (!add_section (demo, dept_id, name, "", code, error))
            goto fail;
        }

  g_hash_table_unref (per_dept);
  return TRUE;

fail:
  g_hash_table_unref (per_dept);
  return FALSE;
}

static gboolean
build_people (Demo    *demo,
              GError **error)
{
  g_auto(GStrv) titles = g_key_file_get_string_list (demo->ward, "ward", "section-titles", NULL, NULL);
  g_auto(GStrv) sysadmins = g_key_file_get_string_list (demo->ward, "ward", "system-admin-sections", NULL, NULL);
  g_autofree char *nw_section = g_key_file_get_string (demo->ward, "ward", "network-admin-section", NULL);
  const char *heads[][2] = {
    { "chief-department", "chief-title" },
    { "coordinator-department", "coordinator-title" },
  };
  const char *head_functions[] = { "chief", "coordinator" };

  for (guint h = 0; h < G_N_ELEMENTS (heads); h++)
    {
      g_autofree char *dept = g_key_file_get_string (demo->ward, "ward", heads[h][0], NULL);
      g_autofree char *title = g_key_file_get_string (demo->ward, "ward", heads[h][1], NULL);
      gint64 dept_id = GPOINTER_TO_INT (g_hash_table_lookup (demo->departments, dept ? dept : ""));
      gint64 person;

      if (dept_id == 0)
        continue;
      if (!add_person (demo, dept_id, title, &person, error) ||
          !mamori_org_assign_role (demo->store, person, head_functions[h], 0, error))
        return FALSE;
    }

  for (guint i = 0; i < demo->sections->len; i++)
    {
      DemoSection *s = &g_array_index (demo->sections, DemoSection, i);
      guint n = 3 + g_rand_int_range (demo->rand, 0, 4);

      for (guint t = 0; titles && titles[t] && t < n; t++)
        {
          gint64 person;
          const char *function = t == 0 ? "section-officer" : "staff";

          if (!add_person (demo, s->id, titles[t], &person, error) ||
              !mamori_org_assign_role (demo->store, person, function, t == 0 ? s->id : 0, error))
            return FALSE;
          if (t == 0 && g_strcmp0 (s->name, nw_section) == 0 &&
              !mamori_org_assign_role (demo->store, person, "network-admin", 0, error))
            return FALSE;
          if (t == 1 && sysadmins && g_strv_contains ((const char * const *)sysadmins, s->name) &&
              !mamori_org_assign_role (demo->store, person, "system-admin", 0, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_classes (Demo    *demo,
              GError **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) criteria = g_ptr_array_new_with_free_func (g_free);

  demo->other_classes = g_ptr_array_new_with_free_func (g_free);
  stmt = mamori_store_prepare (demo->store,
                               "SELECT c.code FROM classification_classes AS c JOIN standards AS s "
                               "ON s.id = c.standard_id WHERE s.active = 1 ORDER BY c.rank", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (demo->top_class == NULL)
        demo->top_class = g_strdup (mamori_column_text (stmt, 0));
      else
        g_ptr_array_add (demo->other_classes, g_strdup (mamori_column_text (stmt, 0)));
    }
  sqlite3_reset (stmt);

  stmt = mamori_store_prepare (demo->store,
                               "SELECT k.code FROM classification_criteria AS k JOIN standards AS s "
                               "ON s.id = k.standard_id WHERE s.active = 1 AND k.class_code = ? "
                               "ORDER BY k.ordinal", error);
  if (stmt == NULL)
    return FALSE;
  mamori_bind_text (stmt, 1, demo->top_class);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (criteria, g_strdup (mamori_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  g_ptr_array_add (criteria, NULL);
  demo->top_criteria = (GStrv)g_ptr_array_steal (criteria, NULL);

  if (demo->top_class == NULL || demo->other_classes->len == 0)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("The loaded standard defines fewer than two classes; a sample inventory "
                     "cannot be made."));
      return FALSE;
    }
  return TRUE;
}

static char *
expand (const char *pattern,
        const char *work,
        guint64     n,
        const char *year)
{
  g_autofree char *num = g_strdup_printf ("%05" G_GUINT64_FORMAT, n);
  GString *s = g_string_new (pattern);

  g_string_replace (s, "{work}", work, 0);
  g_string_replace (s, "{n}", num, 0);
  g_string_replace (s, "{year}", year, 0);
  return g_string_free (s, FALSE);
}

static char *
random_date (Demo *demo,
             int   days_back_max)
{
  GDate then = demo->today;

  g_date_subtract_days (&then, g_rand_int_range (demo->rand, 0, days_back_max + 1));
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&then), g_date_get_month (&then),
                          g_date_get_day (&then));
}

static char *
random_criteria (Demo *demo)
{
  guint n = g_strv_length (demo->top_criteria);
  GString *s = g_string_new (NULL);

  if (n == 0)
    return g_string_free (s, FALSE);
  for (guint i = 0; i < n; i++)
    if (g_rand_int_range (demo->rand, 0, 100) < 30)
      g_string_append_printf (s, "%s%s", s->len ? "," : "", demo->top_criteria[i]);
  if (s->len == 0)
    g_string_append (s, demo->top_criteria[g_rand_int_range (demo->rand, 0, n)]);
  return g_string_free (s, FALSE);
}

static gboolean
add_asset (Demo      *demo,
           guint64    n,
           char     **kind_names,
           GError   **error)
{
  DemoSection *s = &g_array_index (demo->sections, DemoSection,
                                   g_rand_int_range (demo->rand, 0, demo->sections->len));
  MamoriAssetRecord r = { 0 };
  g_autofree char *year = mamori_fiscal_year_label (g_date_get_year (&demo->today)
                                                    - g_rand_int_range (demo->rand, 0, 5));
  const char *kind = kind_names[g_rand_int_range (demo->rand, 0, g_strv_length (kind_names))];
  gboolean top = g_rand_int_range (demo->rand, 0, 100) < 35;
  char **names = g_hash_table_lookup (demo->names_by_kind, kind);
  gboolean ok;

  r.code = g_strdup_printf ("A%08" G_GUINT64_FORMAT, n);
  r.name = expand (names ? pick (demo, names) : kind, s->work, n, year);
  r.description = g_strdup_printf ("%s作成。", year);
  r.kind = g_strdup (kind);
  r.owner_section_id = s->id;
  r.class_code = g_strdup (top ? demo->top_class
                               : (char *)g_ptr_array_index (demo->other_classes,
                                   g_rand_int_range (demo->rand, 0, demo->other_classes->len)));
  r.criteria = top ? random_criteria (demo) : g_strdup ("");
  r.medium = g_strdup (pick (demo, demo->media));
  r.storage_place = expand (pick (demo, demo->storage), s->work, n % 20 + 1, year);
  /* A small share of records break a rule, so that a sample ward has something to fix. */
  r.lockable = top ? (g_rand_int_range (demo->rand, 0, 100) < 96 ? MAMORI_YES : MAMORI_NO)
                   : MAMORI_UNKNOWN;
  r.finalised = g_rand_boolean (demo->rand) ? MAMORI_YES : MAMORI_NO;
  r.write_protected = r.finalised == MAMORI_YES
                      ? (g_rand_int_range (demo->rand, 0, 100) < 97 ? MAMORI_YES : MAMORI_NO)
                      : MAMORI_UNKNOWN;
  r.marking = g_strdup_printf ("M%03u", g_rand_int_range (demo->rand, 1, 1000));
  if (top && (g_str_equal (kind, "electronic") || g_str_equal (kind, "design-doc")))
    {
      static const int cycles[] = { 1, 7, 30, 90 };
      r.backup_cycle_days = cycles[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (cycles))];
      r.last_backup_on = random_date (demo, r.backup_cycle_days + r.backup_cycle_days / 10);
    }
  r.registered_on = random_date (demo, 5 * 365);

  ok = mamori_asset_insert (demo->store, &r, NULL, error);
  mamori_asset_record_clear (&r);
  return ok;
}

static gboolean
build_assets (Demo          *demo,
              GCancellable  *cancellable,
              GError       **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (demo->ward, "assets", NULL, NULL);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  guint64 total = demo->options->assets;

  for (guint i = 0; mamori_asset_kinds[i]; i++)
    if (keys && g_strv_contains ((const char * const *)keys, mamori_asset_kinds[i]))
      {
        g_ptr_array_add (kinds, (gpointer)mamori_asset_kinds[i]);
        g_hash_table_insert (demo->names_by_kind, (gpointer)mamori_asset_kinds[i],
                             g_key_file_get_string_list (demo->ward, "assets",
                                                         mamori_asset_kinds[i], NULL, NULL));
      }
  g_ptr_array_add (kinds, NULL);
  demo->storage = g_key_file_get_string_list (demo->ward, "assets", "storage", NULL, NULL);
  demo->media = g_key_file_get_string_list (demo->ward, "assets", "media", NULL, NULL);

  for (guint64 n = 1; n <= total; n++)
    {
      if (!add_asset (demo, n, (char **)kinds->pdata, error))
        return FALSE;
      if (n % 10000 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          progress (demo, 0.2 + 0.75 * n / total, _("Registering assets"));
        }
    }
  return TRUE;
}

static gboolean
build (Demo          *demo,
       GCancellable  *cancellable,
       GError       **error)
{
  int fy = mamori_fiscal_year_current ();
  g_autofree char *ward_name = NULL;
  gboolean ok;

  progress (demo, 0.0, _("Creating sections"));
  if (!build_sections (demo, error))
    return FALSE;
  progress (demo, 0.1, _("Creating people and roles"));
  if (!build_people (demo, error))
    return FALSE;
  for (int y = fy - 2; y <= fy; y++)
    if (!mamori_org_ensure_fiscal_year (demo->store, y, error))
      return FALSE;
  if (!load_classes (demo, error))
    return FALSE;
  /* The records are known to be valid: index and check them once, at the end. */
  if (!mamori_asset_bulk_begin (demo->store, error))
    return FALSE;
  ok = build_assets (demo, cancellable, error);
  mamori_store_set_bulk (demo->store, FALSE);
  if (!ok)
    return FALSE;
  progress (demo, 0.97, _("Indexing for search"));
  if (!mamori_asset_bulk_end (demo->store, error) ||
      !mamori_area_demo_build (demo->store, demo->ward, demo->rand, demo->options->areas,
                               demo->options->entries, NULL, NULL, cancellable, error) ||
      !mamori_inspection_demo_build (demo->store, demo->rand, demo->options->inspection_years,
                                     error))
    return FALSE;
  if (!mamori_contract_demo_build (demo->store, demo->ward, demo->rand, demo->options->contracts,
                                   cancellable, error))
    return FALSE;

  ward_name = g_key_file_get_string (demo->ward, "ward", "name", NULL);
  return mamori_store_set_setting (demo->store, "organisation-name", ward_name, error) &&
         mamori_store_set_setting (demo->store, "sample-ward", "1", error);
}

static gboolean
check_empty (MamoriStore  *store,
             GError      **error)
{
  if (mamori_org_count (store, "sections") + mamori_org_count (store, "departments") > 0)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("The database “%s” already holds an organisation; a sample ward is built "
                     "only in an empty database."), mamori_store_get_path (store));
      return FALSE;
    }
  return TRUE;
}

/**
 * mamori_demo_build:
 *
 * Builds the sample ward in an empty database, whole or not at all.  Loads the built-in
 * standard first if none is loaded.
 */
gboolean
mamori_demo_build (MamoriStore              *store,
                   const MamoriDemoOptions  *options,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  Demo demo = { store, options };
  gboolean ok = FALSE;

  if (options->sections == 0)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("A sample ward needs at least one section."));
      return FALSE;
    }
  if (!check_empty (store, error))
    return FALSE;
  if (!mamori_standard_ensure_loaded (store, error))
    return FALSE;

  bytes = g_resources_lookup_data (WARD_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  demo.ward = g_key_file_new ();
  g_key_file_set_list_separator (demo.ward, ';');
  if (!g_key_file_load_from_bytes (demo.ward, bytes, G_KEY_FILE_NONE, error))
    goto out;

  demo.rand = g_rand_new_with_seed (options->seed);
  demo.sections = g_array_new (FALSE, TRUE, sizeof (DemoSection));
  g_array_set_clear_func (demo.sections, demo_section_clear);
  demo.departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo.surnames = g_key_file_get_string_list (demo.ward, "ward", "surnames", NULL, NULL);
  demo.given_names = g_key_file_get_string_list (demo.ward, "ward", "given-names", NULL, NULL);
  demo.names_by_kind = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify)g_strfreev);
  g_date_set_time_t (&demo.today, time (NULL));

  /* A big ward is written in one transaction: keep its pages in memory rather than spill
   * them to the WAL again and again (at most 256 MiB). */
  if (!mamori_store_exec (store, "PRAGMA cache_size = -262144", error))
    goto out;

  if (!mamori_store_begin (store, error))
    goto out;
  /* Another program may have built a ward while this one waited for the write lock: ask
   * again now that nobody else can write. */
  /* Same seed, same ward: uuids included. */
  mamori_store_set_uuid_source (store, demo.rand);
  if (check_empty (store, error) && build (&demo, cancellable, error))
    ok = mamori_store_commit (store, error);
  if (!ok && mamori_store_in_transaction (store))
    mamori_store_rollback (store);
  if (ok)
    progress (&demo, 1.0, _("Done"));

out:
  mamori_store_set_uuid_source (store, NULL);
  g_clear_pointer (&demo.ward, g_key_file_free);
  g_clear_pointer (&demo.rand, g_rand_free);
  g_clear_pointer (&demo.sections, g_array_unref);
  g_clear_pointer (&demo.departments, g_hash_table_unref);
  g_clear_pointer (&demo.surnames, g_strfreev);
  g_clear_pointer (&demo.given_names, g_strfreev);
  g_clear_pointer (&demo.top_class, g_free);
  g_clear_pointer (&demo.top_criteria, g_strfreev);
  g_clear_pointer (&demo.other_classes, g_ptr_array_unref);
  g_clear_pointer (&demo.names_by_kind, g_hash_table_unref);
  g_clear_pointer (&demo.storage, g_strfreev);
  g_clear_pointer (&demo.media, g_strfreev);
  mamori_store_exec (store, "PRAGMA cache_size = -2000", NULL);
  return ok;
}

/* Async, on a worker with its own connection ------------------------------------------------ */

typedef struct
{
  char              *path;
  MamoriDemoOptions  options;
} DemoTask;

static void
demo_task_free (gpointer data)
{
  DemoTask *t = data;

  g_free (t->path);
  g_free (t);
}

static void
demo_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DemoTask *t = task_data;
  g_autoptr(MamoriStore) store = NULL;
  GError *error = NULL;

  store = mamori_store_open (t->path, MAMORI_STORE_OPEN_DEFAULT, &error);
  if (store == NULL || !mamori_demo_build (store, &t->options, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * mamori_demo_build_async:
 * @db_path: the database to build in; the worker opens its own connection
 *
 * Builds the sample ward on a worker thread.  The options' progress function, if any, is
 * called on that thread: marshal to the main loop yourself.
 */
void
mamori_demo_build_async (const char              *db_path,
                         const MamoriDemoOptions *options,
                         GCancellable            *cancellable,
                         GAsyncReadyCallback      callback,
                         gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  DemoTask *t = g_new0 (DemoTask, 1);

  t->path = g_strdup (db_path);
  t->options = *options;
  g_task_set_source_tag (task, mamori_demo_build_async);
  g_task_set_task_data (task, t, demo_task_free);
  g_task_run_in_thread (task, demo_thread);
}

gboolean
mamori_demo_build_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
