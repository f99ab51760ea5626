/* test-org-demo.c — the organisation, and the sample ward built from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <string.h>

typedef struct
{
  char        *dir;
  MamoriStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = mt_tmpdir_new ();
  f->store = mt_store_new (f->dir, "t.db");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  mt_tmpdir_free (f->dir);
}

#define ADD(path, func) \
  MT_ADD (path, Fixture, fixture_set_up, func, fixture_tear_down)

static char *
fingerprint (Fixture *f)
{
  return mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);
}

/* The organisation ------------------------------------------------------------------------ */

static void
test_section_needs_code_and_name (Fixture       *f,
                                  gconstpointer  data)
{
  static const char *bad[][2] = {
    { NULL, "総務部" }, { "", "総務部" }, { "  ", "総務部" },
    { "010000", NULL }, { "010000", "" }, { "010000", "\u3000" },
  };
  g_autofree char *before = fingerprint (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      gint64 id = -1;

      g_assert_false (mamori_org_add_section (f->store, bad[i][0], bad[i][1], NULL, 0, &id,
                                              &error));
      g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
      g_assert_cmpint (id, ==, -1);
      after = fingerprint (f);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_unique_code (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 dept = 0;

  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", NULL, 0, &dept, &error));
  g_assert_true (mamori_org_add_section (f->store, "010100", "総務課", NULL, dept, NULL, &error));
  g_assert_no_error (error);
  before = fingerprint (f);

  g_assert_false (mamori_org_add_section (f->store, "010100", "人事課", NULL, dept, NULL, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  /* The message says which rule, in words, naming the code. */
  g_assert_nonnull (strstr (error->message, "010100"));
  g_assert_null (strstr (error->message, "UNIQUE"));
  g_assert_false (mamori_store_in_transaction (f->store));

  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);

  /* A unique staff number likewise. */
  g_clear_error (&error);
  g_assert_true (mamori_org_add_person (f->store, "000001", "佐藤 花子", NULL, NULL, 0, NULL,
                                        &error));
  g_clear_pointer (&before, g_free);
  before = fingerprint (f);
  g_assert_false (mamori_org_add_person (f->store, "000001", "鈴木 太郎", NULL, NULL, 0, NULL,
                                         &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT);
  g_clear_pointer (&after, g_free);
  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_department_has_no_parent (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *level = NULL;
  g_autofree char *section_level = NULL;
  gint64 dept = 0, section = 0;
  char *message = NULL;

  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", NULL, 0, &dept, &error));
  g_assert_true (mamori_org_add_section (f->store, "010100", "総務課", NULL, dept, &section,
                                         &error));
  g_assert_no_error (error);

  level = mt_sqlite_text (mamori_store_get_db (f->store),
                          "SELECT level || ':' || coalesce (parent_id, 'none') FROM sections "
                          "WHERE code = '010000'");
  g_assert_cmpstr (level, ==, "department:none");
  section_level = mt_sqlite_text (mamori_store_get_db (f->store),
                                  "SELECT level FROM sections WHERE code = '010100'");
  g_assert_cmpstr (section_level, ==, "section");
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (f->store),
                                  "SELECT parent_id FROM sections WHERE code = '010100'"),
                   ==, dept);

  /* The schema itself refuses a department with a parent, and a section without one. */
  g_assert_cmpint (sqlite3_exec (mamori_store_get_db (f->store),
                                 "INSERT INTO sections (uuid, code, name, level, parent_id) "
                                 "VALUES ('u1', '990000', '部', 'department', 1)", NULL, NULL,
                                 &message) & 0xff, ==, SQLITE_CONSTRAINT);
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (mamori_store_get_db (f->store),
                                 "INSERT INTO sections (uuid, code, name, level, parent_id) "
                                 "VALUES ('u2', '990100', '課', 'section', NULL)", NULL, NULL,
                                 &message) & 0xff, ==, SQLITE_CONSTRAINT);
  sqlite3_free (message);

  /* A parent that does not exist is refused (foreign keys are on). */
  g_assert_false (mamori_org_add_section (f->store, "020100", "迷子課", NULL, 9999, NULL, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT);
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (f->store), "SELECT count (*) FROM sections"),
                   ==, 2);
}

static void
test_one_officer_per_section (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 dept = 0, section = 0, other = 0, a = 0, b = 0;

  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", NULL, 0, &dept, &error));
  g_assert_true (mamori_org_add_section (f->store, "010100", "総務課", NULL, dept, &section,
                                         &error));
  g_assert_true (mamori_org_add_section (f->store, "010200", "人事課", NULL, dept, &other, &error));
  g_assert_true (mamori_org_add_person (f->store, NULL, "佐藤 花子", NULL, "課長", section, &a,
                                        &error));
  g_assert_true (mamori_org_add_person (f->store, NULL, "鈴木 太郎", NULL, "課長", section, &b,
                                        &error));
  g_assert_true (mamori_org_assign_role (f->store, a, "section-officer", section, &error));
  g_assert_no_error (error);
  before = fingerprint (f);

  g_assert_false (mamori_org_assign_role (f->store, b, "section-officer", section, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  /* … the same person twice in the same role too … */
  g_assert_false (mamori_org_assign_role (f->store, a, "section-officer", section, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  /* … and a section-officer of no section. */
  g_assert_false (mamori_org_assign_role (f->store, b, "section-officer", 0, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  /* … and a function that does not exist. */
  g_assert_false (mamori_org_assign_role (f->store, b, "king", 0, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);

  /* Another section may have its own; one person may answer for two sections. */
  g_assert_true (mamori_org_assign_role (f->store, b, "section-officer", other, &error));
  g_assert_true (mamori_org_assign_role (f->store, a, "staff", 0, &error));
  g_assert_no_error (error);
}

static void
test_list_sections (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) sections = NULL;
  gint64 soumu = 0, kucho = 0, jinji = 0, hisho = 0, person = 0;
  MamoriSection *s;

  /* Added out of code order on purpose. */
  g_assert_true (mamori_org_add_section (f->store, "020000", "区長室", NULL, 0, &kucho, &error));
  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", NULL, 0, &soumu, &error));
  g_assert_true (mamori_org_add_section (f->store, "010200", "人事課", NULL, soumu, &jinji,
                                         &error));
  g_assert_true (mamori_org_add_section (f->store, "020100", "秘書課", NULL, kucho, &hisho,
                                         &error));
  g_assert_true (mamori_org_add_section (f->store, "010100", "総務課", NULL, soumu, NULL, &error));
  g_assert_true (mamori_org_add_person (f->store, NULL, "高橋 一郎", NULL, "課長", jinji, &person,
                                        &error));
  g_assert_true (mamori_org_assign_role (f->store, person, "section-officer", jinji, &error));
  g_assert_no_error (error);

  all = mamori_org_list_sections (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 5);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpint (strcmp (((MamoriSection *)g_ptr_array_index (all, i - 1))->code,
                             ((MamoriSection *)g_ptr_array_index (all, i))->code), <, 0);
  s = g_ptr_array_index (all, 0);
  g_assert_cmpstr (s->code, ==, "010000");
  g_assert_cmpstr (s->level, ==, "department");
  g_assert_cmpint (s->parent_id, ==, 0);
  g_assert_null (s->parent_name);

  sections = mamori_org_list_sections (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sections->len, ==, 3);
  for (guint i = 0; i < sections->len; i++)
    {
      s = g_ptr_array_index (sections, i);
      g_assert_cmpstr (s->level, ==, "section");
      g_assert_nonnull (s->uuid);
      g_assert_cmpint (s->parent_id, !=, 0);
    }
  s = g_ptr_array_index (sections, 1);
  g_assert_cmpstr (s->code, ==, "010200");
  g_assert_cmpstr (s->name, ==, "人事課");
  g_assert_cmpint (s->id, ==, jinji);
  g_assert_cmpstr (s->parent_name, ==, "総務部");
  g_assert_cmpstr (s->officer_name, ==, "高橋 一郎");
  s = g_ptr_array_index (sections, 0);
  g_assert_null (s->officer_name);

  g_assert_cmpint (mamori_org_count (f->store, "sections"), ==, 3);
  g_assert_cmpint (mamori_org_count (f->store, "departments"), ==, 2);
  g_assert_cmpint (mamori_org_count (f->store, "people"), ==, 1);
  g_assert_cmpint (mamori_org_count (f->store, "assets"), ==, 0);
  g_assert_cmpint (mamori_org_count (f->store, "planets"), ==, -1);
  g_assert_cmpint (mamori_org_section_id (f->store, "010200"), ==, jinji);
  g_assert_cmpint (mamori_org_section_id (f->store, "999999"), ==, 0);
  g_assert_cmpint (mamori_org_section_id (f->store, ""), ==, 0);
  g_assert_cmpint (mamori_org_section_id (f->store, NULL), ==, 0);
}

/* The profile the audit log names: whatever of the section and the role is known. */
static void
test_profile (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *full = NULL, *section_only = NULL, *role_only = NULL, *bare = NULL;
  g_autofree char *blank = NULL, *detail = NULL;
  gint64 events;

  g_assert_true (mamori_standard_load_default (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_org_add_section (f->store, "010100", "総務課", NULL, 0, NULL, &error));
  g_assert_no_error (error);

  full = mamori_org_describe_actor (f->store, "佐藤 花子", "010100", "責");
  g_assert_cmpstr (full, ==, "佐藤 花子 (総務課・情報セキュリティ責任者)");
  section_only = mamori_org_describe_actor (f->store, "佐藤 花子", "010100", "no-such-role");
  g_assert_cmpstr (section_only, ==, "佐藤 花子 (総務課)");
  role_only = mamori_org_describe_actor (f->store, "佐藤 花子", "", "統");
  g_assert_cmpstr (role_only, ==, "佐藤 花子 (統括情報セキュリティ責任者)");
  bare = mamori_org_describe_actor (f->store, "佐藤 花子", NULL, NULL);
  g_assert_cmpstr (bare, ==, "佐藤 花子");
  blank = mamori_org_describe_actor (f->store, "\u3000", "010100", "責");
  g_assert_null (blank);

  events = mt_sqlite_int (mamori_store_get_db (f->store),
                          "SELECT count (*) FROM audit_log WHERE action = 'event'");
  g_assert_true (mamori_org_record_profile (f->store, "佐藤 花子", "010100", "責", &error));
  g_assert_no_error (error);
  g_assert_false (mamori_store_in_transaction (f->store));
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (f->store),
                                  "SELECT count (*) FROM audit_log WHERE action = 'event'"),
                   ==, events + 1);
  detail = mt_sqlite_text (mamori_store_get_db (f->store),
                           "SELECT after FROM audit_log ORDER BY seq DESC LIMIT 1");
  g_assert_nonnull (strstr (detail, "\"name\":\"佐藤 花子\""));
  g_assert_nonnull (strstr (detail, "\"section\":\"010100\""));
  g_assert_nonnull (strstr (detail, "\"role\":\"責\""));
}

static void
test_fiscal_year (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *span = NULL;
  gint64 entries;

  g_assert_true (mamori_org_ensure_fiscal_year (f->store, 2026, &error));
  g_assert_no_error (error);
  span = mt_sqlite_text (mamori_store_get_db (f->store),
                         "SELECT starts_on || '/' || ends_on || '/' || status FROM fiscal_years "
                         "WHERE year = 2026");
  g_assert_cmpstr (span, ==, "2026-04-01/2027-03-31/open");

  /* Again: nothing new, not even an audit entry. */
  entries = mt_sqlite_int (mamori_store_get_db (f->store), "SELECT count (*) FROM audit_log");
  g_assert_true (mamori_org_ensure_fiscal_year (f->store, 2026, &error));
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (f->store),
                                  "SELECT count (*) FROM audit_log"), ==, entries);
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (f->store),
                                  "SELECT count (*) FROM fiscal_years"), ==, 1);
  g_assert_false (mamori_store_in_transaction (f->store));
}

/* The sample ward --------------------------------------------------------------------------- */

static void
build_demo (MamoriStore *store,
            guint        sections,
            guint64      assets,
            guint32      seed)
{
  g_autoptr(GError) error = NULL;
  MamoriDemoOptions options;

  mamori_demo_options_init (&options);
  options.sections = sections;
  options.assets = assets;
  options.seed = seed;
  g_assert_true (mamori_demo_build (store, &options, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_check_passes (MamoriStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckReport) report = mamori_check_run (store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("problem: %s", (const char *)g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, 0);
}

static const char *const org_tables[] = { "sections", "people", "person_roles", "fiscal_years",
                                          NULL };
static const char *const asset_tables[] = { "assets", NULL };

static void
test_demo_same_seed (void)
{
  g_autofree char *dir = mt_tmpdir_new ();
  g_autoptr(MamoriStore) a = mt_store_new (dir, "a.db");
  g_autoptr(MamoriStore) b = mt_store_new (dir, "b.db");
  g_autoptr(MamoriStore) c = mt_store_new (dir, "c.db");
  g_autofree char *org_a = NULL, *org_b = NULL, *org_c = NULL;
  g_autofree char *assets_a = NULL, *assets_b = NULL, *assets_c = NULL;

  build_demo (a, 20, 500, 7);
  build_demo (b, 20, 500, 7);
  build_demo (c, 20, 500, 8);

  g_assert_cmpint (mamori_org_count (a, "sections"), ==, 20);
  g_assert_cmpint (mamori_org_count (a, "assets"), ==, 500);
  g_assert_cmpint (mamori_org_count (a, "people"), >=, 20 * 3);

  /* Whole rows, uuids included: the same seed gives the same records everywhere. */
  org_a = mt_db_fingerprint (mamori_store_get_db (a), org_tables, NULL);
  org_b = mt_db_fingerprint (mamori_store_get_db (b), org_tables, NULL);
  org_c = mt_db_fingerprint (mamori_store_get_db (c), org_tables, NULL);
  assets_a = mt_db_fingerprint (mamori_store_get_db (a), asset_tables, NULL);
  assets_b = mt_db_fingerprint (mamori_store_get_db (b), asset_tables, NULL);
  assets_c = mt_db_fingerprint (mamori_store_get_db (c), asset_tables, NULL);

  g_assert_cmpstr (org_a, ==, org_b);
  g_assert_cmpstr (assets_a, ==, assets_b);
  g_assert_cmpstr (org_a, !=, org_c);
  g_assert_cmpstr (assets_a, !=, assets_c);

  /* Seeded uuids take the form of the others: version 7, in the order the records were made,
   * so that a large sample ward is written at the end of its uuid indexes. */
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (a),
                                  "SELECT count (*) FROM assets WHERE substr (uuid, 15, 1) = '7' "
                                  "AND substr (uuid, 20, 1) IN ('8', '9', 'a', 'b')"), ==, 500);
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (a),
                                  "SELECT count (*) FROM assets AS x JOIN assets AS y "
                                  "ON y.id = x.id + 1 WHERE y.uuid <= x.uuid"), ==, 0);

  /* Each is a valid ward whose every row is in its audit log. */
  assert_check_passes (a);
  assert_check_passes (c);
  {
    g_autofree char *name = mamori_store_get_setting (a, "organisation-name");
    g_autofree char *sample = mamori_store_get_setting (a, "sample-ward");
    g_assert_nonnull (name);
    g_assert_cmpstr (sample, ==, "1");
  }
  /* Every section has its section-officer; assets use the classes of the loaded standard. */
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (a),
                                  "SELECT count (*) FROM sections AS s WHERE level = 'section' AND "
                                  "NOT EXISTS (SELECT 1 FROM person_roles WHERE function = "
                                  "'section-officer' AND section_id = s.id)"), ==, 0);
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (a),
                                  "SELECT count (*) FROM assets WHERE class_code NOT IN (SELECT "
                                  "c.code FROM classification_classes AS c JOIN standards AS s ON "
                                  "s.id = c.standard_id WHERE s.active = 1)"), ==, 0);

  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_object (&c);
  mt_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_demo_refuses_non_empty (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MamoriDemoOptions options;

  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", NULL, 0, NULL, &error));
  before = fingerprint (f);

  mamori_demo_options_init (&options);
  options.assets = 10;
  g_assert_false (mamori_demo_build (f->store, &options, NULL, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already holds"));
  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
  g_clear_error (&error);

  /* A ward of no sections is refused too. */
  options.sections = 0;
  g_assert_false (mamori_demo_build (f->store, &options, NULL, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
}

static void
test_demo_second_time (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MamoriDemoOptions options;

  build_demo (f->store, 5, 20, 1);
  before = fingerprint (f);
  mamori_demo_options_init (&options);
  options.sections = 5;
  options.assets = 20;
  g_assert_false (mamori_demo_build (f->store, &options, NULL, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_demo_300_sections (Fixture       *f,
                        gconstpointer  data)
{
  build_demo (f->store, 300, 300, 2026);
  g_assert_cmpint (mamori_org_count (f->store, "sections"), ==, 300);
  g_assert_cmpint (mamori_org_count (f->store, "assets"), ==, 300);
  g_assert_cmpint (mt_sqlite_int (mamori_store_get_db (f->store),
                                  "SELECT count (DISTINCT name) FROM sections "
                                  "WHERE level = 'section'"),
                   ==, 300);
  assert_check_passes (f->store);
}

static void
record_progress (double      fraction,
                 const char *what,
                 gpointer    user_data)
{
  GArray *fractions = user_data;

  g_assert_nonnull (what);
  g_array_append_val (fractions, fraction);
}

static void
test_demo_progress (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  MamoriDemoOptions options;

  mamori_demo_options_init (&options);
  options.sections = 3;
  options.assets = 20000;
  options.progress = record_progress;
  options.progress_data = fractions;
  g_assert_true (mamori_demo_build (f->store, &options, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fractions->len, >=, 4);
  g_assert_cmpfloat (g_array_index (fractions, double, 0), ==, 0.0);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=,
                       g_array_index (fractions, double, i - 1));
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
  GThread   *caller;
  GThread   *callback_thread;
} AsyncResult;

static void
demo_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->callback_thread = g_thread_self ();
  r->ok = mamori_demo_build_finish (result, &r->error);
  g_main_loop_quit (r->loop);
}

static void
test_demo_async (void)
{
  g_autofree char *dir = mt_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "async.db", NULL);
  g_autoptr(MamoriStore) store = NULL;
  AsyncResult r = { g_main_loop_new (NULL, FALSE), FALSE, NULL, g_thread_self (), NULL };
  MamoriDemoOptions options;

  mamori_demo_options_init (&options);
  options.sections = 10;
  options.assets = 200;
  options.seed = 7;
  mamori_demo_build_async (path, &options, NULL, demo_done, &r);
  g_main_loop_run (r.loop);

  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  /* The callback comes back on the caller's main context. */
  g_assert_true (r.callback_thread == r.caller);

  store = mt_store_new (dir, "async.db");
  g_assert_cmpint (mamori_org_count (store, "sections"), ==, 10);
  g_assert_cmpint (mamori_org_count (store, "assets"), ==, 200);
  assert_check_passes (store);

  g_main_loop_unref (r.loop);
  g_clear_object (&store);
  mt_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_demo_async_cancelled (void)
{
  g_autofree char *dir = mt_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "cancel.db", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MamoriStore) store = NULL;
  AsyncResult r = { g_main_loop_new (NULL, FALSE), FALSE, NULL, g_thread_self (), NULL };
  MamoriDemoOptions options;

  mamori_demo_options_init (&options);
  options.sections = 10;
  options.assets = 10000;
  g_cancellable_cancel (cancellable);
  mamori_demo_build_async (path, &options, cancellable, demo_done, &r);
  g_main_loop_run (r.loop);

  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);

  /* Whole or not at all: nothing of the ward is left. */
  store = mt_store_new (dir, "cancel.db");
  g_assert_cmpint (mamori_org_count (store, "sections"), ==, 0);
  g_assert_cmpint (mamori_org_count (store, "departments"), ==, 0);
  g_assert_cmpint (mamori_org_count (store, "people"), ==, 0);
  g_assert_cmpint (mamori_org_count (store, "assets"), ==, 0);
  assert_check_passes (store);

  g_main_loop_unref (r.loop);
  g_clear_object (&store);
  mt_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct
{
  guint     pending;
  gboolean  ok[2];
  GError   *error[2];
} TwoResults;

static void
one_of_two_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TwoResults *r = user_data;
  guint i = r->ok[0] || r->error[0] ? 1 : 0;

  r->ok[i] = mamori_demo_build_finish (result, &r->error[i]);
  r->pending--;
}

static void
test_demo_two_at_once (void)
{
  g_autofree char *dir = mt_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "both.db", NULL);
  g_autoptr(MamoriStore) store = NULL;
  TwoResults r = { 2 };
  MamoriDemoOptions options;

  /* Two workers, each with its own connection, build a ward in one new file at once: one
   * wins, the other is refused cleanly — it waited for the write lock and then found a ward,
   * or it waited its 5 s in vain — and never half-builds a second one. */
  mamori_demo_options_init (&options);
  options.sections = 20;
  options.assets = 2000;
  mamori_demo_build_async (path, &options, NULL, one_of_two_done, &r);
  mamori_demo_build_async (path, &options, NULL, one_of_two_done, &r);
  while (r.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (r.ok[0] != r.ok[1]);
  for (guint i = 0; i < 2; i++)
    if (!r.ok[i])
      {
        g_test_message ("refused: %s", r.error[i]->message);
        g_assert_true (g_error_matches (r.error[i], MAMORI_STORE_ERROR,
                                        MAMORI_STORE_ERROR_INVALID) ||
                       g_error_matches (r.error[i], MAMORI_STORE_ERROR,
                                        MAMORI_STORE_ERROR_BUSY));
        g_clear_error (&r.error[i]);
      }

  store = mt_store_new (dir, "both.db");
  g_assert_cmpint (mamori_org_count (store, "sections"), ==, 20);
  g_assert_cmpint (mamori_org_count (store, "assets"), ==, 2000);
  assert_check_passes (store);
  g_clear_object (&store);
  mt_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  ADD ("/org/section-needs-code-and-name", test_section_needs_code_and_name);
  ADD ("/org/unique-code", test_unique_code);
  ADD ("/org/department-has-no-parent", test_department_has_no_parent);
  ADD ("/org/one-officer-per-section", test_one_officer_per_section);
  ADD ("/org/list-sections", test_list_sections);
  ADD ("/org/fiscal-year", test_fiscal_year);
  ADD ("/org/profile", test_profile);
  mt_add_func ("/demo/same-seed", test_demo_same_seed);
  ADD ("/demo/refuses-non-empty", test_demo_refuses_non_empty);
  ADD ("/demo/second-time", test_demo_second_time);
  ADD ("/demo/300-sections", test_demo_300_sections);
  ADD ("/demo/progress", test_demo_progress);
  mt_add_func ("/demo/async", test_demo_async);
  mt_add_func ("/demo/async-cancelled", test_demo_async_cancelled);
  mt_add_func ("/demo/two-at-once", test_demo_two_at_once);

  return g_test_run ();
}
