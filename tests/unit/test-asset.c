/* test-asset.c — the asset inventory: records, their registers, and search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test runs against a store with the built-in standard loaded and a small organisation
 * (a department, two sections, two people).  A refused write is always attempted inside a
 * transaction that has already written something (a probe asset), and is then rolled back:
 * the whole database, audit log and search index included, must be exactly as before.  After
 * each successful write mamori_check_run must find nothing wrong, which proves that the write
 * went through the audit log (a row written behind the log's back is reported).
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <string.h>

typedef struct
{
  char        *dir;
  MamoriStore *store;
  gint64       department;
  gint64       soumu;      /* 総務課, code 010100 */
  gint64       jinji;      /* 人事課, code 010200 */
  gint64       officer;    /* 佐藤 花子, section-officer of 総務課 */
  gint64       staff;      /* 鈴木 太郎 */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = mt_tmpdir_new ();
  f->store = mt_store_new (f->dir, "t.db");
  mamori_store_set_actor (f->store, "佐藤 花子");
  g_assert_true (mamori_standard_load_default (f->store, &error));
  g_assert_no_error (error);

  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", "そうむぶ", 0,
                                         &f->department, &error));
  g_assert_true (mamori_org_add_section (f->store, "010100", "総務課", "そうむか", f->department,
                                         &f->soumu, &error));
  g_assert_true (mamori_org_add_section (f->store, "010200", "人事課", "じんじか", f->department,
                                         &f->jinji, &error));
  g_assert_true (mamori_org_add_person (f->store, "000001", "佐藤 花子", "さとう はなこ", "課長",
                                        f->soumu, &f->officer, &error));
  g_assert_true (mamori_org_add_person (f->store, "000002", "鈴木 太郎", "すずき たろう", "主事",
                                        f->soumu, &f->staff, &error));
  g_assert_true (mamori_org_assign_role (f->store, f->officer, "section-officer", f->soumu,
                                         &error));
  g_assert_no_error (error);
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

/* Helpers --------------------------------------------------------------------------------- */

static sqlite3 *
db_of (Fixture *f)
{
  return mamori_store_get_db (f->store);
}

static char *
fingerprint (Fixture *f)
{
  return mt_db_fingerprint (db_of (f), NULL, NULL);
}

static gint64
count_sql (Fixture    *f,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static gint64
count_sql (Fixture    *f,
           const char *format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return mt_sqlite_int (db_of (f), sql);
}

static char *
text_sql (Fixture    *f,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static char *
text_sql (Fixture    *f,
          const char *format,
          ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return mt_sqlite_text (db_of (f), sql);
}

/* The date @days from today (negative: before), as the core's "today" sees it. */
static char *
date_from_today (int days)
{
  g_autofree char *today = mamori_date_today_iso ();
  int y, m, d;
  GDate *date;
  char *iso;

  g_assert_true (mamori_date_parse_iso (today, &y, &m, &d));
  date = g_date_new_dmy (d, m, y);
  if (days >= 0)
    g_date_add_days (date, days);
  else
    g_date_subtract_days (date, -days);
  iso = mamori_date_to_iso (g_date_get_year (date), g_date_get_month (date),
                            g_date_get_day (date));
  g_date_free (date);
  return iso;
}

/* Every check passes: the audit log matches every row. */
static void
assert_check_clean (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckReport) report = mamori_check_run (f->store, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("check: %s", (const char *)g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, 0);
}

/* A valid class II electronic asset of 総務課. */
static MamoriAssetRecord *
record_new (Fixture    *f,
            const char *code,
            const char *name)
{
  MamoriAssetRecord *r = mamori_asset_record_new ();

  r->code = g_strdup (code);
  r->name = g_strdup (name);
  r->kind = g_strdup ("electronic");
  r->owner_section_id = f->soumu;
  r->class_code = g_strdup ("II");
  r->registered_on = g_strdup ("2025-04-01");
  return r;
}

static void
begin (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_no_error (error);
}

static void
commit (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_no_error (error);
}

static gint64
insert_ok (Fixture                 *f,
           const MamoriAssetRecord *r)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  begin (f);
  g_assert_true (mamori_asset_insert (f->store, r, &id, &error));
  g_assert_no_error (error);
  commit (f);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
insert_new (Fixture    *f,
            const char *code,
            const char *name)
{
  g_autoptr(MamoriAssetRecord) r = record_new (f, code, name);

  return insert_ok (f, r);
}

static MamoriAssetRecord *
load (Fixture *f,
      gint64   id)
{
  g_autoptr(GError) error = NULL;
  MamoriAssetRecord *r = mamori_asset_load (f->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static char *
uuid_of (Fixture *f,
         gint64   id)
{
  return text_sql (f, "SELECT uuid FROM assets WHERE id = %" G_GINT64_FORMAT, id);
}

/* An expression over the last audit entry about a row. */
static char *
last_audit (Fixture    *f,
            const char *table,
            const char *uuid,
            const char *expr)
{
  char *sql = sqlite3_mprintf ("SELECT %s FROM audit_log WHERE tbl = %Q AND row_key = %Q "
                               "ORDER BY seq DESC LIMIT 1", expr, table, uuid);
  char *value = mt_sqlite_text (db_of (f), sql);

  sqlite3_free (sql);
  return value;
}

static gint64
count_audit (Fixture    *f,
             const char *table,
             const char *uuid)
{
  char *sql = sqlite3_mprintf ("SELECT count (*) FROM audit_log WHERE tbl = %Q AND row_key = %Q",
                               table, uuid);
  gint64 n = mt_sqlite_int (db_of (f), sql);

  sqlite3_free (sql);
  return n;
}

/* Refused steps ---------------------------------------------------------------------------- */

typedef gboolean (*Step) (Fixture *f, gconstpointer data, GError **error);

/* Runs @step inside a transaction that has already added a probe asset; @step must fail
 * with @domain/@code, and the rollback must leave the database exactly as it was.  Returns
 * the error's message. */
static char *
assert_refused (Fixture       *f,
                Step           step,
                gconstpointer  data,
                GQuark         domain,
                int            code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetRecord) probe = record_new (f, "PROBE-ROLLBACK", "ロールバック確認");
  g_autofree char *before = fingerprint (f);
  g_autofree char *after = NULL;
  g_autofree char *during = NULL;

  begin (f);
  g_assert_true (mamori_asset_insert (f->store, probe, NULL, &error));
  g_assert_no_error (error);
  during = fingerprint (f);
  g_assert_cmpstr (during, !=, before);

  g_assert_false (step (f, data, &error));
  g_assert_error (error, domain, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("refused: %s", error->message);
  g_assert_true (mamori_store_in_transaction (f->store));
  mamori_store_rollback (f->store);
  g_assert_false (mamori_store_in_transaction (f->store));

  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
  return g_strdup (error->message);
}

static gboolean
step_insert (Fixture       *f,
             gconstpointer  data,
             GError       **error)
{
  gint64 id = -1;
  gboolean ok = mamori_asset_insert (f->store, data, &id, error);

  if (!ok)
    g_assert_cmpint (id, ==, -1);
  return ok;
}

static gboolean
step_update (Fixture       *f,
             gconstpointer  data,
             GError       **error)
{
  return mamori_asset_update (f->store, data, error);
}

static gboolean
step_delete (Fixture       *f,
             gconstpointer  data,
             GError       **error)
{
  return mamori_asset_delete (f->store, *(const gint64 *)data, error);
}

typedef struct
{
  gint64        asset_id;
  MamoriTakeout takeout;
} TakeoutArgs;

static gboolean
step_add_takeout (Fixture       *f,
                  gconstpointer  data,
                  GError       **error)
{
  const TakeoutArgs *a = data;

  return mamori_asset_add_takeout (f->store, a->asset_id, &a->takeout, error);
}

typedef struct
{
  gint64      takeout_id;
  const char *returned_on;
} ReturnArgs;

static gboolean
step_return (Fixture       *f,
             gconstpointer  data,
             GError       **error)
{
  const ReturnArgs *a = data;

  return mamori_asset_return_takeout (f->store, a->takeout_id, a->returned_on, error);
}

typedef struct
{
  gint64         asset_id;
  MamoriDisposal disposal;
} DisposeArgs;

static gboolean
step_dispose (Fixture       *f,
              gconstpointer  data,
              GError       **error)
{
  const DisposeArgs *a = data;

  return mamori_asset_dispose (f->store, a->asset_id, &a->disposal, error);
}

typedef struct
{
  gint64      asset_id;
  gint64      person_id;
  const char *description;
} AccessArgs;

static gboolean
step_add_access (Fixture       *f,
                 gconstpointer  data,
                 GError       **error)
{
  const AccessArgs *a = data;

  return mamori_asset_add_access (f->store, a->asset_id, a->person_id, a->description, error);
}

static gboolean
step_remove_access (Fixture       *f,
                    gconstpointer  data,
                    GError       **error)
{
  return mamori_asset_remove_access (f->store, *(const gint64 *)data, error);
}

static gboolean
ok_step (Fixture       *f,
         Step           step,
         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  begin (f);
  g_assert_true (step (f, data, &error));
  g_assert_no_error (error);
  commit (f);
  assert_check_clean (f);
  return TRUE;
}

/* Validation ------------------------------------------------------------------------------- */

static void
log_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      MamoriFieldProblem *p = g_ptr_array_index (problems, i);
      g_test_message ("problem %s: %s", p->field, p->message);
    }
}

static void
assert_valid (Fixture                 *f,
              const MamoriAssetRecord *r)
{
  g_autoptr(GPtrArray) problems = mamori_asset_validate (f->store, r);

  log_problems (problems);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* @r has exactly one problem, on @field; inserting it is refused with that problem's message
 * and changes nothing. */
static void
assert_one_problem_saying (Fixture                 *f,
                           const MamoriAssetRecord *r,
                           const char              *field,
                           const char              *needle)
{
  g_autoptr(GPtrArray) problems = mamori_asset_validate (f->store, r);
  g_autofree char *message = NULL;
  MamoriFieldProblem *p;

  log_problems (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (p->field, ==, field);
  g_assert_nonnull (p->message);
  g_assert_cmpuint (strlen (p->message), >, 0);
  if (needle)
    g_assert_nonnull (strstr (p->message, needle));

  message = assert_refused (f, r->id ? step_update : step_insert, r, MAMORI_ASSET_ERROR,
                            MAMORI_ASSET_ERROR_INVALID);
  g_assert_cmpstr (message, ==, p->message);
}

static void
assert_one_problem (Fixture                 *f,
                    const MamoriAssetRecord *r,
                    const char              *field)
{
  assert_one_problem_saying (f, r, field, NULL);
}

typedef void (*Mutation) (Fixture *f, MamoriAssetRecord *r);

#define SET(field, value) G_STMT_START { g_free (r->field); r->field = (value); } G_STMT_END

static void mut_code_null (Fixture *f, MamoriAssetRecord *r) { SET (code, NULL); }
static void mut_code_empty (Fixture *f, MamoriAssetRecord *r) { SET (code, g_strdup ("")); }
static void mut_code_blank (Fixture *f, MamoriAssetRecord *r) { SET (code, g_strdup (" \u3000 ")); }
static void mut_code_taken (Fixture *f, MamoriAssetRecord *r) { SET (code, g_strdup ("TAKEN-1")); }
static void mut_code_long (Fixture *f, MamoriAssetRecord *r)
{
  SET (code, g_strnfill (65, 'X'));
}
static void mut_name_null (Fixture *f, MamoriAssetRecord *r) { SET (name, NULL); }
static void mut_name_blank (Fixture *f, MamoriAssetRecord *r) { SET (name, g_strdup ("\u3000")); }
static void mut_name_long (Fixture *f, MamoriAssetRecord *r)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < 401; i++)
    g_string_append (s, "名");
  SET (name, g_string_free (s, FALSE));
}
static void mut_description_long (Fixture *f, MamoriAssetRecord *r)
{
  SET (description, g_strnfill (4001, 'd'));
}
static void mut_kind_null (Fixture *f, MamoriAssetRecord *r) { SET (kind, NULL); }
static void mut_kind_unknown (Fixture *f, MamoriAssetRecord *r) { SET (kind, g_strdup ("vehicle")); }
static void mut_kind_label (Fixture *f, MamoriAssetRecord *r)
{
  /* The label is not the code: the record stores codes only. */
  SET (kind, g_strdup ("Paper"));
}
static void mut_owner_missing (Fixture *f, MamoriAssetRecord *r) { r->owner_section_id = 0; }
static void mut_owner_unknown (Fixture *f, MamoriAssetRecord *r) { r->owner_section_id = 9999; }
static void mut_holding_unknown (Fixture *f, MamoriAssetRecord *r) { r->holding_section_id = 9999; }
static void mut_original_unknown (Fixture *f, MamoriAssetRecord *r) { r->original_id = 9999; }
static void mut_class_null (Fixture *f, MamoriAssetRecord *r) { SET (class_code, NULL); }
static void mut_class_unknown (Fixture *f, MamoriAssetRecord *r) { SET (class_code, g_strdup ("III")); }
static void mut_class_lowercase (Fixture *f, MamoriAssetRecord *r) { SET (class_code, g_strdup ("i")); }
static void mut_criteria_not_required (Fixture *f, MamoriAssetRecord *r)
{
  /* Class II requires no criterion; ア is a criterion of class I. */
  SET (criteria, g_strdup ("ア"));
}
static void mut_criterion_unknown (Fixture *f, MamoriAssetRecord *r)
{
  SET (class_code, g_strdup ("I"));
  SET (criteria, g_strdup ("ア,カ"));
}
static void mut_cia_note_long (Fixture *f, MamoriAssetRecord *r)
{
  SET (cia_note, g_strnfill (4001, 'c'));
}
static void mut_medium_long (Fixture *f, MamoriAssetRecord *r) { SET (medium, g_strnfill (201, 'm')); }
static void mut_storage_long (Fixture *f, MamoriAssetRecord *r)
{
  SET (storage_place, g_strnfill (401, 's'));
}
static void mut_marking_long (Fixture *f, MamoriAssetRecord *r) { SET (marking, g_strnfill (101, 'k')); }
static void mut_backup_negative (Fixture *f, MamoriAssetRecord *r) { r->backup_cycle_days = -1; }
static void mut_backup_too_long (Fixture *f, MamoriAssetRecord *r) { r->backup_cycle_days = 3661; }
static void mut_last_backup_feb30 (Fixture *f, MamoriAssetRecord *r)
{
  SET (last_backup_on, g_strdup ("2025-02-30"));
}
static void mut_last_backup_month13 (Fixture *f, MamoriAssetRecord *r)
{
  SET (last_backup_on, g_strdup ("2025-13-01"));
}
static void mut_last_backup_words (Fixture *f, MamoriAssetRecord *r)
{
  SET (last_backup_on, g_strdup ("令和7年4月1日"));
}
static void mut_last_backup_future (Fixture *f, MamoriAssetRecord *r)
{
  SET (last_backup_on, date_from_today (1));
}
static void mut_registered_compact (Fixture *f, MamoriAssetRecord *r)
{
  SET (registered_on, g_strdup ("20250401"));
}
static void mut_registered_future (Fixture *f, MamoriAssetRecord *r)
{
  SET (registered_on, date_from_today (1));
}

static void
test_validation_names_field (Fixture       *f,
                             gconstpointer  data)
{
  static const struct
  {
    const char *name;
    Mutation    mutate;
    const char *field;
    const char *needle;   /* a word the message has, where two causes share a field */
  } cases[] = {
    { "no code", mut_code_null, "code" },
    { "empty code", mut_code_empty, "code" },
    { "blank code", mut_code_blank, "code" },
    { "duplicate code", mut_code_taken, "code", "TAKEN-1" },
    { "code of 65 characters", mut_code_long, "code" },
    { "no name", mut_name_null, "name" },
    { "blank name", mut_name_blank, "name" },
    { "name of 401 characters", mut_name_long, "name" },
    { "description of 4001 characters", mut_description_long, "description" },
    { "no kind", mut_kind_null, "kind" },
    { "unknown kind", mut_kind_unknown, "kind" },
    { "kind given by its label", mut_kind_label, "kind" },
    { "no owner section", mut_owner_missing, "owner_section_id" },
    { "unknown owner section", mut_owner_unknown, "owner_section_id" },
    { "unknown holding section", mut_holding_unknown, "holding_section_id" },
    { "unknown original", mut_original_unknown, "original_id" },
    { "no class", mut_class_null, "class_code" },
    { "unknown class", mut_class_unknown, "class_code" },
    { "class in the wrong case", mut_class_lowercase, "class_code" },
    { "criteria on a class without criteria", mut_criteria_not_required, "criteria",
      "requires" },
    { "unknown criterion", mut_criterion_unknown, "criteria", "カ" },
    { "C/I/A note of 4001 characters", mut_cia_note_long, "cia_note" },
    { "medium of 201 characters", mut_medium_long, "medium" },
    { "storage place of 401 characters", mut_storage_long, "storage_place" },
    { "marking of 101 characters", mut_marking_long, "marking" },
    { "negative backup cycle", mut_backup_negative, "backup_cycle_days" },
    { "backup cycle of 3661 days", mut_backup_too_long, "backup_cycle_days" },
    { "last backup on 30 February", mut_last_backup_feb30, "last_backup_on" },
    { "last backup in month 13", mut_last_backup_month13, "last_backup_on" },
    { "last backup as an era date", mut_last_backup_words, "last_backup_on" },
    { "last backup tomorrow", mut_last_backup_future, "last_backup_on" },
    { "registration date without dashes", mut_registered_compact, "registered_on" },
    { "registered tomorrow", mut_registered_future, "registered_on" },
  };

  insert_new (f, "TAKEN-1", "既存の資産");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MamoriAssetRecord) r = record_new (f, "NEW-1", "新しい資産");

      g_test_message ("case: %s", cases[i].name);
      assert_valid (f, r);
      cases[i].mutate (f, r);
      assert_one_problem_saying (f, r, cases[i].field, cases[i].needle);
    }
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM assets"), ==, 1);
}

/* Several problems at once are all named, each on its own field. */
static void
test_validation_several (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) r = mamori_asset_record_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  static const char *expected[] = {
    "code", "name", "kind", "owner_section_id", "class_code", "backup_cycle_days",
  };

  r->backup_cycle_days = -5;
  problems = mamori_asset_validate (f->store, r);
  log_problems (problems);
  for (guint i = 0; i < problems->len; i++)
    g_hash_table_add (fields, ((MamoriFieldProblem *)g_ptr_array_index (problems, i))->field);
  g_assert_cmpuint (g_hash_table_size (fields), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_hash_table_contains (fields, expected[i]));
}

/* An original that refers to itself is refused on update (an insert has no id yet). */
static void
test_validation_original_self (Fixture       *f,
                               gconstpointer  data)
{
  gint64 id = insert_new (f, "SELF-1", "自己参照");
  g_autoptr(MamoriAssetRecord) r = load (f, id);

  assert_valid (f, r);
  r->original_id = id;
  assert_one_problem (f, r, "original_id");
  /* The same code as itself is no duplicate. */
  r->original_id = 0;
  assert_valid (f, r);
}

/* The limits themselves are accepted, by the validation and by the schema alike. */
static void
test_validation_limits_accepted (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) r = record_new (f, NULL, NULL);
  g_autoptr(MamoriAssetRecord) copy = NULL;
  g_autoptr(MamoriAssetRecord) loaded = NULL;
  GString *code = g_string_new (NULL);
  GString *name = g_string_new (NULL);
  gint64 original, id;

  original = insert_new (f, "ORIG-1", "原本");
  /* Characters, not bytes: 64 and 400 kanji are 192 and 1200 bytes. */
  for (int i = 0; i < 64; i++)
    g_string_append (code, "資");
  for (int i = 0; i < 400; i++)
    g_string_append (name, "名");
  SET (code, g_string_free (code, FALSE));
  SET (name, g_string_free (name, FALSE));
  SET (description, g_strnfill (4000, 'd'));
  SET (cia_note, g_strnfill (4000, 'c'));
  SET (medium, g_strnfill (200, 'm'));
  SET (storage_place, g_strnfill (400, 's'));
  SET (marking, g_strnfill (100, 'k'));
  SET (class_code, g_strdup ("I"));
  SET (criteria, g_strdup ("ア,イ,オ"));
  SET (last_backup_on, mamori_date_today_iso ());
  SET (registered_on, mamori_date_today_iso ());
  r->backup_cycle_days = 3660;
  r->holding_section_id = f->jinji;
  r->original_id = original;
  r->lockable = MAMORI_YES;
  r->finalised = MAMORI_NO;
  r->write_protected = MAMORI_UNKNOWN;
  assert_valid (f, r);
  id = insert_ok (f, r);
  assert_check_clean (f);

  /* What was stored is what was given. */
  loaded = load (f, id);
  g_assert_cmpstr (loaded->code, ==, r->code);
  g_assert_cmpstr (loaded->name, ==, r->name);
  g_assert_cmpstr (loaded->criteria, ==, "ア,イ,オ");
  g_assert_cmpint (loaded->backup_cycle_days, ==, 3660);
  g_assert_cmpint (loaded->holding_section_id, ==, f->jinji);
  g_assert_cmpint (loaded->original_id, ==, original);
  g_assert_cmpint (loaded->lockable, ==, MAMORI_YES);
  g_assert_cmpint (loaded->finalised, ==, MAMORI_NO);
  g_assert_cmpint (loaded->write_protected, ==, MAMORI_UNKNOWN);
  g_assert_cmpstr (loaded->status, ==, "active");

  /* 0 means no backup cycle, 1 is the shortest. */
  copy = mamori_asset_record_copy (loaded);
  copy->backup_cycle_days = 0;
  assert_valid (f, copy);
  copy->backup_cycle_days = 1;
  assert_valid (f, copy);
}

/* Audit ------------------------------------------------------------------------------------ */

static void
test_insert_update_delete_audited (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetRecord) r = record_new (f, "AUD-1", "住民基本台帳データ");
  g_autoptr(MamoriAssetRecord) loaded = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *s = NULL;
  g_autofree char *head = NULL;
  gint64 id, entries;

  SET (description, g_strdup ("住民記録システムのデータ"));
  id = insert_ok (f, r);
  uuid = uuid_of (f, id);
  assert_check_clean (f);
  /* A later asset, so that the id of the one deleted below is not the highest (SQLite would
   * give it again to the next row). */
  insert_new (f, "AUD-2", "後から登録した資産");

  g_assert_cmpint (count_audit (f, "assets", uuid), ==, 1);
  s = last_audit (f, "assets", uuid, "action || '|' || (before IS NULL) || '|' || "
                                     "json_extract (after, '$.code') || '|' || "
                                     "json_extract (after, '$.name') || '|' || "
                                     "json_extract (after, '$.status')");
  g_assert_cmpstr (s, ==, "insert|1|AUD-1|住民基本台帳データ|active");
  g_clear_pointer (&s, g_free);
  /* Derived columns are not part of the record. */
  s = last_audit (f, "assets", uuid, "(json_type (after, '$.search_text') IS NULL) || "
                                     "(json_type (after, '$.rule_flags') IS NULL) || "
                                     "(json_type (after, '$.class_code') IS NOT NULL)");
  g_assert_cmpstr (s, ==, "111");
  g_clear_pointer (&s, g_free);

  /* Update. */
  loaded = load (f, id);
  g_free (loaded->name);
  loaded->name = g_strdup ("住民基本台帳データ（副本）");
  g_assert_true (ok_step (f, step_update, loaded));
  g_assert_cmpint (count_audit (f, "assets", uuid), ==, 2);
  s = last_audit (f, "assets", uuid, "action || '|' || json_extract (before, '$.name') || '|' || "
                                     "json_extract (after, '$.name') || '|' || "
                                     "json_extract (after, '$.description')");
  g_assert_cmpstr (s, ==, "update|住民基本台帳データ|住民基本台帳データ（副本）|"
                          "住民記録システムのデータ");
  g_clear_pointer (&s, g_free);

  /* An update that changes nothing records nothing. */
  head = mt_audit_head (db_of (f));
  entries = count_sql (f, "SELECT count (*) FROM audit_log");
  g_assert_true (ok_step (f, step_update, loaded));
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM audit_log"), ==, entries);
  g_clear_pointer (&s, g_free);
  s = mt_audit_head (db_of (f));
  g_assert_cmpstr (s, ==, head);
  g_clear_pointer (&s, g_free);

  /* Delete. */
  g_assert_true (ok_step (f, step_delete, &id));
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM assets"), ==, 1);
  g_assert_cmpint (mamori_asset_find_by_code (f->store, "AUD-1"), ==, 0);
  g_assert_cmpint (count_audit (f, "assets", uuid), ==, 3);
  s = last_audit (f, "assets", uuid, "action || '|' || json_extract (before, '$.name') || '|' || "
                                     "(after IS NULL)");
  g_assert_cmpstr (s, ==, "delete|住民基本台帳データ（副本）|1");
  g_clear_pointer (&s, g_free);

  /* It is gone: loading, updating and deleting it again say so. */
  g_assert_null (mamori_asset_load (f->store, id, &error));
  g_assert_error (error, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_NOT_FOUND);
  g_free (assert_refused (f, step_update, loaded, MAMORI_ASSET_ERROR,
                          MAMORI_ASSET_ERROR_NOT_FOUND));
  g_free (assert_refused (f, step_delete, &id, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_NOT_FOUND));
}

/* The core writes only inside the caller's transaction. */
static void
test_writes_need_transaction (Fixture       *f,
                              gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(MamoriAssetRecord) r = record_new (f, "NOTX-1", "トランザクション外");
      g_autoptr(GError) error = NULL;

      mamori_asset_insert (f->store, r, NULL, &error);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*mamori_store_in_transaction*");
}

/* Disposed assets are read-only --------------------------------------------------------------- */

static gint64
add_takeout_ok (Fixture    *f,
                gint64      asset_id,
                const char *kind,
                const char *out_on,
                gint64      approver,
                const char *approved_on)
{
  TakeoutArgs a = { asset_id, { 0 } };

  a.takeout.kind = (char *)kind;
  a.takeout.purpose = (char *)"出張先での説明";
  a.takeout.method = (char *)"暗号化USBメモリ";
  a.takeout.out_on = (char *)out_on;
  a.takeout.approver_id = approver;
  a.takeout.approved_on = (char *)approved_on;
  ok_step (f, step_add_takeout, &a);
  return count_sql (f, "SELECT max (id) FROM asset_takeouts");
}

static gint64
add_access_ok (Fixture    *f,
               gint64      asset_id,
               gint64      person_id,
               const char *description)
{
  AccessArgs a = { asset_id, person_id, description };

  ok_step (f, step_add_access, &a);
  return count_sql (f, "SELECT max (id) FROM asset_access");
}

static void
dispose_ok (Fixture    *f,
            gint64      asset_id,
            gint64      approver,
            const char *approved_on,
            const char *erasure,
            const char *disposed_on)
{
  DisposeArgs a = { asset_id, { 0 } };

  a.disposal.approver_id = approver;
  a.disposal.approved_on = (char *)approved_on;
  a.disposal.erasure_method = (char *)erasure;
  a.disposal.disposed_on = (char *)disposed_on;
  a.disposal.witness_id = approver ? f->staff : 0;
  a.disposal.note = (char *)"業者立会い";
  ok_step (f, step_dispose, &a);
}

static void
test_disposed_read_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetRecord) r = NULL;
  g_autoptr(MamoriDisposal) d = NULL;
  g_autoptr(MamoriDisposal) none = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *s = NULL;
  g_autofree char *disposal_uuid = NULL;
  gint64 id, takeout, access;
  TakeoutArgs t = { 0, { 0 } };
  ReturnArgs ret = { 0, "2025-06-01" };
  DisposeArgs again = { 0, { 0 } };
  AccessArgs more = { 0, 0, "人事課の職員" };

  id = insert_new (f, "DSP-1", "旧業務端末");
  uuid = uuid_of (f, id);
  takeout = add_takeout_ok (f, id, "take-out", "2025-05-01", f->officer, "2025-04-30");
  access = add_access_ok (f, id, f->staff, NULL);

  none = mamori_asset_get_disposal (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  dispose_ok (f, id, f->officer, "2025-07-01", "物理破壊", "2025-07-10");
  r = load (f, id);
  g_assert_cmpstr (r->status, ==, "disposed");
  d = mamori_asset_get_disposal (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (d);
  g_assert_cmpint (d->approver_id, ==, f->officer);
  g_assert_cmpstr (d->approver_name, ==, "佐藤 花子");
  g_assert_cmpstr (d->approved_on, ==, "2025-07-01");
  g_assert_cmpstr (d->erasure_method, ==, "物理破壊");
  g_assert_cmpstr (d->disposed_on, ==, "2025-07-10");
  g_assert_cmpint (d->witness_id, ==, f->staff);
  g_assert_cmpstr (d->witness_name, ==, "鈴木 太郎");
  g_assert_cmpstr (d->note, ==, "業者立会い");

  /* Audited: the disposal's insert, and the asset's change of status. */
  disposal_uuid = g_strdup (d->uuid);
  s = last_audit (f, "asset_disposals", disposal_uuid, "action || '|' || "
                  "json_extract (after, '$.erasure_method')");
  g_assert_cmpstr (s, ==, "insert|物理破壊");
  g_clear_pointer (&s, g_free);
  s = last_audit (f, "assets", uuid, "action || '|' || json_extract (before, '$.status') || '|' || "
                  "json_extract (after, '$.status')");
  g_assert_cmpstr (s, ==, "update|active|disposed");
  g_clear_pointer (&s, g_free);

  /* Nothing of it can change any more. */
  g_free (r->name);
  r->name = g_strdup ("名前を変えたい");
  s = assert_refused (f, step_update, r, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_DISPOSED);
  g_assert_nonnull (strstr (s, "DSP-1"));
  g_clear_pointer (&s, g_free);
  g_free (assert_refused (f, step_delete, &id, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_DISPOSED));

  again.asset_id = id;
  again.disposal.approver_id = f->officer;
  again.disposal.approved_on = (char *)"2025-08-01";
  again.disposal.erasure_method = (char *)"上書き消去";
  again.disposal.disposed_on = (char *)"2025-08-02";
  g_free (assert_refused (f, step_dispose, &again, MAMORI_ASSET_ERROR,
                          MAMORI_ASSET_ERROR_DISPOSED));

  t.asset_id = id;
  t.takeout.kind = (char *)"transmission";
  t.takeout.purpose = (char *)"監査資料の送付";
  t.takeout.out_on = (char *)"2025-08-01";
  g_free (assert_refused (f, step_add_takeout, &t, MAMORI_ASSET_ERROR,
                          MAMORI_ASSET_ERROR_DISPOSED));
  ret.takeout_id = takeout;
  g_free (assert_refused (f, step_return, &ret, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_DISPOSED));
  more.asset_id = id;
  g_free (assert_refused (f, step_add_access, &more, MAMORI_ASSET_ERROR,
                          MAMORI_ASSET_ERROR_DISPOSED));
  g_free (assert_refused (f, step_remove_access, &access, MAMORI_ASSET_ERROR,
                          MAMORI_ASSET_ERROR_DISPOSED));

  g_clear_pointer (&r, mamori_asset_record_free);
  r = load (f, id);
  g_assert_cmpstr (r->name, ==, "旧業務端末");
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM asset_disposals"), ==, 1);
  assert_check_clean (f);
}

static void
test_disposal_validation (Fixture       *f,
                          gconstpointer  data)
{
  gint64 id = insert_new (f, "DSV-1", "廃棄予定の書類");
  gint64 missing = 9999;
  DisposeArgs a = { id, { 0 } };

  /* No date, a date that is none, approval without its date or its approver. */
  a.disposal.erasure_method = (char *)"溶解処理";
  g_free (assert_refused (f, step_dispose, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.disposal.disposed_on = (char *)"2025-02-29";
  g_free (assert_refused (f, step_dispose, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.disposal.disposed_on = (char *)"2025-03-01";
  a.disposal.approver_id = f->officer;
  g_free (assert_refused (f, step_dispose, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.disposal.approver_id = 0;
  a.disposal.approved_on = (char *)"2025-02-28";
  g_free (assert_refused (f, step_dispose, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.disposal.approver_id = f->officer;
  a.disposal.approved_on = (char *)"2025-02-31";
  g_free (assert_refused (f, step_dispose, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  /* An approver who does not exist. */
  a.disposal.approver_id = 9999;
  a.disposal.approved_on = (char *)"2025-02-28";
  g_free (assert_refused (f, step_dispose, &a, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_CONSTRAINT));
  /* An asset that does not exist. */
  a.asset_id = missing;
  a.disposal.approver_id = f->officer;
  g_free (assert_refused (f, step_dispose, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_NOT_FOUND));

  /* A disposal without approval is recorded (and flagged by the checks, not refused). */
  a.asset_id = id;
  a.disposal.approver_id = 0;
  a.disposal.approved_on = NULL;
  ok_step (f, step_dispose, &a);
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM assets WHERE status = 'disposed'"), ==, 1);
}

/* Deletion ------------------------------------------------------------------------------------ */

static void
test_delete_original_in_use (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) copy = record_new (f, "CPY-1", "人事課への写し");
  gint64 original = insert_new (f, "ORG-1", "原本");
  gint64 copy_id;
  g_autofree char *message = NULL;

  copy->original_id = original;
  copy->holding_section_id = f->jinji;
  copy_id = insert_ok (f, copy);

  message = assert_refused (f, step_delete, &original, MAMORI_ASSET_ERROR,
                            MAMORI_ASSET_ERROR_IN_USE);
  g_assert_nonnull (strstr (message, "ORG-1"));

  /* Without its copies it can go. */
  ok_step (f, step_delete, &copy_id);
  ok_step (f, step_delete, &original);
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM assets"), ==, 0);
}

static void
test_delete_removes_registers (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckReport) report = NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
  gint64 id = insert_new (f, "DEL-1", "誤登録の資産");
  gint64 other = insert_new (f, "KEEP-1", "残る資産");
  sqlite3_stmt *stmt = NULL;

  add_access_ok (f, id, f->staff, NULL);
  add_access_ok (f, id, 0, "総務課の全職員");
  add_takeout_ok (f, id, "take-out", "2025-05-01", 0, NULL);
  add_takeout_ok (f, id, "transmission", "2025-05-02", f->officer, "2025-05-01");
  add_access_ok (f, other, f->staff, NULL);
  add_takeout_ok (f, other, "take-out", "2025-05-03", 0, NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db_of (f),
                                       "SELECT 'asset_access|' || uuid FROM asset_access "
                                       "WHERE asset_id = ?1 UNION ALL "
                                       "SELECT 'asset_takeouts|' || uuid FROM asset_takeouts "
                                       "WHERE asset_id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (children, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (children->len, ==, 4);

  ok_step (f, step_delete, &id);

  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM asset_access WHERE asset_id = %"
                              G_GINT64_FORMAT, id), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM asset_takeouts WHERE asset_id = %"
                              G_GINT64_FORMAT, id), ==, 0);
  /* Each register row went through the audit log as a delete. */
  for (guint i = 0; i < children->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (children, i), "|", 2);
      g_autofree char *action = last_audit (f, parts[0], parts[1], "action || '|' || "
                                            "(before IS NOT NULL) || (after IS NULL)");

      g_assert_cmpstr (action, ==, "delete|11");
    }
  /* The other asset keeps its own. */
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM asset_access WHERE asset_id = %"
                              G_GINT64_FORMAT, other), ==, 1);
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM asset_takeouts WHERE asset_id = %"
                              G_GINT64_FORMAT, other), ==, 1);

  report = mamori_check_run (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (mt_report_mentions (report, "deleted outside Mamori", NULL));
  g_assert_cmpuint (report->problems->len, ==, 0);
}

/* Codes and kinds ----------------------------------------------------------------------------- */

static void
test_next_code (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *first = mamori_asset_next_code (f->store, f->soumu);
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *other = NULL;
  g_autofree char *nowhere = NULL;

  /* The section's code and a number. */
  g_assert_cmpstr (first, ==, "010100-0001");
  g_assert_cmpint (mamori_asset_find_by_code (f->store, first), ==, 0);
  insert_new (f, first, "一つ目");
  g_assert_cmpint (mamori_asset_find_by_code (f->store, first), >, 0);

  second = mamori_asset_next_code (f->store, f->soumu);
  g_assert_cmpstr (second, ==, "010100-0002");

  /* A hand-made code in the way: the count says 0003, which is taken, so the next free. */
  insert_new (f, "010100-0003", "手で付けた番号");
  third = mamori_asset_next_code (f->store, f->soumu);
  g_assert_cmpint (mamori_asset_find_by_code (f->store, third), ==, 0);
  g_assert_cmpstr (third, ==, "010100-0004");
  insert_new (f, third, "三つ目");

  /* Another section counts its own. */
  other = mamori_asset_next_code (f->store, f->jinji);
  g_assert_cmpstr (other, ==, "010200-0001");
  /* A section that does not exist still gets a free code. */
  nowhere = mamori_asset_next_code (f->store, 9999);
  g_assert_cmpint (mamori_asset_find_by_code (f->store, nowhere), ==, 0);
  g_assert_true (g_str_has_prefix (nowhere, "A-"));
}

static void
assert_kinds_round_trip (void)
{
  static const struct { const char *label, *kind; } spelled[] = {
    { "Electronic data", "electronic" },
    { "ELECTRONIC   DATA", "electronic" },
    { "  Paper ", "paper" },
    { "Ｐａｐｅｒ", "paper" },
    { "Storage medium", "medium" },
    { "Equipment", "equipment" },
    { "software", "software" },
    { "Network diagram or system specification", "design-doc" },
    { "DESIGN-DOC", "design-doc" },
    { "Other", "other" },
  };

  for (guint i = 0; mamori_asset_kinds[i]; i++)
    {
      const char *kind = mamori_asset_kinds[i];
      const char *label = mamori_asset_kind_label (kind);

      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
      g_assert_cmpstr (mamori_asset_kind_from_label (kind), ==, kind);
      g_assert_cmpstr (mamori_asset_kind_from_label (label), ==, kind);
    }
  for (guint i = 0; i < G_N_ELEMENTS (spelled); i++)
    g_assert_cmpstr (mamori_asset_kind_from_label (spelled[i].label), ==, spelled[i].kind);

  g_assert_null (mamori_asset_kind_from_label (NULL));
  g_assert_null (mamori_asset_kind_from_label (""));
  g_assert_null (mamori_asset_kind_from_label ("vehicle"));
  g_assert_null (mamori_asset_kind_from_label ("Paper shredder"));
  /* An unknown code is shown as it is. */
  g_assert_cmpstr (mamori_asset_kind_label ("vehicle"), ==, "vehicle");
  g_assert_cmpstr (mamori_asset_kind_label (NULL), ==, "");
}

static void
test_kind_labels (void)
{
  g_autofree char *language = g_strdup (g_getenv ("LANGUAGE"));

  g_assert_cmpuint (g_strv_length ((char **)mamori_asset_kinds), ==, 7);
  g_setenv ("LANGUAGE", "ja", TRUE);
  assert_kinds_round_trip ();
  g_unsetenv ("LANGUAGE");
  assert_kinds_round_trip ();
  if (language)
    g_setenv ("LANGUAGE", language, TRUE);
}

/* Take-outs ----------------------------------------------------------------------------------- */

static void
test_takeouts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *s = NULL;
  gint64 id = insert_new (f, "TKO-1", "説明会資料");
  gint64 first, second;
  TakeoutArgs a = { id, { 0 } };
  ReturnArgs ret = { 0, NULL };
  MamoriTakeout *t;
  g_autofree char *takeout_uuid = NULL;
  g_autofree char *message = NULL;

  /* Refused: what the register must say and cannot. */
  a.takeout.kind = (char *)"take-out";
  a.takeout.out_on = (char *)"2025-05-01";
  message = assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR,
                            MAMORI_ASSET_ERROR_INVALID);
  g_assert_nonnull (strstr (message, "purpose"));
  g_clear_pointer (&message, g_free);
  a.takeout.purpose = (char *)" \u3000 ";
  g_free (assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.takeout.purpose = (char *)"説明会";
  a.takeout.kind = NULL;
  g_free (assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.takeout.kind = (char *)"loan";
  g_free (assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.takeout.kind = (char *)"take-out";
  a.takeout.out_on = NULL;
  g_free (assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.takeout.out_on = (char *)"2025/05/01";
  g_free (assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.takeout.out_on = (char *)"2025-05-01";
  a.takeout.returned_on = (char *)"2025-04-30";
  message = assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR,
                            MAMORI_ASSET_ERROR_INVALID);
  g_assert_nonnull (strstr (message, "return"));
  g_clear_pointer (&message, g_free);
  a.takeout.returned_on = (char *)"2025-05-32";
  g_free (assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.takeout.returned_on = NULL;
  /* Approver and date of approval come together. */
  a.takeout.approver_id = f->officer;
  message = assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR,
                            MAMORI_ASSET_ERROR_INVALID);
  g_assert_nonnull (strstr (message, "approv"));
  g_clear_pointer (&message, g_free);
  a.takeout.approver_id = 0;
  a.takeout.approved_on = (char *)"2025-04-28";
  g_free (assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.takeout.approver_id = f->officer;
  a.takeout.approved_on = (char *)"28 April 2025";
  g_free (assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  /* An approver who is nobody, an asset that is not there. */
  a.takeout.approver_id = 9999;
  a.takeout.approved_on = (char *)"2025-04-28";
  g_free (assert_refused (f, step_add_takeout, &a, MAMORI_STORE_ERROR,
                          MAMORI_STORE_ERROR_CONSTRAINT));
  a.takeout.approver_id = 0;
  a.takeout.approved_on = NULL;
  a.asset_id = 9999;
  g_free (assert_refused (f, step_add_takeout, &a, MAMORI_ASSET_ERROR,
                          MAMORI_ASSET_ERROR_NOT_FOUND));
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM asset_takeouts"), ==, 0);

  /* Accepted: one without approval (recorded as it happened), one approved and returned the
   * same day. */
  first = add_takeout_ok (f, id, "take-out", "2025-05-01", 0, NULL);
  a.asset_id = id;
  a.takeout.kind = (char *)"transmission";
  a.takeout.purpose = (char *)"委託先への送付";
  a.takeout.destination = (char *)"委託先";
  a.takeout.requested_by = (char *)"鈴木 太郎";
  a.takeout.approver_id = f->officer;
  a.takeout.approved_on = (char *)"2025-05-30";
  a.takeout.out_on = (char *)"2025-06-01";
  a.takeout.returned_on = (char *)"2025-06-01";
  ok_step (f, step_add_takeout, &a);
  second = count_sql (f, "SELECT max (id) FROM asset_takeouts");
  g_assert_cmpint (second, >, first);

  list = mamori_asset_list_takeouts (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  /* Newest first. */
  t = g_ptr_array_index (list, 0);
  g_assert_cmpint (t->id, ==, second);
  g_assert_cmpstr (t->kind, ==, "transmission");
  g_assert_cmpstr (t->destination, ==, "委託先");
  g_assert_cmpint (t->approver_id, ==, f->officer);
  g_assert_cmpstr (t->approver_name, ==, "佐藤 花子");
  g_assert_cmpstr (t->approved_on, ==, "2025-05-30");
  g_assert_cmpstr (t->returned_on, ==, "2025-06-01");
  t = g_ptr_array_index (list, 1);
  g_assert_cmpint (t->id, ==, first);
  g_assert_cmpint (t->approver_id, ==, 0);
  g_assert_null (t->approver_name);
  g_assert_null (t->approved_on);
  g_assert_null (t->returned_on);
  takeout_uuid = g_strdup (t->uuid);
  s = last_audit (f, "asset_takeouts", takeout_uuid, "action || '|' || "
                  "json_extract (after, '$.purpose')");
  g_assert_cmpstr (s, ==, "insert|出張先での説明");
  g_clear_pointer (&s, g_free);

  /* Return: not before it went out, not a non-date, not of a take-out that is not there. */
  ret.takeout_id = first;
  ret.returned_on = "2025-04-30";
  g_free (assert_refused (f, step_return, &ret, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  ret.returned_on = NULL;
  g_free (assert_refused (f, step_return, &ret, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  ret.returned_on = "2025-05-xx";
  g_free (assert_refused (f, step_return, &ret, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  ret.takeout_id = 9999;
  ret.returned_on = "2025-05-03";
  g_free (assert_refused (f, step_return, &ret, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));

  ret.takeout_id = first;
  ok_step (f, step_return, &ret);
  s = last_audit (f, "asset_takeouts", takeout_uuid, "action || '|' || "
                  "coalesce (json_extract (before, '$.returned_on'), 'null') || '|' || "
                  "json_extract (after, '$.returned_on')");
  g_assert_cmpstr (s, ==, "update|null|2025-05-03");
  g_clear_pointer (&s, g_free);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = mamori_asset_list_takeouts (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((MamoriTakeout *)g_ptr_array_index (list, 1))->returned_on, ==, "2025-05-03");
}

/* Access rights ------------------------------------------------------------------------------- */

static void
test_access (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *message = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *s = NULL;
  gint64 id = insert_new (f, "ACC-1", "人事評価記録");
  gint64 person, group, missing = 9999;
  AccessArgs a = { id, 0, NULL };
  MamoriAccess *x;

  /* Nobody named or described. */
  g_free (assert_refused (f, step_add_access, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  a.description = " ";
  g_free (assert_refused (f, step_add_access, &a, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID));
  /* An asset that is not there. */
  a.asset_id = 9999;
  a.person_id = f->staff;
  a.description = NULL;
  g_free (assert_refused (f, step_add_access, &a, MAMORI_ASSET_ERROR,
                          MAMORI_ASSET_ERROR_NOT_FOUND));

  person = add_access_ok (f, id, f->staff, NULL);
  group = add_access_ok (f, id, 0, "人事課 人事係の職員");
  uuid = text_sql (f, "SELECT uuid FROM asset_access WHERE id = %" G_GINT64_FORMAT, person);
  s = last_audit (f, "asset_access", uuid, "action || '|' || json_extract (after, '$.person_id')");
  message = g_strdup_printf ("insert|%" G_GINT64_FORMAT, f->staff);
  g_assert_cmpstr (s, ==, message);
  g_clear_pointer (&s, g_free);
  g_clear_pointer (&message, g_free);

  /* The same person twice is refused, with words, not SQL. */
  a.asset_id = id;
  a.person_id = f->staff;
  message = assert_refused (f, step_add_access, &a, MAMORI_ASSET_ERROR,
                            MAMORI_ASSET_ERROR_INVALID);
  g_assert_nonnull (strstr (message, "already"));
  g_assert_null (strstr (message, "UNIQUE"));

  /* … also when the caller does not want the error. */
  begin (f);
  g_assert_false (mamori_asset_add_access (f->store, id, f->staff, NULL, NULL));
  mamori_store_rollback (f->store);

  list = mamori_asset_list_access (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    {
      x = g_ptr_array_index (list, i);
      if (x->id == person)
        {
          g_assert_cmpint (x->person_id, ==, f->staff);
          g_assert_cmpstr (x->person_name, ==, "鈴木 太郎");
        }
      else
        {
          g_assert_cmpint (x->id, ==, group);
          g_assert_cmpint (x->person_id, ==, 0);
          g_assert_null (x->person_name);
          g_assert_cmpstr (x->description, ==, "人事課 人事係の職員");
        }
    }

  ok_step (f, step_remove_access, &person);
  s = last_audit (f, "asset_access", uuid, "action || '|' || (after IS NULL)");
  g_assert_cmpstr (s, ==, "delete|1");
  g_clear_pointer (&s, g_free);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = mamori_asset_list_access (f->store, id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((MamoriAccess *)g_ptr_array_index (list, 0))->id, ==, group);
  /* Gone, so it cannot be removed again; and the person may be given access again. */
  g_free (assert_refused (f, step_remove_access, &person, MAMORI_ASSET_ERROR,
                          MAMORI_ASSET_ERROR_INVALID));
  g_free (assert_refused (f, step_remove_access, &missing, MAMORI_ASSET_ERROR,
                          MAMORI_ASSET_ERROR_INVALID));
  add_access_ok (f, id, f->staff, NULL);
}

/* A transaction of several steps, one of which fails, leaves nothing behind. */
static void
test_rollback_of_steps (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetRecord) r = record_new (f, "TX-1", "一括登録の一件目");
  g_autoptr(MamoriAssetRecord) bad = record_new (f, "TX-2", "一括登録の二件目");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MamoriTakeout t = { 0 };
  gint64 existing = insert_new (f, "TX-0", "既にある資産");
  gint64 id = 0;

  add_access_ok (f, existing, f->officer, NULL);
  before = fingerprint (f);

  begin (f);
  g_assert_true (mamori_asset_insert (f->store, r, &id, &error));
  g_assert_true (mamori_asset_add_access (f->store, id, f->staff, NULL, &error));
  t.kind = (char *)"take-out";
  t.purpose = (char *)"研修";
  t.out_on = (char *)"2025-05-01";
  g_assert_true (mamori_asset_add_takeout (f->store, id, &t, &error));
  g_assert_true (mamori_asset_delete (f->store, existing, &error));
  g_assert_no_error (error);
  /* The second record is invalid: the whole import goes. */
  g_free (bad->name);
  bad->name = g_strdup ("");
  g_assert_false (mamori_asset_insert (f->store, bad, NULL, &error));
  g_assert_error (error, MAMORI_ASSET_ERROR, MAMORI_ASSET_ERROR_INVALID);
  mamori_store_rollback (f->store);

  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (mamori_asset_find_by_code (f->store, "TX-1"), ==, 0);
  g_assert_cmpint (mamori_asset_find_by_code (f->store, "TX-0"), ==, existing);
  assert_check_clean (f);
}

/* Search ------------------------------------------------------------------------------------- */

/* The codes of the assets a query finds, the way the core searches: the index for the rows
 * that may match, then every word as a substring of the row's folded text. */
static char *
search (Fixture    *f,
        const char *query)
{
  g_auto(GStrv) words = mamori_search_words (query);
  g_autofree char *match = mamori_search_match (words);
  g_autoptr(GString) sql = g_string_new ("SELECT a.code FROM asset_search "
                                         "JOIN assets AS a ON a.id = asset_search.rowid "
                                         "WHERE asset_search MATCH ?1");
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  int rc;

  if (match == NULL)
    return g_strdup ("");
  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (sql, " AND instr (a.search_text, ?%u) > 0", ++n + 1);
  g_string_append (sql, " ORDER BY a.code");

  rc = sqlite3_prepare_v2 (db_of (f), sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("search “%s” (%s): %s", query, match, sqlite3_errmsg (db_of (f)));
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  n = 0;
  for (guint i = 0; words[i]; i++)
    if (*words[i])
      sqlite3_bind_text (stmt, ++n + 1, words[i], -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    g_error ("search “%s” (%s): %s", query, match, sqlite3_errmsg (db_of (f)));
  sqlite3_finalize (stmt);
  g_ptr_array_add (codes, NULL);
  return g_strjoinv (",", (char **)codes->pdata);
}

/* The rowids the index alone gives for a query, without the substring check. */
static char *
index_rows (Fixture    *f,
            const char *query)
{
  g_auto(GStrv) words = mamori_search_words (query);
  g_autofree char *match = mamori_search_match (words);
  g_autoptr(GString) rows = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_nonnull (match);
  g_assert_cmpint (sqlite3_prepare_v2 (db_of (f), "SELECT rowid FROM asset_search WHERE "
                                       "asset_search MATCH ? ORDER BY rowid", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (rows, "%s%lld", rows->len ? "," : "",
                            (long long)sqlite3_column_int64 (stmt, 0));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&rows), FALSE);
}

/* The index holds exactly the assets' search text. */
static void
assert_index_consistent (Fixture *f)
{
  char *message = NULL;
  int rc = sqlite3_exec (db_of (f), "INSERT INTO asset_search (asset_search, rank) "
                                    "VALUES ('integrity-check', 1)", NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("search index out of step: %s", message);
}

#define assert_search(f, query, expected) \
  G_STMT_START { \
    g_autofree char *found_ = search ((f), (query)); \
    g_test_message ("search “%s” → “%s”", (query), found_); \
    g_assert_cmpstr (found_, ==, (expected)); \
  } G_STMT_END

static void
add_search_assets (Fixture *f)
{
  insert_new (f, "K-0001", "住民基本台帳データ");
  insert_new (f, "K-0002", "総務課 共有フォルダ");
  insert_new (f, "K-0003", "ｾｷｭﾘﾃｨ設定");
  insert_new (f, "K-0004", "ＡＢＣシステム");
}

static void
test_search_japanese (Fixture       *f,
                      gconstpointer  data)
{
  add_search_assets (f);
  assert_index_consistent (f);

  /* Two characters, the commonest Japanese query. */
  assert_search (f, "台帳", "K-0001");
  assert_search (f, "総務", "K-0002");
  assert_search (f, "設定", "K-0003");
  /* Three and more. */
  assert_search (f, "基本台帳", "K-0001");
  assert_search (f, "住民基本台帳データ", "K-0001");
  assert_search (f, "共有フォルダ", "K-0002");
  assert_search (f, "システム", "K-0004");
  /* Kana and width variants of the same word. */
  assert_search (f, "セキュリティ", "K-0003");
  assert_search (f, "せきゅりてぃ", "K-0003");
  assert_search (f, "ｾｷｭﾘﾃｨ", "K-0003");
  assert_search (f, "ｾｷｭﾘﾃｨ設定", "K-0003");
  assert_search (f, "でーた", "K-0001");
  /* ASCII in any case and width. */
  assert_search (f, "abc", "K-0004");
  assert_search (f, "ABC", "K-0004");
  assert_search (f, "aBc", "K-0004");
  assert_search (f, "ＡＢＣ", "K-0004");
  assert_search (f, "ｂｃ", "K-0004");
  /* The code is searched too. */
  assert_search (f, "k-0003", "K-0003");
  /* Several words: all of them. */
  assert_search (f, "総務 フォルダ", "K-0002");
  assert_search (f, "フォルダ\u3000総務", "K-0002");
  assert_search (f, "台帳 データ", "K-0001");
  assert_search (f, "総務 台帳", "");
  /* Nothing, and pairs that are all there but not together. */
  assert_search (f, "存在しない", "");
  assert_search (f, "台帳総務", "");
  assert_search (f, "xyz", "");
  assert_search (f, "", "");
  assert_search (f, "   ", "");
}

/* One character, at the start, in the middle and at the end of a run of text (the tokenizer
 * gives the last character of a run a token of its own in documents). */
static void
test_search_one_character (Fixture       *f,
                           gconstpointer  data)
{
  add_search_assets (f);

  assert_search (f, "住", "K-0001");
  assert_search (f, "務", "K-0002");
  assert_search (f, "共", "K-0002");
  assert_search (f, "設", "K-0003");
  assert_search (f, "ｾ", "K-0003");
  assert_search (f, "ぎ", "");
  assert_search (f, "ｼ", "K-0004");
  assert_search (f, "ａ", "K-0004");
  assert_search (f, "課", "K-0002");
  assert_search (f, "ダ", "K-0002");
  /* A character in several rows finds them all. */
  insert_new (f, "K-0005", "課税台帳の写し");
  assert_search (f, "台", "K-0001,K-0005");
}

/* Whatever is typed is words to find, never FTS5 syntax. */
static void
test_search_syntax_characters (Fixture       *f,
                               gconstpointer  data)
{
  static const char *queries[] = {
    "\"", "\"\"", "\"*", "*", "台帳*", "AND", "OR", "NOT", "台帳 AND 総務", "台帳 OR 総務",
    "NEAR(", "NEAR(台帳 総務)", "NEAR", "(", ")", "()", "-台帳", "^", "^台帳", ":",
    "search_text:台帳", "{search_text}:台帳", "'", "''", "\\", "%", "_", "台帳\"", "\"台帳\"",
    "+", "a+b", "*台", "\x01", "台\x01帳",
  };

  add_search_assets (f);
  /* The index answers at all. */
  assert_search (f, "台帳", "K-0001");
  /* No text holds any of these as it is written: an operator is a word like any other
   * ("台帳 OR 総務" needs both words, and "or"), and search() fails the test on any SQL
   * error. */
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    assert_search (f, queries[i], "");
  /* "-" (FTS5's NOT of a column filter) is a character, which every code has. */
  assert_search (f, "-", "K-0001,K-0002,K-0003,K-0004");
  /* Quotes and asterisks are characters to find when the text has them. */
  insert_new (f, "K-0005", "\"重要\" 報告書*改");
  assert_search (f, "\"重要\"", "K-0005");
  assert_search (f, "書*改", "K-0005");
  assert_search (f, "\"", "K-0005");
  assert_search (f, "*", "K-0005");
}

static void
test_search_follows_changes (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) r = NULL;
  g_autofree char *rows = NULL;
  gint64 id;

  add_search_assets (f);
  id = mamori_asset_find_by_code (f->store, "K-0001");
  r = load (f, id);
  g_free (r->name);
  r->name = g_strdup ("固定資産課税台帳");
  g_free (r->description);
  r->description = g_strdup ("評価額の写し");
  ok_step (f, step_update, r);
  assert_index_consistent (f);

  assert_search (f, "住民", "");
  assert_search (f, "データ", "");
  assert_search (f, "固定資産", "K-0001");
  assert_search (f, "評価額", "K-0001");
  assert_search (f, "台帳", "K-0001");
  assert_search (f, "税", "K-0001");
  /* The index itself forgot the old text (not only the substring check). */
  rows = index_rows (f, "住民");
  g_assert_cmpstr (rows, ==, "");
  g_clear_pointer (&rows, g_free);

  ok_step (f, step_delete, &id);
  assert_index_consistent (f);
  assert_search (f, "台帳", "");
  assert_search (f, "固定資産", "");
  rows = index_rows (f, "台帳");
  g_assert_cmpstr (rows, ==, "");
  g_clear_pointer (&rows, g_free);
  assert_search (f, "総務", "K-0002");

  /* A rollback takes the index back with the row. */
  {
    g_autoptr(MamoriAssetRecord) n = record_new (f, "K-0009", "監査ログ保管庫");
    g_autoptr(GError) error = NULL;

    begin (f);
    g_assert_true (mamori_asset_insert (f->store, n, NULL, &error));
    g_assert_no_error (error);
    assert_search (f, "監査", "K-0009");
    mamori_store_rollback (f->store);
    assert_search (f, "監査", "");
    rows = index_rows (f, "監査");
    g_assert_cmpstr (rows, ==, "");
    assert_index_consistent (f);
  }
}

static void
test_search_bulk (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetRecord) r = record_new (f, "B-0001", "監査ログ保管庫");
  g_autofree char *rows = NULL;
  gint64 id = 0;

  add_search_assets (f);
  mamori_store_set_bulk (f->store, TRUE);
  g_assert_true (mamori_store_get_bulk (f->store));
  begin (f);
  g_assert_true (mamori_asset_insert (f->store, r, &id, &error));
  g_assert_no_error (error);
  commit (f);
  mamori_store_set_bulk (f->store, FALSE);

  /* Stored, with its search text, but not in the index. */
  g_assert_cmpint (mamori_asset_find_by_code (f->store, "B-0001"), ==, id);
  g_assert_cmpint (count_sql (f, "SELECT instr (search_text, '監査') > 0 FROM assets "
                              "WHERE id = %" G_GINT64_FORMAT, id), ==, 1);
  assert_search (f, "監査", "");
  rows = index_rows (f, "監査");
  g_assert_cmpstr (rows, ==, "");
  g_clear_pointer (&rows, g_free);
  assert_search (f, "台帳", "K-0001");

  begin (f);
  g_assert_true (mamori_asset_search_rebuild (f->store, &error));
  g_assert_no_error (error);
  commit (f);
  assert_index_consistent (f);
  assert_search (f, "監査", "B-0001");
  assert_search (f, "保管", "B-0001");
  assert_search (f, "台帳", "K-0001");
  assert_check_clean (f);
}

/* The history of an asset, as the editor asks for it: "table|action" of each entry, oldest
 * first, joined by spaces. */
static char *
history_of (Fixture *f,
            gint64   id)
{
  static const char *children[] = { "asset_takeouts", "asset_disposals", "asset_access", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = uuid_of (f, id);
  g_autoptr(GPtrArray) history = mamori_audit_history (f->store, "assets", uuid, children,
                                                       "asset_id", id, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (history);
  for (guint i = history->len; i-- > 0;)
    {
      MamoriHistoryEntry *e = g_ptr_array_index (history, i);

      g_string_append_printf (s, "%s%s|%s", s->len ? " " : "", e->table, e->action);
    }
  return g_string_free (s, FALSE);
}

/* Rows of the asset's registers deleted since are in its history (issue 3): a withdrawn
 * access right, a take-out removed; not those of an earlier asset that had the same id. */
static void
test_history_deleted_children (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *takeout_uuid = NULL;
  g_autofree char *history = NULL;
  gint64 gone = insert_new (f, "HIS-0", "削除される資産");
  gint64 id, access, takeout;
  sqlite3_stmt *stmt;

  /* An asset with an access right, deleted with it: its id is free again. */
  add_access_ok (f, gone, f->staff, NULL);
  ok_step (f, step_delete, &gone);
  id = insert_new (f, "HIS-1", "住民記録の写し");
  g_assert_cmpint (id, ==, gone);

  access = add_access_ok (f, id, f->staff, NULL);
  takeout = add_takeout_ok (f, id, "take-out", "2025-05-01", f->officer, "2025-04-30");
  history = history_of (f, id);
  g_assert_cmpstr (history, ==, "assets|insert asset_access|insert asset_takeouts|insert");
  g_clear_pointer (&history, g_free);

  /* The access right withdrawn, the take-out deleted (as a later register might). */
  ok_step (f, step_remove_access, &access);
  takeout_uuid = text_sql (f, "SELECT uuid FROM asset_takeouts WHERE id = %" G_GINT64_FORMAT,
                           takeout);
  begin (f);
  stmt = mamori_store_prepare (f->store, "DELETE FROM asset_takeouts WHERE uuid = ?", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, takeout_uuid, -1, SQLITE_TRANSIENT);
  g_assert_true (mamori_store_audited_step (f->store, "asset_takeouts", takeout_uuid,
                                            MAMORI_AUDIT_DELETE, stmt, &error));
  g_assert_no_error (error);
  commit (f);
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM asset_access"), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM asset_takeouts"), ==, 0);

  history = history_of (f, id);
  g_assert_cmpstr (history, ==, "assets|insert asset_access|insert asset_takeouts|insert "
                                "asset_access|delete asset_takeouts|delete");
  assert_check_clean (f);
}

static guint
assets_kept_in (Fixture *f,
                gint64   area)
{
  g_autoptr(GPtrArray) labels = mamori_area_asset_labels (f->store, area, NULL);

  return labels->len;
}

/* The storage place may be a managed area (第3-2): the asset is then listed in the area, the
 * record carries it, and moving it or taking it out is audited like the rest. */
static void
test_kept_in_area (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetRecord) r = record_new (f, "A-1", "住民記録システム");
  g_autoptr(MamoriAssetRecord) loaded = NULL;
  g_autoptr(MamoriAssetRecord) bad = record_new (f, "A-2", "例規集");
  gint64 server = mt_area_new (f->store, "R1", "サーバ室", "I", f->soumu, f->officer);
  gint64 archive = mt_area_new (f->store, "R2", "書庫", "II", f->soumu, f->officer);
  gint64 entries = mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log");
  gint64 id;

  r->area_id = server;
  id = insert_ok (f, r);
  loaded = load (f, id);
  g_assert_cmpint (loaded->area_id, ==, server);
  g_assert_cmpuint (assets_kept_in (f, server), ==, 1);
  g_assert_cmpuint (assets_kept_in (f, archive), ==, 0);
  /* The asset and its place, each with its audit entry. */
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log"), ==, entries + 2);

  /* Moved: one area loses it, the other lists it. */
  loaded->area_id = archive;
  begin (f);
  g_assert_true (mamori_asset_update (f->store, loaded, &error));
  g_assert_no_error (error);
  commit (f);
  g_assert_cmpuint (assets_kept_in (f, server), ==, 0);
  g_assert_cmpuint (assets_kept_in (f, archive), ==, 1);

  /* An edit of another field leaves the place as it is. */
  g_clear_pointer (&loaded, mamori_asset_record_free);
  loaded = load (f, id);
  g_assert_cmpint (loaded->area_id, ==, archive);
  g_free (loaded->medium);
  loaded->medium = g_strdup ("サーバ");
  entries = mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log");
  begin (f);
  g_assert_true (mamori_asset_update (f->store, loaded, &error));
  commit (f);
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log"), ==, entries + 1);
  g_assert_cmpuint (assets_kept_in (f, archive), ==, 1);

  /* Taken out of any area. */
  loaded->area_id = 0;
  begin (f);
  g_assert_true (mamori_asset_update (f->store, loaded, &error));
  commit (f);
  g_assert_cmpuint (assets_kept_in (f, archive), ==, 0);
  g_clear_pointer (&loaded, mamori_asset_record_free);
  loaded = load (f, id);
  g_assert_cmpint (loaded->area_id, ==, 0);

  /* An area that does not exist refuses the whole record, and nothing is written. */
  bad->area_id = archive + 100;
  entries = mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log");
  begin (f);
  g_assert_false (mamori_asset_insert (f->store, bad, NULL, &error));
  g_assert_nonnull (error);
  mamori_store_rollback (f->store);
  g_assert_cmpint (mamori_asset_find_by_code (f->store, "A-2"), ==, 0);
  g_assert_cmpint (mt_sqlite_int (db_of (f), "SELECT count (*) FROM audit_log"), ==, entries);

  assert_check_clean (f);
}

/* The list's query ---------------------------------------------------------------------------- */

/* The codes of the assets @q selects, in its order, space-separated. */
static char *
query_codes (Fixture                *f,
             const MamoriAssetQuery *q,
             guint                   limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = mamori_asset_query_ids (f->store, q, limit, NULL, &error);
  g_autoptr(GString) codes = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *code = text_sql (f, "SELECT code FROM assets WHERE id = %" G_GINT64_FORMAT,
                                        g_array_index (ids, gint64, i));

      g_string_append_printf (codes, "%s%s", i ? " " : "", code);
    }
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

#define assert_query(f, q, limit, expected) \
  G_STMT_START { \
    g_autofree char *found_ = query_codes ((f), (q), (limit)); \
    g_assert_cmpstr (found_, ==, (expected)); \
  } G_STMT_END

/* Every filter of the list alone and together, every sort both ways, a search, the first
 * screen's limit: each against the assets it must find, in the order it must give them. */
static void
test_query_filters_and_sorts (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(MamoriAssetQuery) q = mamori_asset_query_new ();
  g_autoptr(MamoriAssetRecord) q1 = record_new (f, "Q1", "住民基本台帳データ");
  g_autoptr(MamoriAssetRecord) q2 = record_new (f, "Q2", "人事記録カード");
  g_autoptr(MamoriAssetRecord) q3 = record_new (f, "Q3", "給与計算仕様書");
  g_autoptr(MamoriAssetRecord) q4 = record_new (f, "Q4", "バックアップ媒体");
  g_autoptr(MamoriAssetRecord) q5 = record_new (f, "Q5", "住民基本台帳データ写し");
  gint64 server = mt_area_new (f->store, "R1", "サーバ室", "I", f->soumu, f->officer);
  gint64 archive = mt_area_new (f->store, "R2", "書庫", "II", f->soumu, f->officer);
  gint64 id3;

  g_free (q1->registered_on);
  q1->registered_on = g_strdup ("2025-04-03");
  q1->area_id = server;
  g_free (q2->kind);
  q2->kind = g_strdup ("paper");
  q2->owner_section_id = f->jinji;
  q2->area_id = server;
  g_free (q3->kind);
  q3->kind = g_strdup ("design-doc");
  q3->owner_section_id = f->jinji;
  g_free (q3->registered_on);
  q3->registered_on = g_strdup ("2025-04-02");
  /* Class I on a medium kept in no lockable storage: 第2-4-(3)'s check flags it. */
  g_free (q4->kind);
  q4->kind = g_strdup ("medium");
  g_free (q4->class_code);
  q4->class_code = g_strdup ("I");
  g_free (q4->criteria);
  q4->criteria = g_strdup ("イ");
  q4->lockable = MAMORI_NO;
  g_free (q4->registered_on);
  q4->registered_on = g_strdup ("2025-04-04");
  q4->area_id = archive;
  q5->holding_section_id = f->jinji;
  g_free (q5->registered_on);
  q5->registered_on = g_strdup ("2025-04-05");

  insert_ok (f, q1);
  insert_ok (f, q2);
  id3 = insert_ok (f, q3);
  insert_ok (f, q4);
  q5->original_id = count_sql (f, "SELECT id FROM assets WHERE code = 'Q1'");
  insert_ok (f, q5);
  dispose_ok (f, id3, f->officer, "2025-07-01", "物理破壊", "2025-07-10");

  assert_query (f, q, 0, "Q1 Q2 Q3 Q4 Q5");
  assert_query (f, q, 2, "Q1 Q2");
  q->descending = TRUE;
  assert_query (f, q, 0, "Q5 Q4 Q3 Q2 Q1");
  q->descending = FALSE;

  /* A section finds what it created and the copies it holds (第2-1). */
  q->section_id = f->soumu;
  assert_query (f, q, 0, "Q1 Q4 Q5");
  q->section_id = f->jinji;
  assert_query (f, q, 0, "Q2 Q3 Q5");
  q->section_id = 0;

  q->class_code = g_strdup ("I");
  assert_query (f, q, 0, "Q4");
  g_clear_pointer (&q->class_code, g_free);
  q->kind = g_strdup ("paper");
  assert_query (f, q, 0, "Q2");
  g_clear_pointer (&q->kind, g_free);
  q->status = g_strdup ("disposed");
  assert_query (f, q, 0, "Q3");
  g_free (q->status);
  q->status = g_strdup ("active");
  assert_query (f, q, 0, "Q1 Q2 Q4 Q5");
  g_clear_pointer (&q->status, g_free);
  q->rule_mask = MAMORI_RULE_ASSET_LOCKABLE_STORAGE;
  assert_query (f, q, 0, "Q4");
  q->rule_mask = MAMORI_RULE_ASSET_COPY_HOLDER;
  assert_query (f, q, 0, "");
  q->rule_mask = 0;

  /* The managed area the assets are kept in (第3-2), alone, with another filter, sorted,
   * searched. */
  q->area_id = server;
  assert_query (f, q, 0, "Q1 Q2");
  q->area_id = archive;
  assert_query (f, q, 0, "Q4");
  q->rule_mask = MAMORI_RULE_ASSET_LOCKABLE_STORAGE;
  assert_query (f, q, 0, "Q4");
  q->rule_mask = 0;
  q->area_id = server;
  q->section_id = f->jinji;
  assert_query (f, q, 0, "Q2");
  q->section_id = 0;
  q->sort = MAMORI_ASSET_SORT_REGISTERED;
  assert_query (f, q, 0, "Q2 Q1");
  q->sort = MAMORI_ASSET_SORT_SECTION;
  q->descending = TRUE;
  assert_query (f, q, 0, "Q2 Q1");
  q->descending = FALSE;
  q->sort = MAMORI_ASSET_SORT_CODE;
  q->text = g_strdup ("人事");
  assert_query (f, q, 0, "Q2");
  g_clear_pointer (&q->text, g_free);
  q->area_id = 0;

  /* Every sort, both ways. */
  q->sort = MAMORI_ASSET_SORT_KIND;
  assert_query (f, q, 0, "Q3 Q1 Q5 Q4 Q2");
  q->descending = TRUE;
  assert_query (f, q, 0, "Q2 Q4 Q5 Q1 Q3");
  q->descending = FALSE;
  q->sort = MAMORI_ASSET_SORT_SECTION;
  assert_query (f, q, 0, "Q1 Q4 Q5 Q2 Q3");
  q->sort = MAMORI_ASSET_SORT_CLASS;
  assert_query (f, q, 0, "Q4 Q1 Q2 Q3 Q5");
  q->sort = MAMORI_ASSET_SORT_STATUS;
  assert_query (f, q, 0, "Q1 Q2 Q4 Q5 Q3");
  q->sort = MAMORI_ASSET_SORT_REGISTERED;
  assert_query (f, q, 0, "Q2 Q3 Q1 Q4 Q5");
  q->descending = TRUE;
  assert_query (f, q, 0, "Q5 Q4 Q1 Q3 Q2");
  q->descending = FALSE;
  q->sort = MAMORI_ASSET_SORT_NAME;
  /* By the names' code points: カタカナ before the kanji 人 < 住 < 給. */
  assert_query (f, q, 0, "Q4 Q2 Q1 Q5 Q3");

  /* A search: Japanese partial match through the index, with a filter and a sort. */
  q->text = g_strdup ("住民");
  assert_query (f, q, 0, "Q1 Q5");
  q->section_id = f->jinji;
  assert_query (f, q, 0, "Q5");
}

/* The first @n codes of @codes (space-separated). */
static char *
first_codes (const char *codes,
             guint       n)
{
  g_auto(GStrv) all = g_strsplit (codes, " ", -1);
  g_autoptr(GString) head = g_string_new (NULL);

  for (guint i = 0; i < n && all[i]; i++)
    g_string_append_printf (head, "%s%s", i ? " " : "", all[i]);
  return g_string_free (g_steal_pointer (&head), FALSE);
}

/* An area that keeps many assets gives its first screen by another plan than the whole list
 * (read in the list's order, not sorted): both must agree. */
static void
test_query_large_area (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MamoriAssetQuery) q = mamori_asset_query_new ();
  gint64 area = mt_area_new (f->store, "R1", "サーバ室", "I", f->soumu, f->officer);
  g_autofree char *sql = NULL;
  static const MamoriAssetSort sorts[] = { MAMORI_ASSET_SORT_CODE, MAMORI_ASSET_SORT_NAME,
                                           MAMORI_ASSET_SORT_SECTION };

  /* 31,000 assets, written here directly (the list only reads them); the area keeps the
   * 20,667 whose number is not a multiple of 3, more than the list sorts whole.  Names run
   * the other way from codes; every fourth belongs to 人事課. */
  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                         "WHERE i < 31000) INSERT INTO assets (uuid, code, name, kind, "
                         "owner_section_id, class_code, registered_on) SELECT printf "
                         "('00000000-0000-7000-8000-%%012d', i), printf ('B%%05d', i), printf "
                         "('資産%%05d', 40000 - i), 'electronic', CASE WHEN i %% 4 = 0 THEN "
                         "%" G_GINT64_FORMAT " ELSE %" G_GINT64_FORMAT " END, 'II', "
                         "'2025-04-01' FROM n; INSERT INTO area_assets (uuid, area_id, asset_id) "
                         "SELECT printf ('00000000-0000-7000-9000-%%012d', id), %" G_GINT64_FORMAT
                         ", id FROM assets WHERE CAST (substr (code, 2) AS INTEGER) %% 3 <> 0",
                         f->jinji, f->soumu, area);
  mt_sqlite_exec (db_of (f), sql);
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM area_assets"), ==, 20667);

  q->area_id = area;
  assert_query (f, q, 3, "B00001 B00002 B00004");
  q->sort = MAMORI_ASSET_SORT_NAME;
  assert_query (f, q, 3, "B31000 B30998 B30997");
  q->section_id = f->jinji;
  assert_query (f, q, 3, "B31000 B30992 B30988");
  q->section_id = 0;

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (int d = 0; d < 2; d++)
      {
        g_autofree char *all = NULL;
        g_autofree char *head = NULL;
        g_autofree char *first = NULL;

        q->sort = sorts[s];
        q->descending = d;
        all = query_codes (f, q, 0);
        head = query_codes (f, q, 120);
        first = first_codes (all, 120);
        g_assert_cmpuint (strlen (all), ==, 20667 * 7 - 1);
        g_assert_cmpstr (head, ==, first);
      }
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  ADD ("/asset/validation/names-field", test_validation_names_field);
  ADD ("/asset/validation/several", test_validation_several);
  ADD ("/asset/validation/original-self", test_validation_original_self);
  ADD ("/asset/validation/limits-accepted", test_validation_limits_accepted);
  ADD ("/asset/audited", test_insert_update_delete_audited);
  ADD ("/asset/needs-transaction", test_writes_need_transaction);
  ADD ("/asset/disposed-read-only", test_disposed_read_only);
  ADD ("/asset/disposal-validation", test_disposal_validation);
  ADD ("/asset/delete/original-in-use", test_delete_original_in_use);
  ADD ("/asset/delete/registers", test_delete_removes_registers);
  ADD ("/asset/next-code", test_next_code);
  mt_add_func ("/asset/kind-labels", test_kind_labels);
  ADD ("/asset/takeouts", test_takeouts);
  ADD ("/asset/access", test_access);
  ADD ("/asset/history/deleted-children", test_history_deleted_children);
  ADD ("/asset/rollback", test_rollback_of_steps);
  ADD ("/asset/search/japanese", test_search_japanese);
  ADD ("/asset/search/one-character", test_search_one_character);
  ADD ("/asset/search/syntax-characters", test_search_syntax_characters);
  ADD ("/asset/search/follows-changes", test_search_follows_changes);
  ADD ("/asset/search/bulk", test_search_bulk);
  ADD ("/asset/kept-in-area", test_kept_in_area);
  ADD ("/asset/query/filters-and-sorts", test_query_filters_and_sorts);
  ADD ("/asset/query/large-area", test_query_large_area);

  return g_test_run ();
}
