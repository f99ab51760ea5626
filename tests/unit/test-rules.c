/* test-rules.c — the checks the standard enables on the inventory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each of the seven checks, an asset that fails it and one that passes, with the flags
 * read back after every kind of write (insert, update, take-out, disposal).  Each time the
 * flags the core kept up to date are compared with what the active standard's expression
 * gives for the row now, so that a write that forgot to recompute is caught.  Then the
 * standard decides: Shinjuku enables all seven, sakura.xml only the criterion check for its
 * own top class, and a standard without <rules> none at all.
 */

#include "config.h"

#include "mamori-test-utils.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#define CRITERION MAMORI_RULE_ASSET_CLASS_CRITERION
#define LOCKABLE  MAMORI_RULE_ASSET_LOCKABLE_STORAGE
#define BACKUP    MAMORI_RULE_ASSET_BACKUP
#define WRITE     MAMORI_RULE_ASSET_WRITE_PROTECTION
#define TAKEOUT   MAMORI_RULE_ASSET_TAKEOUT_APPROVAL
#define DISPOSAL  MAMORI_RULE_ASSET_DISPOSAL
#define COPY      MAMORI_RULE_ASSET_COPY_HOLDER
#define ALL_RULES (CRITERION | LOCKABLE | BACKUP | WRITE | TAKEOUT | DISPOSAL | COPY)

/* The section-officer role, which Mamori requires and minimal.xml lacks (as in
 * test-standard.c). */
#define OFFICER_ROLE \
  "<role code=\"長\" function=\"chief\" name=\"市長\"/>\n" \
  "    <role code=\"責\" function=\"section-officer\" name=\"所属長\"/>"

typedef struct
{
  char        *dir;
  char        *path;
  MamoriStore *store;
  gint64       department;
  gint64       soumu;
  gint64       jinji;
  gint64       officer;
  gint64       staff;
  gint64       shinjuku;   /* the built-in standard's id */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = mt_tmpdir_new ();
  f->path = g_build_filename (f->dir, "t.db", NULL);
  f->store = mt_store_new (f->dir, "t.db");
  mamori_store_set_actor (f->store, "佐藤 花子");
  g_assert_true (mamori_standard_load_default (f->store, &error));
  g_assert_no_error (error);
  f->shinjuku = mamori_standard_get_active_id (f->store);
  g_assert_cmpint (f->shinjuku, >, 0);

  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", NULL, 0, &f->department,
                                         &error));
  g_assert_true (mamori_org_add_section (f->store, "010100", "総務課", NULL, f->department,
                                         &f->soumu, &error));
  g_assert_true (mamori_org_add_section (f->store, "010200", "人事課", NULL, f->department,
                                         &f->jinji, &error));
  g_assert_true (mamori_org_add_person (f->store, "000001", "佐藤 花子", NULL, "課長", f->soumu,
                                        &f->officer, &error));
  g_assert_true (mamori_org_add_person (f->store, "000002", "鈴木 太郎", NULL, "主事", f->soumu,
                                        &f->staff, &error));
  g_assert_true (mamori_org_assign_role (f->store, f->officer, "section-officer", f->soumu,
                                         &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  mt_tmpdir_free (f->dir);
}

#define ADD(path, func) \
  MT_ADD (path, Fixture, fixture_set_up, func, fixture_tear_down)

/* Helpers ------------------------------------------------------------------------------------ */

static sqlite3 *
db_of (Fixture *f)
{
  return mamori_store_get_db (f->store);
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

static void
assert_check_clean (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckReport) report = mamori_check_run (f->store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("check: %s", (const char *)g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, 0);
}

/* A class I asset of 総務課 that passes every check: electronic data with its criterion, in
 * lockable storage, backed up yesterday on a 30-day cycle, not finalised, no copy. */
static MamoriAssetRecord *
clean_top (const Fixture *f,
           const char    *code)
{
  MamoriAssetRecord *r = mamori_asset_record_new ();

  r->code = g_strdup (code);
  r->name = g_strdup_printf ("住民記録 %s", code);
  r->kind = g_strdup ("electronic");
  r->owner_section_id = f->soumu;
  r->class_code = g_strdup ("I");
  r->criteria = g_strdup ("ア");
  r->lockable = MAMORI_YES;
  r->finalised = MAMORI_NO;
  r->write_protected = MAMORI_UNKNOWN;
  r->backup_cycle_days = 30;
  r->last_backup_on = date_from_today (-1);
  r->registered_on = g_strdup ("2025-04-01");
  return r;
}

/* A class II asset with nothing recorded beyond what is needed to store it. */
static MamoriAssetRecord *
bare_second (const Fixture *f,
             const char    *code)
{
  MamoriAssetRecord *r = mamori_asset_record_new ();

  r->code = g_strdup (code);
  r->name = g_strdup_printf ("一般文書 %s", code);
  r->kind = g_strdup ("paper");
  r->owner_section_id = f->soumu;
  r->class_code = g_strdup ("II");
  r->registered_on = g_strdup ("2025-04-01");
  return r;
}

#define SET(r, field, value) G_STMT_START { g_free ((r)->field); (r)->field = (value); } G_STMT_END

static gint64
insert (Fixture                 *f,
        const MamoriAssetRecord *r)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  begin (f);
  mamori_asset_insert (f->store, r, &id, &error);
  g_assert_no_error (error);
  commit (f);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
update (Fixture                 *f,
        const MamoriAssetRecord *r)
{
  g_autoptr(GError) error = NULL;

  begin (f);
  g_assert_true (mamori_asset_update (f->store, r, &error));
  g_assert_no_error (error);
  commit (f);
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

static void
takeout (Fixture    *f,
         gint64      asset_id,
         const char *out_on,
         gint64      approver,
         const char *approved_on)
{
  g_autoptr(GError) error = NULL;
  MamoriTakeout t = { 0 };

  t.kind = (char *)"take-out";
  t.purpose = (char *)"説明会";
  t.out_on = (char *)out_on;
  t.approver_id = approver;
  t.approved_on = (char *)approved_on;
  begin (f);
  g_assert_true (mamori_asset_add_takeout (f->store, asset_id, &t, &error));
  g_assert_no_error (error);
  commit (f);
}

static void
dispose (Fixture    *f,
         gint64      asset_id,
         gint64      approver,
         const char *approved_on,
         const char *erasure)
{
  g_autoptr(GError) error = NULL;
  MamoriDisposal d = { 0 };

  d.approver_id = approver;
  d.approved_on = (char *)approved_on;
  d.erasure_method = (char *)erasure;
  d.disposed_on = (char *)"2025-09-01";
  begin (f);
  g_assert_true (mamori_asset_dispose (f->store, asset_id, &d, &error));
  g_assert_no_error (error);
  commit (f);
}

/* What the active standard's checks give for the row as it is now, computed afresh. */
static guint
fresh_flags (Fixture *f,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expr = mamori_rules_expression (f->store, &error);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (expr);
  sql = g_strdup_printf ("SELECT %s FROM assets AS a WHERE a.id = %" G_GINT64_FORMAT, expr, id);
  return (guint)mt_sqlite_int (db_of (f), sql);
}

static char *
flag_names (guint flags)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint bit = 1; bit <= COPY; bit <<= 1)
    if (flags & bit)
      g_string_append_printf (s, "%s%s", s->len ? "|" : "", mamori_rule_code (bit));
  if (flags & ~ALL_RULES)
    g_string_append_printf (s, "%s0x%x", s->len ? "|" : "", flags & ~ALL_RULES);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The flags kept for the asset (as loaded, and in the column) are @expected, and are what
 * the checks give for the row now. */
#define assert_flags(f, id, expected) assert_flags_at (f, id, expected, __LINE__)

static void
assert_flags_at (Fixture *f,
                 gint64   id,
                 guint    expected,
                 int      line)
{
  g_autoptr(MamoriAssetRecord) r = load (f, id);
  g_autofree char *kept = flag_names (r->rule_flags);
  g_autofree char *want = flag_names (expected);
  g_autofree char *fresh = flag_names (fresh_flags (f, id));

  g_test_message ("line %d: asset %s: kept %s, expected %s, fresh %s", line, r->code, kept,
                  want, fresh);
  g_assert_cmpstr (kept, ==, want);
  g_assert_cmpint (count_sql (f, "SELECT rule_flags FROM assets WHERE id = %" G_GINT64_FORMAT,
                              id), ==, expected);
  g_assert_cmpstr (fresh, ==, want);
}

static gboolean
refresh_all (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = mamori_rules_refresh (f->store, 0, &error);

  g_assert_no_error (error);
  return ok;
}

/* The seven checks -------------------------------------------------------------------------- */

static void
test_clean_assets_pass (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) top = clean_top (f, "C-1");
  g_autoptr(MamoriAssetRecord) second = bare_second (f, "C-2");

  assert_flags (f, insert (f, top), 0);
  assert_flags (f, insert (f, second), 0);
}

static void
test_class_criterion (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) r = clean_top (f, "CR-1");
  g_autoptr(MamoriAssetRecord) second = bare_second (f, "CR-2");
  g_autoptr(MamoriAssetRecord) loaded = NULL;
  gint64 id, other;

  SET (r, criteria, NULL);
  id = insert (f, r);
  assert_flags (f, id, CRITERION);

  loaded = load (f, id);
  SET (loaded, criteria, g_strdup ("イ,エ"));
  update (f, loaded);
  assert_flags (f, id, 0);
  SET (loaded, criteria, g_strdup (""));
  update (f, loaded);
  assert_flags (f, id, CRITERION);

  /* Class II requires none. */
  other = insert (f, second);
  assert_flags (f, other, 0);
  /* Moving to class II clears it. */
  SET (loaded, class_code, g_strdup ("II"));
  update (f, loaded);
  assert_flags (f, id, 0);
}

static void
test_lockable_storage (Fixture       *f,
                       gconstpointer  data)
{
  /* Kinds recorded on a medium that can be locked away; equipment and software as such are
   * not media. */
  static const struct { const char *kind; gboolean medium; } kinds[] = {
    { "electronic", TRUE }, { "paper", TRUE }, { "medium", TRUE }, { "design-doc", TRUE },
    { "other", TRUE }, { "equipment", FALSE }, { "software", FALSE },
  };
  g_autoptr(MamoriAssetRecord) second = bare_second (f, "LK-II");
  gint64 id;

  g_assert_cmpuint (G_N_ELEMENTS (kinds), ==, g_strv_length ((char **)mamori_asset_kinds));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *code = g_strdup_printf ("LK-%u", i);
      g_autoptr(MamoriAssetRecord) r = clean_top (f, code);
      g_autoptr(MamoriAssetRecord) loaded = NULL;

      SET (r, kind, g_strdup (kinds[i].kind));
      r->lockable = MAMORI_NO;
      id = insert (f, r);
      assert_flags (f, id, kinds[i].medium ? LOCKABLE : 0);

      /* Not recorded counts as not lockable. */
      loaded = load (f, id);
      loaded->lockable = MAMORI_UNKNOWN;
      update (f, loaded);
      assert_flags (f, id, kinds[i].medium ? LOCKABLE : 0);
      loaded->lockable = MAMORI_YES;
      update (f, loaded);
      assert_flags (f, id, 0);
    }

  /* Class II: no such rule. */
  second->lockable = MAMORI_NO;
  assert_flags (f, insert (f, second), 0);
}

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) r = clean_top (f, "BK-1");
  g_autoptr(MamoriAssetRecord) loaded = NULL;
  g_autoptr(MamoriAssetRecord) paper = clean_top (f, "BK-2");
  g_autoptr(MamoriAssetRecord) second = bare_second (f, "BK-3");
  g_autoptr(GError) error = NULL;
  g_autofree char *expr = NULL;
  g_autofree char *today_sql = NULL;
  g_autofree char *later_sql = NULL;
  g_autofree char *later_expr = NULL;
  g_autofree char *today = mamori_date_today_iso ();
  g_autofree char *in_ten_days = date_from_today (10);
  g_autofree char *sql = NULL;
  gint64 id;

  /* Backed up 30 days ago on a 30-day cycle: still inside it. */
  SET (r, last_backup_on, date_from_today (-30));
  id = insert (f, r);
  assert_flags (f, id, 0);
  /* 31 days ago: outside. */
  loaded = load (f, id);
  SET (loaded, last_backup_on, date_from_today (-31));
  update (f, loaded);
  assert_flags (f, id, BACKUP);
  /* A longer cycle takes it back inside. */
  loaded->backup_cycle_days = 31;
  update (f, loaded);
  assert_flags (f, id, 0);
  /* A backup today. */
  loaded->backup_cycle_days = 1;
  SET (loaded, last_backup_on, g_strdup (today));
  update (f, loaded);
  assert_flags (f, id, 0);
  /* No backup recorded, or no cycle. */
  SET (loaded, last_backup_on, NULL);
  update (f, loaded);
  assert_flags (f, id, BACKUP);
  SET (loaded, last_backup_on, g_strdup (today));
  loaded->backup_cycle_days = 0;
  update (f, loaded);
  assert_flags (f, id, BACKUP);

  /* The same row, computed as of a later day, falls outside its cycle: the check depends on
   * the date, which is why every asset is recomputed once a day. */
  loaded->backup_cycle_days = 5;
  update (f, loaded);
  assert_flags (f, id, 0);
  expr = mamori_rules_expression (f->store, &error);
  g_assert_no_error (error);
  today_sql = g_strdup_printf ("'%s'", today);
  later_sql = g_strdup_printf ("'%s'", in_ten_days);
  {
    g_auto(GStrv) parts = g_strsplit (expr, today_sql, -1);

    g_assert_cmpuint (g_strv_length (parts), >, 1);
    later_expr = g_strjoinv (later_sql, parts);
  }
  sql = g_strdup_printf ("SELECT %s FROM assets AS a WHERE a.id = %" G_GINT64_FORMAT,
                         later_expr, id);
  g_assert_cmpint (mt_sqlite_int (db_of (f), sql), ==, BACKUP);

  /* Only electronic data of the top class. */
  SET (paper, kind, g_strdup ("paper"));
  paper->backup_cycle_days = 0;
  SET (paper, last_backup_on, NULL);
  assert_flags (f, insert (f, paper), 0);
  SET (second, kind, g_strdup ("electronic"));
  assert_flags (f, insert (f, second), 0);
}

static void
test_write_protection (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) r = bare_second (f, "WP-1");
  g_autoptr(MamoriAssetRecord) top = clean_top (f, "WP-2");
  g_autoptr(MamoriAssetRecord) loaded = NULL;
  gint64 id, top_id;

  /* Any class: a finalised class II asset without write protection. */
  r->finalised = MAMORI_YES;
  r->write_protected = MAMORI_NO;
  id = insert (f, r);
  assert_flags (f, id, WRITE);
  loaded = load (f, id);
  loaded->write_protected = MAMORI_UNKNOWN;
  update (f, loaded);
  assert_flags (f, id, WRITE);
  loaded->write_protected = MAMORI_YES;
  update (f, loaded);
  assert_flags (f, id, 0);
  /* Not finalised, or not known to be: nothing to protect yet. */
  loaded->write_protected = MAMORI_NO;
  loaded->finalised = MAMORI_NO;
  update (f, loaded);
  assert_flags (f, id, 0);
  loaded->finalised = MAMORI_UNKNOWN;
  update (f, loaded);
  assert_flags (f, id, 0);

  top->finalised = MAMORI_YES;
  top->write_protected = MAMORI_NO;
  top_id = insert (f, top);
  assert_flags (f, top_id, WRITE);
}

static void
test_takeout_approval (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) r = clean_top (f, "TK-1");
  g_autoptr(MamoriAssetRecord) second = bare_second (f, "TK-2");
  g_autoptr(MamoriAssetRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, other, unapproved;

  id = insert (f, r);
  /* Approved: nothing to say. */
  takeout (f, id, "2025-05-01", f->officer, "2025-04-30");
  assert_flags (f, id, 0);
  /* Without approval: recorded, and flagged. */
  takeout (f, id, "2025-06-01", 0, NULL);
  assert_flags (f, id, TAKEOUT);
  unapproved = count_sql (f, "SELECT max (id) FROM asset_takeouts");

  /* It does not clear: the take-out happened without approval, whatever follows — its return,
   * an approved take-out after it, a change to the record, a recomputation. */
  begin (f);
  g_assert_true (mamori_asset_return_takeout (f->store, unapproved, "2025-06-02", &error));
  g_assert_no_error (error);
  commit (f);
  assert_flags (f, id, TAKEOUT);
  takeout (f, id, "2025-07-01", f->officer, "2025-06-30");
  assert_flags (f, id, TAKEOUT);
  loaded = load (f, id);
  SET (loaded, storage_place, g_strdup ("書庫B"));
  update (f, loaded);
  assert_flags (f, id, TAKEOUT);
  g_assert_true (refresh_all (f));
  assert_flags (f, id, TAKEOUT);
  /* Nor does the disposal of the asset. */
  dispose (f, id, f->officer, "2025-08-01", "上書き消去");
  assert_flags (f, id, TAKEOUT);

  /* Class II: no approval needed. */
  other = insert (f, second);
  takeout (f, other, "2025-06-01", 0, NULL);
  assert_flags (f, other, 0);
}

static void
test_disposal (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) a = clean_top (f, "DP-1");
  g_autoptr(MamoriAssetRecord) b = clean_top (f, "DP-2");
  g_autoptr(MamoriAssetRecord) c = clean_top (f, "DP-3");
  g_autoptr(MamoriAssetRecord) second = bare_second (f, "DP-4");
  g_autoptr(MamoriAssetRecord) loaded = NULL;
  gint64 id;

  /* Approved and erased: nothing to say; and a disposed asset no longer needs storage,
   * backups or a criterion. */
  a->lockable = MAMORI_NO;
  SET (a, criteria, NULL);
  SET (a, last_backup_on, NULL);
  id = insert (f, a);
  assert_flags (f, id, CRITERION | LOCKABLE | BACKUP);
  dispose (f, id, f->officer, "2025-08-01", "専用ソフトによる消去");
  loaded = load (f, id);
  g_assert_cmpstr (loaded->status, ==, "disposed");
  assert_flags (f, id, 0);

  /* Approved, but no erasure recorded. */
  b->lockable = MAMORI_NO;
  id = insert (f, b);
  assert_flags (f, id, LOCKABLE);
  dispose (f, id, f->officer, "2025-08-01", "");
  assert_flags (f, id, DISPOSAL);

  /* Erased, but without approval. */
  id = insert (f, c);
  dispose (f, id, 0, NULL, "物理破壊");
  assert_flags (f, id, DISPOSAL);

  /* Class II: neither is required. */
  id = insert (f, second);
  dispose (f, id, 0, NULL, NULL);
  assert_flags (f, id, 0);
}

static void
test_copy_holder (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) original = bare_second (f, "CP-0");
  g_autoptr(MamoriAssetRecord) copy = bare_second (f, "CP-1");
  g_autoptr(MamoriAssetRecord) held = bare_second (f, "CP-2");
  g_autoptr(MamoriAssetRecord) lent = bare_second (f, "CP-3");
  g_autoptr(MamoriAssetRecord) loaded = NULL;
  gint64 original_id, id;

  original_id = insert (f, original);
  /* A copy without the section that holds it. */
  copy->original_id = original_id;
  id = insert (f, copy);
  assert_flags (f, id, COPY);
  loaded = load (f, id);
  loaded->holding_section_id = f->jinji;
  update (f, loaded);
  assert_flags (f, id, 0);
  loaded->holding_section_id = 0;
  update (f, loaded);
  assert_flags (f, id, COPY);
  /* No longer a copy. */
  loaded->original_id = 0;
  update (f, loaded);
  assert_flags (f, id, 0);

  held->original_id = original_id;
  held->holding_section_id = f->jinji;
  assert_flags (f, insert (f, held), 0);
  /* A holding section without an original is no copy. */
  lent->holding_section_id = f->jinji;
  assert_flags (f, insert (f, lent), 0);
  /* The original itself is not one. */
  assert_flags (f, original_id, 0);
}

static void
test_several_at_once (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MamoriAssetRecord) original = bare_second (f, "SV-0");
  g_autoptr(MamoriAssetRecord) r = clean_top (f, "SV-1");
  gint64 id;

  r->original_id = insert (f, original);
  SET (r, criteria, NULL);
  r->lockable = MAMORI_UNKNOWN;
  r->finalised = MAMORI_YES;
  r->write_protected = MAMORI_NO;
  SET (r, last_backup_on, date_from_today (-100));
  id = insert (f, r);
  assert_flags (f, id, CRITERION | LOCKABLE | BACKUP | WRITE | COPY);
  takeout (f, id, "2025-05-01", 0, NULL);
  assert_flags (f, id, CRITERION | LOCKABLE | BACKUP | WRITE | COPY | TAKEOUT);
  /* Disposed without approval: the checks of an active asset go; what happened stays. */
  dispose (f, id, 0, NULL, NULL);
  assert_flags (f, id, DISPOSAL | TAKEOUT | COPY);
  assert_check_clean (f);
}

static void
test_rule_names (void)
{
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint bit = 1; bit <= COPY; bit <<= 1)
    {
      const char *code = mamori_rule_code (bit);

      g_assert_nonnull (code);
      g_assert_true (g_str_has_prefix (code, "asset-"));
      g_assert_true (g_hash_table_add (codes, (gpointer)code));
      g_assert_cmpuint (strlen (mamori_rule_summary (bit)), >, 0);
    }
  g_assert_cmpuint (g_hash_table_size (codes), ==, 7);
  g_assert_null (mamori_rule_code (1 << 7));
  g_assert_cmpstr (mamori_rule_summary (1 << 7), ==, "");
}

/* The standard decides ------------------------------------------------------------------------ */

typedef struct
{
  char *code;
  char *ref;
  char *text;
  char *gloss;
} XmlRule;

static void
xml_rule_free (XmlRule *r)
{
  g_free (r->code);
  g_free (r->ref);
  g_free (r->text);
  g_free (r->gloss);
  g_free (r);
}

static char *
xpath_string (xmlXPathContext *ctx,
              xmlNode         *node,
              const char      *expr)
{
  xmlXPathObject *o = xmlXPathNodeEval (node, (const xmlChar *)expr, ctx);
  char *s;

  g_assert_nonnull (o);
  s = g_strdup ((const char *)o->stringval);
  xmlXPathFreeObject (o);
  return s;
}

/* The asset <rule>s of a standard file, read independently of Mamori's loader (the area-…
 * rules are the reconciliation's, tested in test-area.c). */
static GPtrArray *
xml_rules (GBytes *bytes)
{
  GPtrArray *rules = g_ptr_array_new_with_free_func ((GDestroyNotify)xml_rule_free);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  xmlDoc *doc = xmlReadMemory (data, (int)len, "standard.xml", NULL, XML_PARSE_NONET);
  xmlXPathContext *ctx;
  xmlXPathObject *o;

  g_assert_nonnull (doc);
  ctx = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (ctx, (const xmlChar *)"m", (const xmlChar *)MAMORI_STANDARD_NAMESPACE);
  o = xmlXPathEvalExpression ((const xmlChar *)"/m:standard/m:rules/m:rule[starts-with(@code, 'asset-')]", ctx);
  g_assert_nonnull (o);
  for (int i = 0; o->nodesetval && i < o->nodesetval->nodeNr; i++)
    {
      xmlNode *n = o->nodesetval->nodeTab[i];
      XmlRule *r = g_new0 (XmlRule, 1);

      r->code = xpath_string (ctx, n, "string(@code)");
      r->ref = xpath_string (ctx, n, "string(@ref)");
      r->text = xpath_string (ctx, n, "normalize-space(m:text)");
      r->gloss = xpath_string (ctx, n, "normalize-space(m:gloss)");
      g_ptr_array_add (rules, r);
    }
  xmlXPathFreeObject (o);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return rules;
}

/* mamori_rules_enabled lists exactly the file's <rule>s, with their references and words. */
static void
assert_enabled_match (Fixture *f,
                      GBytes  *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = xml_rules (bytes);
  g_autoptr(GPtrArray) enabled = mamori_rules_enabled (f->store, &error);
  guint mask = 0;

  g_assert_no_error (error);
  g_assert_nonnull (enabled);
  g_assert_cmpuint (enabled->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      XmlRule *x = g_ptr_array_index (expected, i);
      MamoriRule *found = NULL;

      for (guint j = 0; j < enabled->len; j++)
        if (g_strcmp0 (((MamoriRule *)g_ptr_array_index (enabled, j))->code, x->code) == 0)
          found = g_ptr_array_index (enabled, j);
      g_test_message ("rule %s (%s)", x->code, x->ref);
      g_assert_nonnull (found);
      g_assert_cmpstr (found->ref, ==, x->ref);
      g_assert_cmpstr (found->text, ==, x->text);
      g_assert_cmpstr (found->gloss, ==, x->gloss);
      g_assert_cmpstr (mamori_rule_code (found->flag), ==, x->code);
      g_assert_false (mask & found->flag);
      mask |= found->flag;
    }
  g_assert_cmpuint (mamori_rules_enabled_mask (f->store), ==, mask);
}

static GBytes *
default_standard_bytes (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_resources_lookup_data (MAMORI_STANDARD_DEFAULT_RESOURCE,
                                           G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return bytes;
}

static GBytes *
file_bytes (const char *name)
{
  g_autofree char *path = mt_test_data ("standards", name, NULL);

  return mt_file_bytes (path);
}

static gint64
load_standard (Fixture    *f,
               GBytes     *bytes,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (mamori_standard_load_bytes (f->store, bytes, name, TRUE, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mamori_standard_get_active_id (f->store), ==, id);
  return id;
}

static GBytes *
minimal_with_officer (void)
{
  g_autoptr(GBytes) bytes = file_bytes ("minimal.xml");
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  char *changed = mt_replace_once (text, "<role code=\"長\" function=\"chief\" name=\"市長\"/>",
                                   OFFICER_ROLE);

  return g_bytes_new_take (changed, strlen (changed));
}

static void
test_enabled_shinjuku (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) bytes = default_standard_bytes ();
  g_autoptr(GPtrArray) expected = xml_rules (bytes);
  g_autofree char *top = mamori_rules_top_class (f->store);

  /* The built-in standard enables every check Mamori has. */
  g_assert_cmpuint (expected->len, ==, 7);
  assert_enabled_match (f, bytes);
  g_assert_cmpuint (mamori_rules_enabled_mask (f->store), ==, ALL_RULES);
  g_assert_cmpstr (top, ==, "I");
}

/* Which check fires follows the active standard: sakura.xml enables only the criterion
 * check, for its own top class "3". */
static void
test_enabled_sakura (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) sakura = file_bytes ("sakura.xml");
  g_autoptr(GBytes) shinjuku = default_standard_bytes ();
  g_autoptr(MamoriAssetRecord) s_top = clean_top (f, "SJ-1");
  g_autoptr(MamoriAssetRecord) original = bare_second (f, "SJ-0");
  g_autofree char *top = NULL;
  gint64 shinjuku_top, k_top, k_criterion, k_all, k_disposed, sakura_id;

  /* Under Shinjuku, a class I medium without lockable storage is flagged. */
  s_top->lockable = MAMORI_NO;
  shinjuku_top = insert (f, s_top);
  assert_flags (f, shinjuku_top, LOCKABLE);
  insert (f, original);

  sakura_id = load_standard (f, sakura, "sakura.xml");
  assert_enabled_match (f, sakura);
  g_assert_cmpuint (mamori_rules_enabled_mask (f->store), ==, CRITERION);
  top = mamori_rules_top_class (f->store);
  g_assert_cmpstr (top, ==, "3");
  g_assert_true (refresh_all (f));
  assert_flags (f, shinjuku_top, 0);

  /* Sakura's top class, without lockable storage: not flagged. */
  {
    g_autoptr(MamoriAssetRecord) r = clean_top (f, "SK-1");

    SET (r, class_code, g_strdup ("3"));
    SET (r, criteria, g_strdup ("a"));
    r->lockable = MAMORI_NO;
    k_top = insert (f, r);
    assert_flags (f, k_top, 0);
  }
  /* Without its criterion: flagged, the one check sakura enables. */
  {
    g_autoptr(MamoriAssetRecord) r = clean_top (f, "SK-2");

    SET (r, class_code, g_strdup ("3"));
    SET (r, criteria, NULL);
    k_criterion = insert (f, r);
    assert_flags (f, k_criterion, CRITERION);
  }
  /* Failing every other check Mamori knows: only the criterion shows. */
  {
    g_autoptr(MamoriAssetRecord) r = clean_top (f, "SK-3");

    SET (r, class_code, g_strdup ("3"));
    SET (r, criteria, NULL);
    r->lockable = MAMORI_NO;
    r->finalised = MAMORI_YES;
    r->write_protected = MAMORI_NO;
    SET (r, last_backup_on, NULL);
    r->original_id = mamori_asset_find_by_code (f->store, "SJ-0");
    k_all = insert (f, r);
    takeout (f, k_all, "2025-05-01", 0, NULL);
    assert_flags (f, k_all, CRITERION);
  }
  {
    g_autoptr(MamoriAssetRecord) r = clean_top (f, "SK-4");

    SET (r, class_code, g_strdup ("3"));
    SET (r, criteria, g_strdup ("b,c"));
    k_disposed = insert (f, r);
    dispose (f, k_disposed, 0, NULL, NULL);
    assert_flags (f, k_disposed, 0);
  }
  g_assert_true (refresh_all (f));
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM assets WHERE rule_flags & ~%d <> 0",
                              CRITERION), ==, 0);
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM assets WHERE rule_flags <> 0"), ==, 2);

  /* Back to Shinjuku: its top class is flagged again, sakura's classes mean nothing to it. */
  g_assert_cmpint (load_standard (f, shinjuku, "shinjuku.xml"), ==, f->shinjuku);
  g_assert_cmpint (sakura_id, !=, f->shinjuku);
  g_assert_true (refresh_all (f));
  assert_flags (f, shinjuku_top, LOCKABLE);
  assert_flags (f, k_top, 0);
  assert_flags (f, k_criterion, 0);
  /* Class-independent checks hold under Shinjuku for any class code. */
  assert_flags (f, k_all, WRITE | COPY);
  assert_flags (f, k_disposed, 0);
  assert_check_clean (f);
}

/* A standard without <rules> enables nothing, and every flag is 0. */
static void
test_enabled_none (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) minimal = minimal_with_officer ();
  g_autoptr(GPtrArray) enabled = NULL;
  g_autoptr(MamoriAssetRecord) s_top = clean_top (f, "MN-0");
  g_autoptr(MamoriAssetRecord) original = bare_second (f, "MN-1");
  g_autofree char *expr = NULL;
  gint64 id;

  /* Something flagged under Shinjuku first, so that the refresh has work to do. */
  s_top->lockable = MAMORI_NO;
  SET (s_top, criteria, NULL);
  assert_flags (f, insert (f, s_top), CRITERION | LOCKABLE);
  insert (f, original);

  load_standard (f, minimal, "minimal.xml");
  enabled = mamori_rules_enabled (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (enabled->len, ==, 0);
  g_assert_cmpuint (mamori_rules_enabled_mask (f->store), ==, 0);
  expr = mamori_rules_expression (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (expr, ==, "0");

  /* Its top class "A", failing everything. */
  {
    g_autoptr(MamoriAssetRecord) r = clean_top (f, "MN-2");

    SET (r, class_code, g_strdup ("A"));
    SET (r, criteria, NULL);
    r->lockable = MAMORI_NO;
    r->finalised = MAMORI_YES;
    r->write_protected = MAMORI_NO;
    SET (r, last_backup_on, NULL);
    r->original_id = mamori_asset_find_by_code (f->store, "MN-1");
    id = insert (f, r);
    takeout (f, id, "2025-05-01", 0, NULL);
    assert_flags (f, id, 0);
    dispose (f, id, 0, NULL, NULL);
    assert_flags (f, id, 0);
  }
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM assets WHERE rule_flags <> 0"), ==, 1);
  g_assert_true (refresh_all (f));
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM assets WHERE rule_flags <> 0"), ==, 0);
}

/* Once a day and once per standard. */
static void
test_refresh_if_stale (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sakura = file_bytes ("sakura.xml");
  g_autoptr(MamoriAssetRecord) r = clean_top (f, "ST-1");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *today = mamori_date_today_iso ();
  g_autofree char *stamp = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id, k, sakura_id;
  gboolean refreshed = FALSE;

  r->lockable = MAMORI_NO;
  id = insert (f, r);
  assert_flags (f, id, LOCKABLE);
  g_assert_cmpint (count_sql (f, "SELECT count (*) FROM derived_state WHERE key = 'rules'"),
                   ==, 0);

  /* Never computed: it recomputes, and notes the day and the standard. */
  mt_sqlite_exec (db_of (f), "UPDATE assets SET rule_flags = 0");
  g_assert_true (mamori_rules_refresh_if_stale (f->store, &refreshed, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (refreshed);
  assert_flags (f, id, LOCKABLE);
  stamp = mt_sqlite_text (db_of (f), "SELECT value FROM derived_state WHERE key = 'rules'");
  expected = g_strdup_printf ("%s/%" G_GINT64_FORMAT, today, f->shinjuku);
  g_assert_cmpstr (stamp, ==, expected);
  g_assert_false (mamori_store_in_transaction (f->store));

  /* The same day, the same standard: nothing is done (the zeroed flag stays zero). */
  mt_sqlite_exec (db_of (f), "UPDATE assets SET rule_flags = 0");
  g_assert_true (mamori_rules_refresh_if_stale (f->store, &refreshed, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (refreshed);
  g_assert_cmpint (count_sql (f, "SELECT rule_flags FROM assets WHERE id = %" G_GINT64_FORMAT,
                              id), ==, 0);

  /* Another standard: recomputed under it. */
  sakura_id = load_standard (f, sakura, "sakura.xml");
  {
    g_autoptr(MamoriAssetRecord) s = clean_top (f, "ST-2");

    SET (s, class_code, g_strdup ("3"));
    SET (s, criteria, NULL);
    k = insert (f, s);
  }
  assert_flags (f, k, CRITERION);
  mt_sqlite_exec (db_of (f), "UPDATE assets SET rule_flags = 0");
  g_assert_true (mamori_rules_refresh_if_stale (f->store, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_flags (f, k, CRITERION);
  assert_flags (f, id, 0);
  g_clear_pointer (&stamp, g_free);
  g_clear_pointer (&expected, g_free);
  stamp = mt_sqlite_text (db_of (f), "SELECT value FROM derived_state WHERE key = 'rules'");
  expected = g_strdup_printf ("%s/%" G_GINT64_FORMAT, today, sakura_id);
  g_assert_cmpstr (stamp, ==, expected);

  /* Another day (the stamp of yesterday): recomputed. */
  {
    g_autofree char *yesterday = date_from_today (-1);
    g_autofree char *sql = g_strdup_printf ("UPDATE derived_state SET value = '%s/%"
                                            G_GINT64_FORMAT "' WHERE key = 'rules'",
                                            yesterday, sakura_id);

    mt_sqlite_exec (db_of (f), sql);
  }
  mt_sqlite_exec (db_of (f), "UPDATE assets SET rule_flags = 0");
  g_assert_true (mamori_rules_refresh_if_stale (f->store, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_flags (f, k, CRITERION);

  /* Cancelled: nothing is recomputed or noted. */
  mt_sqlite_exec (db_of (f), "UPDATE derived_state SET value = 'stale' WHERE key = 'rules'");
  mt_sqlite_exec (db_of (f), "UPDATE assets SET rule_flags = 0");
  before = mt_db_fingerprint (db_of (f), NULL, NULL);
  g_cancellable_cancel (cancellable);
  g_assert_false (mamori_rules_refresh_if_stale (f->store, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (mamori_store_in_transaction (f->store));
  after = mt_db_fingerprint (db_of (f), NULL, NULL);
  g_assert_cmpstr (before, ==, after);
  g_clear_error (&error);
  /* … until the next call. */
  g_assert_true (mamori_rules_refresh_if_stale (f->store, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_flags (f, k, CRITERION);
  assert_check_clean (f);
}

/* Derived columns are not part of the audited record; real ones are. */
static void
test_derived_not_audited (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetRecord) r = clean_top (f, "DV-1");
  g_autoptr(MamoriAssetRecord) other = bare_second (f, "DV-2");
  g_autoptr(MamoriCheckReport) report = NULL;
  g_autofree char *uuid = NULL;
  sqlite3 *raw;
  gint64 id;

  r->lockable = MAMORI_NO;
  id = insert (f, r);
  insert (f, other);
  assert_check_clean (f);
  uuid = mt_sqlite_text (db_of (f), "SELECT uuid FROM assets WHERE code = 'DV-1'");

  /* Another program changes the derived columns: no problem. */
  raw = mt_sqlite_open (f->path, SQLITE_OPEN_READWRITE);
  mt_sqlite_exec (raw, "UPDATE assets SET rule_flags = rule_flags + 1000, "
                       "search_text = 'tampered'");
  mt_sqlite_exec (raw, "INSERT OR REPLACE INTO derived_state (key, value) VALUES ('rules', 'x')");
  g_assert_cmpint (count_sql (f, "SELECT rule_flags FROM assets WHERE id = %" G_GINT64_FORMAT,
                              id), ==, LOCKABLE + 1000);
  assert_check_clean (f);

  /* … but a real column: reported, naming the record. */
  mt_sqlite_exec (raw, "UPDATE assets SET storage_place = '鍵付き書庫' WHERE code = 'DV-1'");
  sqlite3_close (raw);
  report = mamori_check_run (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("check: %s", (const char *)g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (mt_report_mentions (report, uuid, "changed outside Mamori", NULL));
}

/* A bulk load defers the checks to one recomputation at its end. */
static void
test_bulk_defers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAssetRecord) r = clean_top (f, "BL-1");
  gint64 id = 0;

  r->lockable = MAMORI_NO;
  mamori_store_set_bulk (f->store, TRUE);
  begin (f);
  g_assert_true (mamori_asset_insert (f->store, r, &id, &error));
  g_assert_true (mamori_asset_add_takeout (f->store, id, &(MamoriTakeout) {
                                             .kind = (char *)"take-out",
                                             .purpose = (char *)"研修",
                                             .out_on = (char *)"2025-05-01" }, &error));
  g_assert_no_error (error);
  commit (f);
  mamori_store_set_bulk (f->store, FALSE);
  g_assert_cmpint (count_sql (f, "SELECT rule_flags FROM assets WHERE id = %" G_GINT64_FORMAT,
                              id), ==, 0);

  g_assert_true (refresh_all (f));
  assert_flags (f, id, LOCKABLE | TAKEOUT);
}

/* Refreshing one asset's checks reads that asset, not the inventory: every edit refreshes the
 * asset it wrote, and an import of a hundred thousand changed rows once took minutes for it.
 * SQLite's progress handler counts the work done (every 100 instructions); a read of all 5,000
 * assets here takes hundreds of those, one asset a few. */
static void
test_refresh_one_reads_one (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  guint steps = 0;
  gint64 one, other;

  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                         "WHERE i < 5000) INSERT INTO assets (uuid, code, name, kind, "
                         "owner_section_id, class_code, registered_on) SELECT printf "
                         "('00000000-0000-7000-8000-%%012d', i), printf ('C%%05d', i), '資産', "
                         "'electronic', %" G_GINT64_FORMAT ", 'II', '2025-04-01' FROM n",
                         f->soumu);
  mt_sqlite_exec (db_of (f), sql);
  begin (f);
  g_assert_true (mamori_rules_refresh (f->store, 0, &error));
  g_assert_no_error (error);
  commit (f);
  /* Two assets become class Ⅰ without a criterion behind Mamori's back. */
  mt_sqlite_exec (db_of (f), "UPDATE assets SET class_code = 'I' WHERE code IN ('C02500', "
                             "'C04000')");
  one = count_sql (f, "SELECT id FROM assets WHERE code = 'C02500'");
  other = count_sql (f, "SELECT id FROM assets WHERE code = 'C04000'");

  begin (f);
  mt_count_work_start (db_of (f), &steps);
  g_assert_true (mamori_rules_refresh (f->store, one, &error));
  mt_count_work_stop (db_of (f));
  g_assert_no_error (error);
  commit (f);
  g_test_message ("one asset: %u × 100 instructions", steps);
  g_assert_cmpuint (steps, <, 10);
  g_assert_cmpint (count_sql (f, "SELECT rule_flags & %d FROM assets WHERE id = %" G_GINT64_FORMAT,
                              MAMORI_RULE_ASSET_CLASS_CRITERION, one), !=, 0);
  g_assert_cmpint (count_sql (f, "SELECT rule_flags FROM assets WHERE id = %" G_GINT64_FORMAT,
                              other), ==, 0);

  /* Every asset: the whole inventory is read, and the other one is flagged too. */
  steps = 0;
  begin (f);
  mt_count_work_start (db_of (f), &steps);
  g_assert_true (mamori_rules_refresh (f->store, 0, &error));
  mt_count_work_stop (db_of (f));
  g_assert_no_error (error);
  commit (f);
  g_test_message ("every asset: %u × 100 instructions", steps);
  g_assert_cmpuint (steps, >, 100);
  g_assert_cmpint (count_sql (f, "SELECT rule_flags & %d FROM assets WHERE id = %" G_GINT64_FORMAT,
                              MAMORI_RULE_ASSET_CLASS_CRITERION, other), !=, 0);
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  ADD ("/rules/clean-assets-pass", test_clean_assets_pass);
  ADD ("/rules/check/class-criterion", test_class_criterion);
  ADD ("/rules/check/lockable-storage", test_lockable_storage);
  ADD ("/rules/check/backup", test_backup);
  ADD ("/rules/check/write-protection", test_write_protection);
  ADD ("/rules/check/takeout-approval", test_takeout_approval);
  ADD ("/rules/check/disposal", test_disposal);
  ADD ("/rules/check/copy-holder", test_copy_holder);
  ADD ("/rules/check/several-at-once", test_several_at_once);
  mt_add_func ("/rules/names", test_rule_names);
  ADD ("/rules/standard/shinjuku", test_enabled_shinjuku);
  ADD ("/rules/standard/sakura", test_enabled_sakura);
  ADD ("/rules/standard/none", test_enabled_none);
  ADD ("/rules/refresh-if-stale", test_refresh_if_stale);
  ADD ("/rules/derived-not-audited", test_derived_not_audited);
  ADD ("/rules/bulk-defers", test_bulk_defers);
  ADD ("/rules/refresh-one-reads-one", test_refresh_one_reads_one);

  return g_test_run ();
}
