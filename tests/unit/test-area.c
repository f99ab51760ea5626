/* test-area.c — managed areas: records, each reconciliation rule, sampling, card-reader import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For every reconciliation rule an entry (or move) that fails it and one that passes, with
 * the flags the core kept compared with what the rule's SQL gives afresh (a write that forgot
 * to recompute is caught).  Permits change the flags of entries already written.  The
 * sampling check draws the same days for the same seed and counts what it finds.  The import
 * of a card reader's CSV writes everything or nothing and names each bad line.  After each
 * test the database passes mamori-cli check.
 */

#include "config.h"

#include "mamori-test-utils.h"
#include "mamori-facts.h"

#include <string.h>

typedef struct
{
  char        *dir;
  MamoriStore *store;
  gint64       section;
  gint64       officer;
  gint64       staff;
  gint64       top;       /* a 管理区域Ⅰ */
  gint64       other;     /* a 管理区域Ⅱ */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 department;

  f->dir = mt_tmpdir_new ();
  f->store = mt_store_new (f->dir, "t.db");
  mamori_store_set_actor (f->store, "佐藤 花子");
  g_assert_true (mamori_standard_load_default (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_org_add_section (f->store, "010000", "総務部", NULL, 0, &department,
                                         &error));
  g_assert_true (mamori_org_add_section (f->store, "010400", "情報政策課", NULL, department,
                                         &f->section, &error));
  g_assert_true (mamori_org_add_person (f->store, "000001", "鈴木 一郎", NULL, "課長",
                                        f->section, &f->officer, &error));
  g_assert_true (mamori_org_add_person (f->store, "000002", "高橋 健", NULL, "主事",
                                        f->section, &f->staff, &error));
  g_assert_no_error (error);
  f->top = mt_area_new (f->store, "R001", "サーバ室", "I", f->section, f->officer);
  f->other = mt_area_new (f->store, "R002", "サーバ室", "II", f->section, f->officer);
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

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assert_check_clean (f);
  g_clear_object (&f->store);
  mt_tmpdir_free (f->dir);
}

static void
permit (Fixture    *f,
        gint64      area,
        const char *name,
        const char *kind,
        const char *card,
        const char *from,
        const char *to)
{
  g_autoptr(GError) error = NULL;
  MamoriAreaPermit p = { 0 };

  p.area_id = area;
  p.name = (char *)name;
  p.kind = (char *)kind;
  p.affiliation = (char *)"東都情報サービス株式会社";
  p.contract_number = g_strcmp0 (kind, "contractor") == 0 ? (char *)"委-0012" : NULL;
  p.card_number = (char *)card;
  p.valid_from = (char *)from;
  p.valid_to = (char *)to;
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_permit_insert (f->store, &p, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (f->store, &error));
}

/* A complete, unobjectionable visit of a staff member; tests spoil one field at a time. */
static MamoriAreaEntry
good_entry (gint64 area)
{
  MamoriAreaEntry e = { 0 };

  e.area_id = area;
  e.name = (char *)"高橋 健";
  e.affiliation = (char *)"情報政策課";
  e.kind = (char *)"staff";
  e.purpose = (char *)"定期保守";
  e.entered_at = (char *)"2026-05-11T09:00";
  e.left_at = (char *)"2026-05-11T10:30";
  return e;
}

/* Writes @e; checks that the stored flags are @expected and equal what the rules give now. */
static gint64
log_entry (Fixture               *f,
           const MamoriAreaEntry *e,
           guint                  expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAreaEntry) back = NULL;
  gint64 id = 0;

  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_entry_insert (f->store, e, &id, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (f->store, &error));
  back = mamori_area_entry_load (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmphex (back->rule_flags, ==, expected);
  return id;
}

static guint
flags_of (Fixture *f,
          gint64   id)
{
  g_autoptr(MamoriAreaEntry) e = mamori_area_entry_load (f->store, id, NULL);

  g_assert_nonnull (e);
  return e ? e->rule_flags : G_MAXUINT;
}

/* Recomputing everything from scratch gives what the core kept. */
static void
assert_flags_current (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = mamori_store_get_db (f->store);
  g_autofree char *before = NULL, *after = NULL;
  static const char *const tables[] = { "area_entries", "area_moves", NULL };

  before = mt_db_fingerprint (db, tables, NULL);
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_store_exec (f->store, "UPDATE area_entries SET rule_flags = 0; "
                                              "UPDATE area_moves SET rule_flags = 0", &error));
  g_assert_true (mamori_reconcile_refresh (f->store, 0, 0, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  after = mt_db_fingerprint (db, tables, NULL);
  g_assert_cmpstr (before, ==, after);
}

/* Each rule ----------------------------------------------------------------------------------- */

static void
test_clean_entry (Fixture       *f,
                  gconstpointer  data)
{
  MamoriAreaEntry e = good_entry (f->top);

  log_entry (f, &e, 0);
  /* A visitor, escorted and checked, with media the ward issued. */
  e.kind = (char *)"other";
  e.name = (char *)"来訪 太郎";
  e.escort_id = f->staff;
  e.items = (char *)"USBメモリ(支給品)";
  log_entry (f, &e, 0);
  assert_flags_current (f);
}

static void
test_rule_not_permitted (Fixture       *f,
                         gconstpointer  data)
{
  MamoriAreaEntry e = good_entry (f->top);
  gint64 before, during, after, by_card, escorted;

  /* No permitted list yet: nobody is "not permitted". */
  before = log_entry (f, &e, 0);
  permit (f, f->top, "高橋 健", "staff", "C000001", "2026-05-01", "2026-05-31");
  /* The permit changes the entry already written: before its first day, not permitted. */
  g_assert_cmphex (flags_of (f, before), ==, 0);
  e.entered_at = (char *)"2026-04-30T09:00";
  e.left_at = (char *)"2026-04-30T10:00";
  during = log_entry (f, &e, MAMORI_AREA_DEFECT_NOT_PERMITTED);
  e.entered_at = (char *)"2026-06-01T09:00";
  e.left_at = (char *)"2026-06-01T10:00";
  after = log_entry (f, &e, MAMORI_AREA_DEFECT_NOT_PERMITTED);
  /* Someone else, by the permit's card: permitted (the card reader names the card). */
  e.entered_at = (char *)"2026-05-12T09:00";
  e.left_at = (char *)"2026-05-12T10:00";
  e.name = (char *)"タカハシ ケン";
  e.card_number = (char *)"C000001";
  by_card = log_entry (f, &e, 0);
  /* An unlisted staff member escorted by a listed one: under the escort's permission. */
  e.card_number = NULL;
  e.name = (char *)"田中 誠";
  e.escort_id = f->staff;
  escorted = log_entry (f, &e, 0);
  e.escort_id = 0;
  log_entry (f, &e, MAMORI_AREA_DEFECT_NOT_PERMITTED);
  /* The area Ⅱ next door has no list: the same entry passes there. */
  e.area_id = f->other;
  log_entry (f, &e, 0);
  g_assert_cmphex (flags_of (f, during) | flags_of (f, after) | flags_of (f, by_card) |
                   flags_of (f, escorted), ==, MAMORI_AREA_DEFECT_NOT_PERMITTED);
  assert_flags_current (f);
}

static void
test_rule_permit_removed (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) permits = NULL;
  MamoriAreaEntry e = good_entry (f->top);
  gint64 id;

  permit (f, f->top, "高橋 健", "staff", "", "2026-01-01", NULL);
  permit (f, f->top, "鈴木 一郎", "staff", "", "2026-01-01", NULL);
  id = log_entry (f, &e, 0);
  permits = mamori_area_permits (f->store, f->top, &error);
  g_assert_cmpuint (permits->len, ==, 2);
  /* Sorted by name: 鈴木 (U+9234) before 高橋 (U+9AD8). */
  g_assert_cmpstr (((MamoriAreaPermit *)g_ptr_array_index (permits, 1))->name, ==, "高橋 健");
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_permit_delete (f->store,
                                            ((MamoriAreaPermit *)g_ptr_array_index (permits, 1))->id,
                                            &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_cmphex (flags_of (f, id), ==, MAMORI_AREA_DEFECT_NOT_PERMITTED);
  assert_flags_current (f);
}

static void
test_rule_escort (Fixture       *f,
                  gconstpointer  data)
{
  MamoriAreaEntry e = good_entry (f->other);

  e.kind = (char *)"contractor";
  e.id_checked = TRUE;
  log_entry (f, &e, MAMORI_AREA_DEFECT_NO_ESCORT);
  e.kind = (char *)"other";
  log_entry (f, &e, MAMORI_AREA_DEFECT_NO_ESCORT);
  e.escort_id = f->staff;
  log_entry (f, &e, 0);
  e.kind = (char *)"staff";
  e.escort_id = 0;
  log_entry (f, &e, 0);
  assert_flags_current (f);
}

/* The inspection sheet learns of the log's defects through the areas' fact source: the
 * section's areas, the period's records, the article the standard cites for the check. */
static void
test_facts (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) in_period = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) elsewhere = NULL;
  MamoriAreaEntry e = good_entry (f->other);
  guint found = 0;

  e.kind = (char *)"contractor";
  e.id_checked = TRUE;
  log_entry (f, &e, MAMORI_AREA_DEFECT_NO_ESCORT);
  e.entered_at = (char *)"2026-05-12T09:00";
  e.left_at = (char *)"2026-05-12T09:30";
  log_entry (f, &e, MAMORI_AREA_DEFECT_NO_ESCORT);

  in_period = mamori_facts_collect (f->store, f->section, "2026-04-01", "2027-03-31", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < in_period->len; i++)
    {
      MamoriFinding *finding = g_ptr_array_index (in_period, i);
      g_autofree char *ref = NULL;

      if (g_strcmp0 (finding->source, "areas") != 0)
        continue;
      found++;
      g_assert_cmpstr (finding->record_table, ==, "areas");
      g_assert_cmpint (mamori_facts_record_id (f->store, "areas", finding->record_uuid), ==,
                       f->other);
      g_assert_true (g_str_has_prefix (finding->record_label, "R002 "));
      g_assert_nonnull (strstr (finding->summary, "2"));
      ref = mamori_store_query_text (f->store,
                                     "SELECT ref FROM standard_rules WHERE code = 'area-escort'");
      g_assert_cmpstr (finding->ref, ==, ref);
    }
  g_assert_cmpuint (found, ==, 1);

  /* Another year's cycle, or another section, sees none of it. */
  before = mamori_facts_collect (f->store, f->section, "2025-04-01", "2026-03-31", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (((MamoriFinding *)g_ptr_array_index (before, i))->source, !=, "areas");
  elsewhere = mamori_facts_collect (f->store, f->section + 1000, "2026-04-01", "2027-03-31",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (elsewhere->len, ==, 0);
}

static void
test_rule_no_exit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MamoriAreaEntry e = good_entry (f->top);
  gint64 id;

  e.left_at = NULL;
  id = log_entry (f, &e, MAMORI_AREA_DEFECT_NO_EXIT);
  /* Recording the exit clears it; an exit before the entry is refused. */
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_false (mamori_area_entry_set_exit (f->store, id, "2026-05-11T08:00", &error));
  g_assert_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (mamori_area_entry_set_exit (f->store, id, "2026-05-11T11:00", &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_cmphex (flags_of (f, id), ==, 0);
  assert_flags_current (f);
}

/* Record Exit from the log: now by default, once only, audited; undone by clearing it. */
static void
test_record_exit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL, *again = NULL;
  g_autoptr(GDateTime) before = NULL, after = NULL;
  g_autofree char *from = NULL, *to = NULL;
  MamoriAreaEntry e = good_entry (f->top);
  gint64 id, audited;

  e.left_at = NULL;
  id = log_entry (f, &e, MAMORI_AREA_DEFECT_NO_EXIT);
  audited = mamori_store_query_int (f->store, "SELECT count(*) FROM audit_log", 0);
  before = g_date_time_new_now_local ();
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_entry_record_exit (f->store, id, NULL, &left, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (f->store, &error));
  after = g_date_time_new_now_local ();
  /* Now, to the minute. */
  from = g_date_time_format (before, "%Y-%m-%dT%H:%M");
  to = g_date_time_format (after, "%Y-%m-%dT%H:%M");
  g_assert_cmpstr (from, <=, left);
  g_assert_cmpstr (left, <=, to);
  g_assert_cmphex (flags_of (f, id), ==, 0);
  g_assert_cmpint (mamori_store_query_int (f->store, "SELECT count(*) FROM audit_log", 0), ==,
                   audited + 1);

  /* A second time is refused, naming the field; nothing changes. */
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_false (mamori_area_entry_record_exit (f->store, id, "2026-05-11T12:00", &again,
                                                 &error));
  g_assert_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Left at"));
  g_assert_null (again);
  g_clear_error (&error);
  mamori_store_rollback (f->store);

  /* Undo: the exit cleared again, flagged again. */
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_entry_set_exit (f->store, id, NULL, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_cmphex (flags_of (f, id), ==, MAMORI_AREA_DEFECT_NO_EXIT);
  /* An exit before the entry is refused. */
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_false (mamori_area_entry_record_exit (f->store, id, "2026-05-11T08:59", NULL, &error));
  g_assert_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID);
  mamori_store_rollback (f->store);
  assert_flags_current (f);
}

static void
test_rule_incomplete (Fixture       *f,
                      gconstpointer  data)
{
  MamoriAreaEntry e = good_entry (f->top);

  e.purpose = (char *)"";
  log_entry (f, &e, MAMORI_AREA_DEFECT_INCOMPLETE);
  e.purpose = (char *)"点検";
  e.affiliation = NULL;
  log_entry (f, &e, MAMORI_AREA_DEFECT_INCOMPLETE);
  assert_flags_current (f);
}

static void
test_rule_id_check (Fixture       *f,
                    gconstpointer  data)
{
  MamoriAreaEntry e = good_entry (f->top);

  e.kind = (char *)"contractor";
  e.escort_id = f->staff;
  log_entry (f, &e, MAMORI_AREA_DEFECT_NO_ID_CHECK);
  e.id_checked = TRUE;
  log_entry (f, &e, 0);
  /* A visitor's ID check is not what the rule asks about. */
  e.kind = (char *)"other";
  e.id_checked = FALSE;
  log_entry (f, &e, 0);
  assert_flags_current (f);
}

static void
test_rule_unissued_media (Fixture       *f,
                          gconstpointer  data)
{
  MamoriAreaEntry e = good_entry (f->top);

  e.items = (char *)"私物のUSBメモリ";
  e.unissued_media = TRUE;
  log_entry (f, &e, MAMORI_AREA_DEFECT_UNISSUED_MEDIA);
  /* Only the strictest class forbids it. */
  e.area_id = f->other;
  log_entry (f, &e, 0);
  assert_flags_current (f);
}

static gint64
log_move (Fixture              *f,
          const MamoriAreaMove *m,
          guint                 expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) moves = NULL;
  gint64 id = 0;

  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_move_insert (f->store, m, &id, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (f->store, &error));
  moves = mamori_area_moves (f->store, m->area_id, 100, &error);
  for (guint i = 0; i < moves->len; i++)
    if (((MamoriAreaMove *)g_ptr_array_index (moves, i))->id == id)
      g_assert_cmphex (((MamoriAreaMove *)g_ptr_array_index (moves, i))->rule_flags, ==, expected);
  return id;
}

static void
test_rule_moves (Fixture       *f,
                 gconstpointer  data)
{
  MamoriAreaMove m = { 0 };

  m.area_id = f->top;
  m.direction = (char *)"in";
  m.moved_at = (char *)"2026-05-11T13:00";
  m.item = (char *)"交換用ハードディスク";
  m.issued = TRUE;
  m.witness_id = f->staff;
  log_move (f, &m, 0);
  m.witness_id = 0;
  log_move (f, &m, MAMORI_AREA_DEFECT_NO_WITNESS);
  m.witness_id = f->staff;
  m.is_medium = TRUE;
  m.issued = FALSE;
  log_move (f, &m, MAMORI_AREA_DEFECT_MOVE_UNISSUED);
  /* Carried out, or into an area Ⅱ: not what 第5-2-(2)-ウ forbids. */
  m.direction = (char *)"out";
  log_move (f, &m, 0);
  m.direction = (char *)"in";
  m.area_id = f->other;
  log_move (f, &m, 0);
  assert_flags_current (f);
}

/* The standard decides: without the area rules, nothing is flagged. */
static void
test_rules_follow_standard (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MamoriAreaEntry e = good_entry (f->top);
  gint64 id;

  e.kind = (char *)"contractor";
  e.left_at = NULL;
  id = log_entry (f, &e, MAMORI_AREA_DEFECT_NO_ESCORT | MAMORI_AREA_DEFECT_NO_EXIT |
                         MAMORI_AREA_DEFECT_NO_ID_CHECK);
  g_assert_cmphex (mamori_reconcile_enabled_mask (f->store), ==, MAMORI_AREA_DEFECT_ALL);
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_store_exec (f->store, "DELETE FROM standard_rules WHERE code = "
                                              "'area-escort'", &error));
  g_assert_true (mamori_reconcile_refresh (f->store, 0, 0, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_cmphex (flags_of (f, id), ==, MAMORI_AREA_DEFECT_NO_EXIT | MAMORI_AREA_DEFECT_NO_ID_CHECK);
}

/* Records ------------------------------------------------------------------------------------- */

static void
test_area_records (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriArea) a = mamori_area_load (f->store, f->top, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *how = NULL;
  gint64 audit_before;
  MamoriArea bad = { 0 };

  g_assert_no_error (error);
  g_assert_cmpstr (a->class_name, ==, "管理区域Ⅰ");
  g_assert_cmpstr (a->officer_name, ==, "鈴木 一郎");
  g_assert_cmpstr (a->section_name, ==, "情報政策課");
  g_assert_true (mamori_area_is_top_class (f->store, f->top));
  g_assert_false (mamori_area_is_top_class (f->store, f->other));

  /* The measures are the class's, from the standard. */
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_set_measure (f->store, f->top, "(イ)", "ICカード認証", &error));
  g_assert_false (mamori_area_set_measure (f->store, f->top, "イ", "施錠", &error));
  g_assert_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (mamori_area_set_measure (f->store, f->other, "イ", "施錠", &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  how = mamori_area_get_measure (f->store, f->top, "(イ)");
  g_assert_cmpstr (how, ==, "ICカード認証");

  /* Refusals name the field and write nothing. */
  audit_before = mamori_store_query_int (f->store, "SELECT max(seq) FROM audit_log", 0);
  bad.code = (char *)"R001";
  bad.name = (char *)"重複";
  bad.class_code = (char *)"I";
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_false (mamori_area_insert (f->store, &bad, NULL, &error));
  g_assert_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "R001"));
  g_clear_error (&error);
  bad.code = (char *)"R009";
  bad.class_code = (char *)"III";
  g_assert_false (mamori_area_insert (f->store, &bad, NULL, &error));
  g_assert_nonnull (strstr (error->message, "III"));
  g_clear_error (&error);
  mamori_store_rollback (f->store);
  g_assert_cmpint (mamori_store_query_int (f->store, "SELECT max(seq) FROM audit_log", 0), ==,
                   audit_before);

  list = mamori_area_list (f->store, &error);
  g_assert_cmpuint (list->len, ==, 2);
  /* The names alone, for a choice of area: the same areas in the same order. */
  {
    g_autoptr(GPtrArray) names = mamori_area_list_names (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (names->len, ==, list->len);
    for (guint i = 0; i < names->len; i++)
      {
        MamoriArea *full = g_ptr_array_index (list, i), *b = g_ptr_array_index (names, i);

        g_assert_cmpint (b->id, ==, full->id);
        g_assert_cmpstr (b->code, ==, full->code);
        g_assert_cmpstr (b->name, ==, full->name);
      }
  }

  /* An area with a log is not deleted: refused, naming the area; once its entry is gone,
   * deleting it takes its records with it, each in the audit log. */
  {
    MamoriAreaEntry e = good_entry (f->other);
    gint64 entry = log_entry (f, &e, 0);

    g_assert_true (mamori_store_begin (f->store, &error));
    g_assert_false (mamori_area_delete (f->store, f->other, &error));
    g_assert_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "R002"));
    g_clear_error (&error);
    g_assert_true (mamori_area_entry_delete (f->store, entry, &error));
    g_assert_true (mamori_store_commit (f->store, &error));
  }
  permit (f, f->other, "高橋 健", "staff", "C000001", "2026-05-01", NULL);
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_delete (f->store, f->other, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_cmpint (mamori_store_query_int (f->store, "SELECT count(*) FROM audit_log WHERE "
                                                     "action = 'delete' AND tbl LIKE 'area%'", 0),
                   ==, 4);
}

static void
test_contractor_needs_contract (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  MamoriAreaPermit p = { 0 };

  p.area_id = f->top;
  p.name = (char *)"山本 直樹";
  p.kind = (char *)"contractor";
  p.valid_from = (char *)"2026-04-01";
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_false (mamori_area_permit_insert (f->store, &p, NULL, &error));
  g_assert_error (error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID);
  g_clear_error (&error);
  p.contract_number = (char *)"委-0007";
  p.valid_to = (char *)"2026-03-31";
  g_assert_false (mamori_area_permit_insert (f->store, &p, NULL, &error));
  g_clear_error (&error);
  p.valid_to = (char *)"2027-03-31";
  g_assert_true (mamori_area_permit_insert (f->store, &p, NULL, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  number = mt_sqlite_text (mamori_store_get_db (f->store), "SELECT contract_number FROM area_permits");
  g_assert_cmpstr (number, ==, "委-0007");
}

static void
test_time_parse (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "2026-04-01 09:30", "2026-04-01T09:30" },
    { "2026/4/1 9:30", "2026-04-01T09:30" },
    { "2026/04/01 17:05:59", "2026-04-01T17:05" },
    { " 2026-04-01T09:30 ", "2026-04-01T09:30" },
    { "2026-02-30 09:30", NULL },
    { "2026-04-01 24:00", NULL },
    { "2026-04-01", NULL },
    { "2026-04/01 09:30", NULL },
    { "2026-04-01 09:30 x", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = mamori_area_time_parse (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* Filters ------------------------------------------------------------------------------------- */

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MamoriAreaEntry e = good_entry (f->top);
  MamoriEntryFilter filter = { 0 };
  g_autoptr(GPtrArray) page = NULL;

  for (int day = 1; day <= 20; day++)
    {
      g_autofree char *in = g_strdup_printf ("2026-05-%02dT09:00", day);
      g_autofree char *out = g_strdup_printf ("2026-05-%02dT10:00", day);

      e.area_id = day % 2 ? f->top : f->other;
      e.entered_at = in;
      e.left_at = day % 5 == 0 ? NULL : out;
      e.name = day % 4 == 0 ? (char *)"田中 誠" : (char *)"高橋 健";
      log_entry (f, &e, day % 5 == 0 ? MAMORI_AREA_DEFECT_NO_EXIT : 0);
    }
  g_assert_cmpint (mamori_area_entries_count (f->store, &filter, &error), ==, 20);
  filter.area_id = f->top;
  g_assert_cmpint (mamori_area_entries_count (f->store, &filter, &error), ==, 10);
  filter.from = "2026-05-05";
  filter.to = "2026-05-09";
  g_assert_cmpint (mamori_area_entries_count (f->store, &filter, &error), ==, 3);
  filter.area_id = 0;
  filter.person = "田中";
  g_assert_cmpint (mamori_area_entries_count (f->store, &filter, &error), ==, 1);
  filter.person = NULL;
  filter.from = filter.to = NULL;
  filter.defects = MAMORI_AREA_DEFECT_NO_EXIT;
  g_assert_cmpint (mamori_area_entries_count (f->store, &filter, &error), ==, 4);
  filter.defects = MAMORI_AREA_DEFECT_NO_ESCORT;
  g_assert_cmpint (mamori_area_entries_count (f->store, &filter, &error), ==, 0);
  filter.defects = 0;
  /* Newest first, in pages. */
  page = mamori_area_entries (f->store, &filter, 2, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 5);
  g_assert_cmpstr (((MamoriAreaEntry *)g_ptr_array_index (page, 0))->entered_at, ==,
                   "2026-05-18T09:00");
  g_clear_pointer (&page, g_ptr_array_unref);
  page = mamori_area_recent_people (f->store, f->other, 5, &error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (((MamoriAreaEntry *)g_ptr_array_index (page, 0))->name, ==, "田中 誠");
}

/* Sampling ------------------------------------------------------------------------------------ */

static void
test_sample (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAreaSample) a = NULL, b = NULL, all = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  MamoriAreaEntry e = good_entry (f->top);
  gint64 defective = 0;

  for (int day = 1; day <= 30; day++)
    for (int k = 0; k < 3; k++)
      {
        g_autofree char *in = g_strdup_printf ("2026-06-%02dT%02d:00", day, 9 + k);
        g_autofree char *out = g_strdup_printf ("2026-06-%02dT23:00", day);

        /* The 7th, 14th, 21st and 28th have one entry without a purpose. */
        e.entered_at = in;
        e.left_at = out;
        e.purpose = day % 7 == 0 && k == 0 ? (char *)"" : (char *)"点検";
        log_entry (f, &e, day % 7 == 0 && k == 0 ? MAMORI_AREA_DEFECT_INCOMPLETE : 0);
      }
  a = mamori_reconcile_sample (f->store, f->top, "2026-06-01", "2026-06-30", 5, 42, &error);
  b = mamori_reconcile_sample (f->store, f->top, "2026-06-01", "2026-06-30", 5, 42, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (a->days), ==, 5);
  g_assert_true (g_strv_equal ((const char * const *)a->days, (const char * const *)b->days));
  g_assert_cmpint (a->sampled, ==, 15);
  for (guint i = 0; a->days[i]; i++)
    defective += atoi (a->days[i] + 8) % 7 == 0;
  g_assert_cmpint (a->defective, ==, defective);
  g_assert_cmpuint (a->defective_entries->len, ==, defective);

  /* More days than there are: all of them. */
  all = mamori_reconcile_sample (f->store, f->top, "2026-06-01", "2026-06-30", 100, 1, &error);
  g_assert_cmpuint (g_strv_length (all->days), ==, 30);
  g_assert_cmpint (all->sampled, ==, 90);
  g_assert_cmpint (all->defective, ==, 4);

  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_reconcile_sample_record (f->store, all, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_cmpint (mamori_store_query_int (f->store, "SELECT defective FROM area_samples", -1),
                   ==, 4);

  /* Refusals. */
  g_assert_null (mamori_reconcile_sample (f->store, f->top, "2026-06-30", "2026-06-01", 5, 1,
                                          &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The findings cite the standard's articles, for the inspection. */
  findings = mamori_reconcile_findings (f->store, f->top, "2026-06-01", "2026-06-30", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < findings->len; i++)
    {
      MamoriAreaFinding *x = g_ptr_array_index (findings, i);

      g_assert_nonnull (x->ref);
      if (x->defect == MAMORI_AREA_DEFECT_INCOMPLETE)
        {
          g_assert_cmpint (x->count, ==, 4);
          g_assert_cmpstr (x->ref, ==, "第3-2-(2)-ア-(ウ)");
        }
      else
        g_assert_cmpint (x->count, ==, 0);
    }
  g_assert_cmpuint (findings->len, ==, 9);
}

/* Undo of a deletion: the row loaded before it goes is written again, under its uuid. */
static void
test_undo_delete (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAreaEntry) saved = NULL;
  g_autoptr(GPtrArray) permits = NULL;
  MamoriAreaEntry e = good_entry (f->top);
  MamoriAreaPermit *p;
  g_autofree char *uuid = NULL;
  gint64 id, again;

  e.kind = (char *)"contractor";
  id = log_entry (f, &e, MAMORI_AREA_DEFECT_NO_ESCORT | MAMORI_AREA_DEFECT_NO_ID_CHECK);
  saved = mamori_area_entry_load (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_entry_delete (f->store, id, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_entry_insert (f->store, saved, &again, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_no_error (error);
  uuid = mamori_store_query_text (f->store, "SELECT uuid FROM area_entries");
  g_assert_cmpstr (uuid, ==, saved->uuid);
  g_assert_cmphex (flags_of (f, again), ==,
                   MAMORI_AREA_DEFECT_NO_ESCORT | MAMORI_AREA_DEFECT_NO_ID_CHECK);

  permit (f, f->top, "高橋 健", "staff", "C000001", "2026-05-01", NULL);
  permits = mamori_area_permits (f->store, f->top, &error);
  p = g_ptr_array_index (permits, 0);
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_permit_delete (f->store, p->id, &error));
  g_assert_true (mamori_area_permit_insert (f->store, p, NULL, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_store_row_exists (f->store, "SELECT 1 FROM area_permits WHERE area_id = ?",
                                          f->top));
  g_assert_cmpint (mamori_store_query_int (f->store, "SELECT count(*) FROM audit_log WHERE "
                                                     "tbl IN ('area_entries', 'area_permits') "
                                                     "AND action = 'delete'", 0), ==, 2);
}

/* Keys and cards (第3-2-(2)-ア (イ)) ------------------------------------------------------------ */

static gboolean
lend (Fixture     *f,
      const char  *key,
      gint64       approver,
      const char  *lent_at,
      const char  *due_at,
      gint64      *id,
      GError     **error)
{
  MamoriAreaKeyLoan k = { 0 };
  gboolean ok;

  k.area_id = f->top;
  k.key_number = (char *)key;
  k.person_id = f->staff;
  k.approver_id = approver;
  k.lent_at = (char *)lent_at;
  k.due_at = (char *)due_at;
  g_assert_true (mamori_store_begin (f->store, NULL));
  ok = mamori_area_key_lend (f->store, &k, id, error);
  if (ok)
    g_assert_true (mamori_store_commit (f->store, NULL));
  else
    mamori_store_rollback (f->store);
  return ok;
}

static gboolean
give_back (Fixture     *f,
           gint64       id,
           const char  *at,
           GError     **error)
{
  gboolean ok;

  g_assert_true (mamori_store_begin (f->store, NULL));
  ok = mamori_area_key_return (f->store, id, at, NULL, error);
  if (ok)
    g_assert_true (mamori_store_commit (f->store, NULL));
  else
    mamori_store_rollback (f->store);
  return ok;
}

static void
assert_refused (GError     **error,
                const char  *names)
{
  g_assert_error (*error, MAMORI_AREA_ERROR, MAMORI_AREA_ERROR_INVALID);
  g_assert_nonnull (strstr ((*error)->message, names));
  g_clear_error (error);
}

/* Lend, list (open ones first), return once; every refusal names its field and writes nothing. */
static void
test_keys_lend_return (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loans = NULL;
  gint64 first, second, audited;
  MamoriAreaKeyLoan *k;

  g_assert_true (lend (f, "K-01", f->officer, "2026-06-01T09:00", NULL, &first, &error));
  g_assert_true (lend (f, "K-02", f->officer, "2026-06-02T09:00", NULL, &second, &error));
  g_assert_no_error (error);
  audited = mamori_store_query_int (f->store, "SELECT count(*) FROM audit_log", 0);

  g_assert_false (lend (f, "K-01", f->officer, "2026-06-03T09:00", NULL, NULL, &error));
  assert_refused (&error, "K-01");
  g_assert_false (lend (f, "K-03", 0, "2026-06-03T09:00", NULL, NULL, &error));
  assert_refused (&error, "approver");
  g_assert_false (lend (f, " ", f->officer, "2026-06-03T09:00", NULL, NULL, &error));
  assert_refused (&error, "key or card number");
  g_assert_false (lend (f, "K-03", f->officer, "2026-06-03 朝", NULL, NULL, &error));
  assert_refused (&error, "time lent");
  g_assert_false (lend (f, "K-03", f->officer, "2026-06-03T09:00", "2026-06-02T09:00", NULL,
                        &error));
  assert_refused (&error, "due back");
  g_assert_cmpint (mamori_store_query_int (f->store, "SELECT count(*) FROM area_key_loans", 0),
                   ==, 2);

  g_assert_false (give_back (f, first, "2026-06-01T08:00", &error));
  assert_refused (&error, "Returned at");
  g_assert_true (give_back (f, first, "2026-06-01T17:30", &error));
  g_assert_no_error (error);
  g_assert_false (give_back (f, first, "2026-06-01T18:00", &error));
  assert_refused (&error, "Returned at");
  g_assert_cmpint (mamori_store_query_int (f->store, "SELECT count(*) FROM audit_log", 0), ==,
                   audited + 1);

  /* A borrower typed by name is the register's person of that name when only one has it;
   * a name two people share, or nobody has, stays a name. */
  {
    g_autofree char *name = mamori_store_query_text (f->store, "SELECT name FROM people "
                                                               "WHERE id = (SELECT min (id) FROM people)");
    const char *names[] = { name, "登録にない 人", "同名 太郎" };
    gint64 expected[] = { mamori_store_query_int (f->store, "SELECT min (id) FROM people", 0),
                          0, 0 };

    for (int twice = 0; twice < 2; twice++)
      g_assert_true (mamori_org_add_person (f->store, NULL, "同名 太郎", "", "", 0, NULL,
                                            &error));
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *key = g_strdup_printf ("N-%u", i);
        MamoriAreaKeyLoan n = { 0 };
        gint64 id = 0;

        n.area_id = f->other;
        n.key_number = key;
        n.name = (char *)names[i];
        n.approver_id = f->officer;
        n.lent_at = (char *)"2026-06-02T09:00";
        g_assert_true (mamori_store_begin (f->store, NULL));
        g_assert_true (mamori_area_key_lend (f->store, &n, &id, &error));
        g_assert_no_error (error);
        g_assert_true (mamori_store_commit (f->store, NULL));
        {
          g_autofree char *sql = g_strdup_printf ("SELECT coalesce (person_id, 0) FROM "
                                                  "area_key_loans WHERE id = %" G_GINT64_FORMAT,
                                                  id);

          g_assert_cmpint (mamori_store_query_int (f->store, sql, -1), ==, expected[i]);
        }
      }
  }

  loans = mamori_area_key_loans (f->store, f->top, "2026-06-02T10:00", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loans->len, ==, 2);
  k = g_ptr_array_index (loans, 0);
  g_assert_cmpint (k->id, ==, second);
  g_assert_null (k->returned_at);
  g_assert_cmpstr (k->name, ==, "高橋 健");
  g_assert_cmpstr (k->approver_name, ==, "鈴木 一郎");
  k = g_ptr_array_index (loans, 1);
  g_assert_cmpstr (k->returned_at, ==, "2026-06-01T17:30");

  /* Returned, the key can be lent again. */
  g_assert_true (lend (f, "K-01", f->officer, "2026-06-03T09:00", NULL, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
overdue_at (Fixture    *f,
            gint64      id,
            const char *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriAreaKeyLoan) k = mamori_area_key_load (f->store, id, now, &error);

  g_assert_no_error (error);
  return k->overdue;
}

/* Not returned by the end of the day (or its due time) is a defect of the standard's rule. */
static void
test_keys_rule (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  gint64 day, due, late;
  gboolean found = FALSE;

  g_assert_true (lend (f, "K-01", f->officer, "2026-06-01T09:00", NULL, &day, &error));
  g_assert_true (lend (f, "K-02", f->officer, "2026-06-01T09:00", "2026-06-03T12:00", &due,
                       &error));
  g_assert_true (lend (f, "K-03", f->officer, "2026-06-01T09:00", NULL, &late, &error));
  g_assert_true (give_back (f, late, "2026-06-02T09:00", &error));
  g_assert_no_error (error);

  g_assert_false (overdue_at (f, day, "2026-06-01T23:59"));
  g_assert_true (overdue_at (f, day, "2026-06-02T00:00"));
  g_assert_false (overdue_at (f, due, "2026-06-03T12:00"));
  g_assert_true (overdue_at (f, due, "2026-06-03T12:01"));
  /* Returned, but the day after. */
  g_assert_true (overdue_at (f, late, "2026-06-02T10:00"));
  g_assert_cmpint (mamori_area_key_overdue_count (f->store, f->top, "2026-06-01", "2026-06-01",
                                                  "2026-06-02T10:00", &error), ==, 2);
  g_assert_cmpint (mamori_area_key_overdue_count (f->store, f->other, NULL, NULL,
                                                  "2026-06-02T10:00", &error), ==, 0);
  /* The area says so, in the list and loaded alone (judged now: all three are late). */
  {
    g_autoptr(GPtrArray) areas = mamori_area_list (f->store, &error);
    g_autoptr(MamoriArea) top = mamori_area_load (f->store, f->top, &error);

    g_assert_no_error (error);
    g_assert_cmpint (top->n_late_keys, ==, 3);
    for (guint i = 0; i < areas->len; i++)
      {
        MamoriArea *a = g_ptr_array_index (areas, i);

        g_assert_cmpint (a->n_late_keys, ==, a->id == f->top ? 3 : 0);
      }
  }

  findings = mamori_reconcile_findings (f->store, f->top, "2026-06-01", "2026-06-30", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < findings->len; i++)
    {
      MamoriAreaFinding *x = g_ptr_array_index (findings, i);

      if (x->defect != MAMORI_AREA_DEFECT_KEY_NOT_RETURNED)
        continue;
      found = TRUE;
      g_assert_cmpstr (x->code, ==, "area-key-return");
      g_assert_cmpstr (x->ref, ==, "第3-2-(2)-ア-(イ)");
      g_assert_cmpint (x->count, >=, 1);
    }
  g_assert_true (found);

  /* A standard without the rule does not check it. */
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_store_exec (f->store, "DELETE FROM standard_rules WHERE code = "
                                              "'area-key-return'", &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_false (overdue_at (f, day, "2026-06-02T10:00"));
  g_assert_cmpint (mamori_area_key_overdue_count (f->store, 0, NULL, NULL, "2026-06-02T10:00",
                                                  &error), ==, 0);
  {
    g_autoptr(MamoriArea) top = mamori_area_load (f->store, f->top, &error);

    g_assert_cmpint (top->n_late_keys, ==, 0);
  }
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = mamori_reconcile_findings (f->store, f->top, NULL, NULL, &error);
  for (guint i = 0; i < findings->len; i++)
    g_assert_cmpuint (((MamoriAreaFinding *)g_ptr_array_index (findings, i))->defect, !=,
                      MAMORI_AREA_DEFECT_KEY_NOT_RETURNED);

  /* The area deleted, its loans go through the audit log too (the tear-down checks). */
  g_assert_true (mamori_store_begin (f->store, &error));
  g_assert_true (mamori_area_delete (f->store, f->top, &error));
  g_assert_true (mamori_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mamori_store_query_int (f->store, "SELECT count(*) FROM area_key_loans", -1),
                   ==, 0);
  g_assert_cmpint (mamori_store_query_int (f->store, "SELECT count(*) FROM audit_log WHERE "
                                                     "tbl = 'area_key_loans' AND action = 'delete'",
                                           -1), ==, 3);
}

/* Import -------------------------------------------------------------------------------------- */

static MamoriEntryImportReport *
import (Fixture     *f,
        const char  *csv,
        gboolean     dry_run,
        GError     **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (csv), -1, g_free);
  MamoriEntryImportOptions options;

  mamori_entry_import_options_init (&options);
  options.area_id = f->top;
  options.dry_run = dry_run;
  return mamori_entry_import_csv (f->store, stream, &options, NULL, error);
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriEntryImportReport) dry = NULL, done = NULL;
  g_autoptr(GPtrArray) page = NULL;
  MamoriEntryFilter filter = { 0 };
  g_autofree char *before = NULL, *after = NULL;
  const char *csv =
    "\xef\xbb\xbf" "カード番号,氏名,所属,区分,目的,入室日時,退室日時,立会職員,身分証確認\r\n"
    "C000001,,,,定期保守,2026/05/11 9:00,2026/05/11 10:15,,\r\n"
    "C000099,山本 直樹,みなと通信工業,外部委託事業者,配線工事,2026/05/11 13:00,2026/05/11 15:00,000002,済\r\n"
    "\r\n"
    ",来訪 花子,区民,その他,見学,2026-05-12 10:00,,高橋 健,\r\n";

  permit (f, f->top, "高橋 健", "staff", "C000001", "2026-04-01", NULL);
  before = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);
  dry = import (f, csv, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dry->rows, ==, 3);
  g_assert_cmpint (dry->added, ==, 3);
  g_assert_false (dry->written);
  after = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  done = import (f, csv, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (done->written);
  g_assert_cmpint (done->added, ==, 3);
  page = mamori_area_entries (f->store, &filter, 0, 10, &error);
  g_assert_cmpuint (page->len, ==, 3);
  {
    MamoriAreaEntry *visitor = g_ptr_array_index (page, 0);
    MamoriAreaEntry *contractor = g_ptr_array_index (page, 1);
    MamoriAreaEntry *staff = g_ptr_array_index (page, 2);

    /* The card reader's row named only the card: the permit says who. */
    g_assert_cmpstr (staff->name, ==, "高橋 健");
    g_assert_cmpstr (staff->kind, ==, "staff");
    g_assert_cmpstr (staff->entered_at, ==, "2026-05-11T09:00");
    g_assert_cmpstr (staff->affiliation, ==, "東都情報サービス株式会社");
    g_assert_cmphex (staff->rule_flags, ==, 0);
    g_assert_cmpstr (contractor->kind, ==, "contractor");
    g_assert_true (contractor->id_checked);
    g_assert_cmpint (contractor->escort_id, ==, f->staff);
    /* Not on the list, but escorted. */
    g_assert_cmphex (contractor->rule_flags, ==, 0);
    g_assert_cmpstr (visitor->kind, ==, "other");
    g_assert_cmphex (visitor->rule_flags, ==, MAMORI_AREA_DEFECT_NO_EXIT);
  }
}

static void
test_import_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriEntryImportReport) report = NULL;
  g_autofree char *before = NULL, *after = NULL;
  MamoriInventoryProblem *p;
  const char *csv =
    "area,name,in,out,kind,id checked\n"
    "R001,高橋 健,2026-05-11 09:00,2026-05-11 10:00,staff,\n"
    "R001,田中 誠,2026-05-11 25:00,2026-05-11 10:00,staff,\n"
    "R404,鈴木 一郎,2026-05-11 09:00,,staff,\n"
    "R002,山本 直樹,2026-05-11 09:00,2026-05-11 10:00,業者,たぶん\n"
    "R002,山本 直樹,2026-05-11 09:00,2026-05-11 10:00,社長,\n"
    "R002,山本 直樹,2026-05-11 11:00,2026-05-11 10:00,業者,済\n";

  before = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);
  report = import (f, csv, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (report->written);
  g_assert_cmpint (report->rows, ==, 6);
  g_assert_cmpint (report->rejected, ==, 5);
  after = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpuint (report->problems->len, ==, 5);
  p = g_ptr_array_index (report->problems, 0);
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_cmpstr (p->field, ==, "entered");
  g_assert_nonnull (strstr (p->message, "25:00"));
  p = g_ptr_array_index (report->problems, 1);
  g_assert_cmpuint (p->line, ==, 4);
  g_assert_nonnull (strstr (p->message, "R404"));
  p = g_ptr_array_index (report->problems, 2);
  g_assert_cmpuint (p->line, ==, 5);
  g_assert_cmpstr (p->field, ==, "id-checked");
  p = g_ptr_array_index (report->problems, 3);
  g_assert_cmpuint (p->line, ==, 6);
  g_assert_cmpstr (p->field, ==, "kind");
  /* A row that reads but that the entry log refuses, with the log's own words. */
  p = g_ptr_array_index (report->problems, 4);
  g_assert_cmpuint (p->line, ==, 7);
  g_assert_nonnull (strstr (p->message, "exit"));

  /* Without a time column, nothing can be read at all. */
  g_clear_pointer (&report, mamori_entry_import_report_free);
  report = import (f, "name,purpose\n高橋 健,点検\n", FALSE, &error);
  g_assert_null (report);
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* Unterminated quote: the CSV reader's error, nothing written. */
  report = import (f, "name,in\n\"高橋 健,2026-05-11 09:00\n", FALSE, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  g_free (after);
  after = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);
  g_assert_cmpstr (before, ==, after);
}

/* A card reader whose headers Mamori does not know: mapped by hand, saved, reused. */
static void
test_import_mapping (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriEntryMapping) mapping = mamori_entry_mapping_new ();
  g_autoptr(MamoriEntryMapping) back = NULL;
  g_autoptr(MamoriEntryImportReport) report = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *json = NULL, *before = NULL, *after = NULL;
  MamoriEntryImportOptions options;
  MamoriEntryAddition *a;
  int columns[MAMORI_ENTRY_N_FIELDS];
  const char *headers[] = { "No", "ICカード", "通過時刻", "退出時刻", "備考" };
  const char *csv =
    "No,ICカード,通過時刻,退出時刻,備考\n"
    "1,C000001,2026/05/11 9:00,2026/05/11 10:15,定期保守\n"
    "2,C000001,2026/05/12 9:00,2026/05/12 9:30,点検\n";

  permit (f, f->top, "高橋 健", "staff", "C000001", "2026-04-01", NULL);
  /* The headers alone say too little. */
  g_assert_false (mamori_entry_mapping_resolve (mapping, headers, 5, columns, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
  g_clear_error (&error);

  mamori_entry_mapping_set_header (mapping, MAMORI_ENTRY_FIELD_CARD, "ICカード");
  mamori_entry_mapping_set_header (mapping, MAMORI_ENTRY_FIELD_ENTERED, "通過時刻");
  mamori_entry_mapping_set_index (mapping, MAMORI_ENTRY_FIELD_LEFT, 3);
  mamori_entry_mapping_set_header (mapping, MAMORI_ENTRY_FIELD_PURPOSE, "備考");
  mamori_entry_mapping_set_ignored (mapping, MAMORI_ENTRY_FIELD_NAME);
  g_assert_true (mamori_entry_mapping_resolve (mapping, headers, 5, columns, &error));
  g_assert_no_error (error);
  g_assert_cmpint (columns[MAMORI_ENTRY_FIELD_CARD], ==, 1);
  g_assert_cmpint (columns[MAMORI_ENTRY_FIELD_ENTERED], ==, 2);
  g_assert_cmpint (columns[MAMORI_ENTRY_FIELD_LEFT], ==, 3);
  g_assert_cmpint (columns[MAMORI_ENTRY_FIELD_NAME], ==, -1);
  g_assert_cmpint (columns[MAMORI_ENTRY_FIELD_AREA], ==, -1);

  /* Saved by name (audited), listed, read back the same; an inventory mapping of the same name
   * is another one. */
  g_assert_true (mamori_entry_mapping_save (f->store, "サーバ室のリーダー", mapping, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mamori_store_query_int (f->store, "SELECT count(*) FROM audit_log WHERE "
                                                     "tbl = 'import_mappings'", 0), ==, 1);
  names = mamori_entry_mapping_list (f->store, &error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "サーバ室のリーダー");
  g_assert_null (mamori_inventory_mapping_load (f->store, "サーバ室のリーダー", &error));
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  back = mamori_entry_mapping_load (f->store, "サーバ室のリーダー", &error);
  g_assert_no_error (error);
  json = mamori_entry_mapping_to_json (back);
  {
    g_autofree char *expected = mamori_entry_mapping_to_json (mapping);
    g_assert_cmpstr (json, ==, expected);
  }
  g_assert_nonnull (strstr (json, "\"left\": {\"column\": 4}"));
  g_assert_nonnull (strstr (json, "\"name\": false"));

  /* A dry run with it lists what would be added, by line; nothing written. */
  before = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);
  stream = g_memory_input_stream_new_from_data (csv, -1, NULL);
  mamori_entry_import_options_init (&options);
  options.area_id = f->top;
  options.mapping = back;
  options.dry_run = TRUE;
  report = mamori_entry_import_csv (f->store, stream, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->added, ==, 2);
  g_assert_false (report->written);
  g_assert_cmpuint (report->additions->len, ==, 2);
  a = g_ptr_array_index (report->additions, 1);
  g_assert_cmpuint (a->line, ==, 3);
  g_assert_cmpstr (a->area_code, ==, "R001");
  g_assert_cmpstr (a->name, ==, "高橋 健");
  g_assert_cmpstr (a->entered_at, ==, "2026-05-12T09:00");
  g_assert_cmpstr (a->left_at, ==, "2026-05-12T09:30");
  after = mt_db_fingerprint (mamori_store_get_db (f->store), NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  /* A file without the column the mapping names: refused, naming the field and column. */
  g_clear_object (&stream);
  g_clear_pointer (&report, mamori_entry_import_report_free);
  stream = g_memory_input_stream_new_from_data ("No,カード,時刻\n1,C000001,2026/05/11 9:00\n", -1,
                                                NULL);
  report = mamori_entry_import_csv (f->store, stream, &options, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "ICカード"));
  g_clear_error (&error);

  /* Broken JSON is refused with a reason, not taken for the default. */
  g_assert_null (mamori_entry_mapping_from_json (f->store, "{\"columns\": {\"shoe\": false}}",
                                                 &error));
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING);
  g_clear_error (&error);
  g_assert_null (mamori_entry_mapping_from_json (f->store, "[1]", &error));
  g_assert_error (error, MAMORI_INVENTORY_ERROR, MAMORI_INVENTORY_ERROR_MAPPING);
}

/* The sample ward ----------------------------------------------------------------------------- */

static void
test_demo (void)
{
  g_autofree char *dir = mt_tmpdir_new ();
  g_autoptr(MamoriStore) a = mt_store_new (dir, "a.db");
  g_autoptr(MamoriStore) b = mt_store_new (dir, "b.db");
  g_autoptr(GError) error = NULL;
  MamoriDemoOptions options;
  static const char *const tables[] = { "areas", "area_permits", "area_entries", "area_moves",
                                        "area_measure_notes", "area_assets", NULL };
  g_autofree char *fa = NULL, *fb = NULL;

  mamori_demo_options_init (&options);
  options.sections = 10;
  options.assets = 200;
  options.areas = 7;
  options.entries = 3000;
  g_assert_true (mamori_demo_build (a, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mamori_demo_build (b, &options, NULL, &error));
  fa = mt_db_fingerprint (mamori_store_get_db (a), tables, NULL);
  fb = mt_db_fingerprint (mamori_store_get_db (b), tables, NULL);
  g_assert_cmpstr (fa, ==, fb);
  g_assert_cmpint (mamori_store_query_int (a, "SELECT count(*) FROM areas", 0), ==, 7);
  g_assert_cmpint (mamori_store_query_int (a, "SELECT count(*) FROM area_entries", 0), ==, 3000);
  /* A few defects, not many. */
  {
    gint64 bad = mamori_store_query_int (a, "SELECT count(*) FROM area_entries "
                                            "WHERE rule_flags <> 0", 0);
    g_assert_cmpint (bad, >, 10);
    g_assert_cmpint (bad, <, 600);
  }
  {
    g_autoptr(MamoriCheckReport) report = mamori_check_run (a, NULL, &error);
    g_assert_cmpuint (report->problems->len, ==, 0);
  }
  g_clear_object (&a);
  g_clear_object (&b);
  mt_tmpdir_free (g_steal_pointer (&dir));
}

/* A page read from the nearer end of the log, or after the entry above it, is the page read by
 * its offset from the top: for the whole log, one area and the defects, with many entries at
 * the same minute (the order between them is by id). */
static void
assert_same_page (GPtrArray *a,
                  GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (((MamoriAreaEntry *)g_ptr_array_index (a, i))->id, ==,
                     ((MamoriAreaEntry *)g_ptr_array_index (b, i))->id);
}

#define PAGE 16

static void
test_pages (void)
{
  g_autofree char *dir = mt_tmpdir_new ();
  g_autoptr(MamoriStore) store = mt_store_new (dir, "pages.db");
  g_autoptr(GError) error = NULL;
  MamoriDemoOptions options;
  MamoriEntryFilter filters[4] = { { 0 } };
  g_autofree char *person = NULL;

  mamori_demo_options_init (&options);
  options.sections = 10;
  options.assets = 50;
  options.areas = 4;
  options.entries = 2000;
  g_assert_true (mamori_demo_build (store, &options, NULL, &error));
  g_assert_no_error (error);
  /* Whole hours only: dozens of entries share each time. */
  g_assert_true (mamori_store_exec (store, "UPDATE area_entries SET entered_at = "
                                           "substr (entered_at, 1, 13) || ':00'", &error));
  g_assert_cmpint (mamori_store_query_int (store, "SELECT max (n) FROM (SELECT count(*) AS n "
                                                  "FROM area_entries GROUP BY entered_at)", 0),
                   >, 1);
  filters[1].area_id = mamori_store_query_int (store, "SELECT id FROM areas ORDER BY code LIMIT 1",
                                               0);
  filters[2].defects = MAMORI_AREA_DEFECT_ALL;
  /* The name most entries start with (the person filter matches a prefix). */
  person = mamori_store_query_text (store, "SELECT substr (name, 1, 1) AS n FROM area_entries "
                                           "GROUP BY n ORDER BY count(*) DESC LIMIT 1");
  filters[3].person = person;

  for (guint k = 0; k < G_N_ELEMENTS (filters); k++)
    {
      gint64 total = mamori_area_entries_count (store, &filters[k], &error);
      g_autoptr(GPtrArray) previous = NULL;
      g_autoptr(GPtrArray) marks = mamori_area_entries_marks (store, &filters[k], 7, NULL,
                                                              &error);

      g_assert_no_error (error);
      g_assert_cmpuint (marks->len, ==, total / 7);
      for (guint m = 0; m < marks->len; m++)
        {
          g_autoptr(GPtrArray) row = mamori_area_entries (store, &filters[k], m * 7 + 6, 1,
                                                          &error);

          g_assert_cmpint (((MamoriAreaEntry *)g_ptr_array_index (row, 0))->id, ==,
                           ((MamoriAreaEntry *)g_ptr_array_index (marks, m))->id);
        }
      g_assert_cmpint (total, >, 2 * PAGE);
      for (guint offset = 0; offset < (guint)total + PAGE; offset += PAGE)
        {
          g_autoptr(GPtrArray) expected = mamori_area_entries (store, &filters[k], offset, PAGE,
                                                               &error);
          g_autoptr(GPtrArray) jumped = mamori_area_entries_at (store, &filters[k], offset, PAGE,
                                                                total, NULL, 0, &error);
          g_autoptr(GPtrArray) followed = NULL;

          g_assert_no_error (error);
          assert_same_page (jumped, expected);
          /* From the nearest mark above (marks every 7 rows: a page starts anywhere between). */
          if (offset / 7 >= 1 && offset / 7 - 1 < marks->len)
            {
              g_autoptr(GPtrArray) marked = NULL;

              marked = mamori_area_entries_at (store, &filters[k], offset, PAGE, total,
                                               g_ptr_array_index (marks, offset / 7 - 1),
                                               offset / 7 * 7 - 1, &error);
              g_assert_no_error (error);
              assert_same_page (marked, expected);
            }
          if (previous != NULL && previous->len == PAGE)
            {
              followed = mamori_area_entries_at (store, &filters[k], offset, PAGE, total,
                                                 g_ptr_array_index (previous, PAGE - 1),
                                                 offset - 1, &error);
              g_assert_no_error (error);
              assert_same_page (followed, expected);
            }
          g_clear_pointer (&previous, g_ptr_array_unref);
          previous = g_ptr_array_ref (expected);
        }
      /* A short page near the end, and one that starts past it. */
      {
        g_autoptr(GPtrArray) expected = mamori_area_entries (store, &filters[k], total - 5, PAGE,
                                                             &error);
        g_autoptr(GPtrArray) jumped = mamori_area_entries_at (store, &filters[k], total - 5, PAGE,
                                                              total, NULL, 0, &error);
        g_autoptr(GPtrArray) none = mamori_area_entries_at (store, &filters[k], total + 1, PAGE,
                                                            total, NULL, 0, &error);

        g_assert_cmpuint (expected->len, ==, 5);
        assert_same_page (jumped, expected);
        g_assert_cmpuint (none->len, ==, 0);
      }
    }
  g_clear_object (&store);
  mt_tmpdir_free (g_steal_pointer (&dir));
}

/* Refreshing the defects of one entry reads that entry, not the area's whole log: every entry
 * recorded refreshes the one it wrote.  SQLite's progress handler counts the work (every 100
 * instructions); the area's 5,000 entries take hundreds of those, one entry a few. */
static void
test_refresh_one_entry (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  guint one = 0, all = 0;
  gint64 id;

  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                         "WHERE i < 5000) INSERT INTO area_entries (uuid, area_id, name, kind, "
                         "entered_at, left_at) SELECT printf ('00000000-0000-7000-8000-%%012d', "
                         "i), %" G_GINT64_FORMAT ", '山田 一郎', 'staff', '2026-06-01T09:00', "
                         "'2026-06-01T10:00' FROM n", f->top);
  mt_sqlite_exec (mamori_store_get_db (f->store), sql);
  id = mt_sqlite_int (mamori_store_get_db (f->store), "SELECT max (id) FROM area_entries");

  g_assert_true (mamori_store_begin (f->store, &error));
  mt_count_work_start (mamori_store_get_db (f->store), &one);
  g_assert_true (mamori_reconcile_refresh (f->store, f->top, id, &error));
  mt_count_work_start (mamori_store_get_db (f->store), &all);
  g_assert_true (mamori_reconcile_refresh (f->store, f->top, 0, &error));
  mt_count_work_stop (mamori_store_get_db (f->store));
  g_assert_no_error (error);
  g_assert_true (mamori_store_commit (f->store, &error));
  g_test_message ("one entry: %u × 100 instructions; the area's log: %u", one, all);
  g_assert_cmpuint (one, <, 10);
  g_assert_cmpuint (all, >, 100);
  /* They were written behind the audit log, for speed: gone again before the check of the
   * tear-down. */
  mt_sqlite_exec (mamori_store_get_db (f->store), "DELETE FROM area_entries WHERE uuid LIKE "
                                                  "'00000000-0000-7000-8000-%'");
}

int
main (int    argc,
      char **argv)
{
  mt_init (&argc, &argv);

  mt_add_func ("/area/time-parse", test_time_parse);
  MT_ADD ("/area/records", Fixture, fixture_set_up, test_area_records, fixture_tear_down);
  MT_ADD ("/area/keys/lend-return", Fixture, fixture_set_up, test_keys_lend_return,
          fixture_tear_down);
  MT_ADD ("/area/keys/rule", Fixture, fixture_set_up, test_keys_rule, fixture_tear_down);
  MT_ADD ("/area/undo-delete", Fixture, fixture_set_up, test_undo_delete, fixture_tear_down);
  MT_ADD ("/area/contractor-contract", Fixture, fixture_set_up, test_contractor_needs_contract,
          fixture_tear_down);
  MT_ADD ("/area/rule/clean", Fixture, fixture_set_up, test_clean_entry, fixture_tear_down);
  MT_ADD ("/area/rule/not-permitted", Fixture, fixture_set_up, test_rule_not_permitted,
          fixture_tear_down);
  MT_ADD ("/area/rule/permit-removed", Fixture, fixture_set_up, test_rule_permit_removed,
          fixture_tear_down);
  MT_ADD ("/area/rule/escort", Fixture, fixture_set_up, test_rule_escort, fixture_tear_down);
  MT_ADD ("/area/rule/no-exit", Fixture, fixture_set_up, test_rule_no_exit, fixture_tear_down);
  MT_ADD ("/area/record-exit", Fixture, fixture_set_up, test_record_exit, fixture_tear_down);
  MT_ADD ("/area/rule/incomplete", Fixture, fixture_set_up, test_rule_incomplete,
          fixture_tear_down);
  MT_ADD ("/area/rule/id-check", Fixture, fixture_set_up, test_rule_id_check, fixture_tear_down);
  MT_ADD ("/area/rule/unissued-media", Fixture, fixture_set_up, test_rule_unissued_media,
          fixture_tear_down);
  MT_ADD ("/area/rule/moves", Fixture, fixture_set_up, test_rule_moves, fixture_tear_down);
  MT_ADD ("/area/rule/standard", Fixture, fixture_set_up, test_rules_follow_standard,
          fixture_tear_down);
  MT_ADD ("/area/facts", Fixture, fixture_set_up, test_facts, fixture_tear_down);
  MT_ADD ("/area/filters", Fixture, fixture_set_up, test_filters, fixture_tear_down);
  MT_ADD ("/area/sample", Fixture, fixture_set_up, test_sample, fixture_tear_down);
  MT_ADD ("/area/import", Fixture, fixture_set_up, test_import, fixture_tear_down);
  MT_ADD ("/area/refresh-one-entry", Fixture, fixture_set_up, test_refresh_one_entry,
          fixture_tear_down);
  MT_ADD ("/area/import-refused", Fixture, fixture_set_up, test_import_refused,
          fixture_tear_down);
  MT_ADD ("/area/import-mapping", Fixture, fixture_set_up, test_import_mapping,
          fixture_tear_down);
  mt_add_func ("/area/demo", test_demo);
  mt_add_func ("/area/pages", test_pages);

  return g_test_run ();
}
